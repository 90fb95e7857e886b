import { io, type Socket } from 'socket.io-client';
import type { Change, ClientToServerEvents, PlaceChange, ServerToClientEvents } from '../../server/realtime/contract.ts';

/** A change with the place's details (the reader may see that place), not only region figures. */
export function isPlaceChange(change: Change): change is PlaceChange {
  return 'placeId' in change;
}

export type ConnectionState = 'connecting' | 'online' | 'offline';
type Listener = (event: { change: Change } | { reload: true }) => void;

/**
 * The one owner of the dashboard's socket. It remembers the last sequence number applied and
 * sends it on every (re)connect, so the server replays what was missed or says to reload.
 */
class Live {
  state = $state<ConnectionState>('offline');
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private lastSeq: string | null = null;
  private listeners = new Set<Listener>();
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
      // The server closes the sockets of an ended session (logout, expiry, a disabled account).
      if (reason === 'io server disconnect') this.onRefused();
    });
    this.socket.on('connect_error', (error) => {
      this.state = 'offline';
      if (error.message === 'not logged in') this.onRefused();
    });
    this.socket.io.on('reconnect_attempt', () => (this.state = 'connecting'));
    this.socket.on('place:changed', (change) => {
      if (this.lastSeq === null || BigInt(change.seq) > BigInt(this.lastSeq)) this.lastSeq = change.seq;
      this.emit({ change });
    });
  }

  stop() {
    this.socket?.disconnect();
    this.socket = null;
    this.lastSeq = null;
    this.state = 'offline';
  }

  /** Listen to changes; returns the function that stops listening. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private resume() {
    this.socket?.emit('sync:resume', this.lastSeq, (result) => {
      if (!result.ok) return;
      this.state = 'online';
      // A first connect, or too much missed: pages reload their snapshot, then follow from here.
      if (result.data.reload) this.emit({ reload: true });
      this.lastSeq = result.data.latestSeq;
    });
  }

  private emit(event: Parameters<Listener>[0]) {
    for (const listener of this.listeners) listener(event);
  }
}

export const live = new Live();
