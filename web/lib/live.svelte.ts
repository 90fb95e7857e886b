import { io, type Socket } from 'socket.io-client';

import type { Change, ClientToServerEvents, PlaceChange, ServerToClientEvents } from '../../server/realtime/contract.ts';

/** A change with the place's details (the reader may see that place), not only region figures. */
export function isPlaceChange(change: Change): change is PlaceChange {
  return 'placeId' in change;
}

export type ConnectionState = 'connecting' | 'online' | 'offline';
/**
 * A change (for readers of single changes), a reload, for analysts only: some figures may have moved,
 * or the server answers again after an outage (pages drop errors left from it and load afresh).
 */
type LiveEvent = { change: Change } | { reload: true } | { figures: true } | { recovered: true };
type Listener = (event: LiveEvent) => void;

// A refused sync:resume (the server limits them per session) is asked again after this long.
const RESUME_RETRY_MS = 10_000;

/**
 * The one owner of the dashboard's socket. It remembers the last sequence number applied and
 * sends it on every (re)connect, so the server replays what was missed or says to reload.
 */
class Live {
  state = $state<ConnectionState>('offline');
  /** A request got no answer at all; until one does (or the socket is back) the page is not live, whatever the socket says. */
  lost = $state(false);
  // The socket dropped since it was last in sync: its next sync is a recovery.
  private dropped = false;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private lastSeq: string | null = null;
  private listeners = new Set<Listener>();
  private retry: ReturnType<typeof setTimeout> | undefined;
  private onRefused: () => void = () => {};

  /** Called when the server closes the socket or refuses it: the session may have ended. */
  whenRefused(handler: () => void) {
    this.onRefused = handler;
  }

  start() {
    if (this.socket) return;
    this.state = 'connecting';
    this.socket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 5_000 });
    this.socket.on('connect', () => this.resume());
    this.socket.on('disconnect', (reason) => {
      this.state = 'connecting';
      this.dropped = true;
      // The server closes the sockets of an ended session (logout, expiry, a disabled account).
      if (reason === 'io server disconnect') this.onRefused();
    });
    this.socket.on('connect_error', (error) => {
      this.state = 'offline';
      this.dropped = true;
      if (error.message === 'not logged in') this.onRefused();
    });
    this.socket.io.on('reconnect_attempt', () => (this.state = 'connecting'));
    this.socket.on('place:changed', (change) => {
      if (this.lastSeq === null || BigInt(change.seq) > BigInt(this.lastSeq)) this.lastSeq = change.seq;
      this.emit({ change });
    });
    this.socket.on('figures:changed', () => this.emit({ figures: true }));
  }

  stop() {
    clearTimeout(this.retry);
    this.socket?.disconnect();
    this.socket = null;
    this.lastSeq = null;
    this.state = 'offline';
    this.lost = false;
    this.dropped = false;
  }

  /** The one connection state the interface shows: a request without an answer outweighs a socket that seems up. */
  get shown(): ConnectionState {
    return this.lost ? 'offline' : this.state;
  }

  /** Told by the API client after every request: whether the server answered at all. */
  answered(reached: boolean) {
    if (reached === !this.lost) return;
    this.lost = !reached;
    if (reached) this.emit({ recovered: true });
  }

  /** Runs handler each time the server answers again after an outage; returns the function that stops it. */
  onRecovered(handler: () => void): () => void {
    return this.subscribe((event) => {
      if ('recovered' in event) handler();
    });
  }

  /** Listen to changes; returns the function that stops listening. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private resume() {
    clearTimeout(this.retry);
    this.socket?.emit('sync:resume', this.lastSeq, (result) => {
      if (!result.ok) {
        this.retry = setTimeout(() => this.resume(), RESUME_RETRY_MS);
        return;
      }
      this.state = 'online';
      const recovered = this.dropped || this.lost;
      this.dropped = false;
      this.lost = false;
      // A first connect, or too much missed: pages reload their snapshot, then follow from here.
      // Analysts get no sequence number (they follow figures only) and reload on every reconnect.
      if (result.data.reload) this.emit({ reload: true });
      this.lastSeq = result.data.latestSeq;
      if (recovered) this.emit({ recovered: true });
    });
  }

  private emit(event: LiveEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

export const live = new Live();
