import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'hono/utils/cookie';
import { Server, type Socket } from 'socket.io';
import type { AppDeps } from '../app.ts';
import { originAllowed, sessionCookieName } from '../http/origin.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { findSessionUser, hashToken, liveSessions } from '../auth/sessions.repository.ts';
import { changeFor, changesAfter, countChangesAfter, latestSeq } from '../changes/changes.repository.ts';
import { PLACE_EVENTS_CHANNEL } from '../places/place-events.repository.ts';
import type { ClientToServerEvents, PlaceChange, ServerToClientEvents } from './contract.ts';
import { listen } from './listener.ts';

// Postgres is the bus (docs: architecture): committed events are read from the event table after
// a NOTIFY and emitted to this node's sockets. Any node sees every commit, whoever made it.

interface SocketData {
  user: SessionUser;
  tokenHash: Buffer;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** More missed changes than this and the client reloads a snapshot instead of a replay. */
export const REPLAY_LIMIT = 1_000;
const BATCH = 1_000;
const SESSION_SWEEP_MS = 2_000;
const SAFETY_POLL_MS = 10_000;

function roomsFor(user: SessionUser): string[] {
  if (user.role === 'admin' || user.role === 'crisis_worker') return ['full'];
  if (user.role === 'shelter_staff') return ['aggregate', `org:${user.organisationId}`];
  return ['aggregate'];
}

export interface RealtimeOptions {
  /** Connection string for the LISTEN connection (a pool cannot hold one). */
  databaseUrl: string;
}

export async function createRealtime({ db, config }: AppDeps, options: RealtimeOptions) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>({
    serveClient: false,
    // Browsers send the session cookie on the handshake; other origins are refused below.
    cors: { origin: false },
  });
  let cursor = await latestSeq(db);
  let pumping = false;
  let again = false;

  function emit(change: PlaceChange) {
    io.to('full').to(`org:${change.organisationId}`).emit('place:changed', change);
    const { seq, type, regionCode, kind, occurredAt } = change;
    io.to('aggregate').except(`org:${change.organisationId}`).emit('place:changed', { seq, type, regionCode, kind, occurredAt });
  }

  /** Reads everything committed after the cursor in batches; bursts of notifications coalesce. */
  async function pump() {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        let batch: PlaceChange[];
        do {
          batch = await changesAfter(db, cursor, BATCH);
          for (const change of batch) emit(change);
          if (batch.length) cursor = batch[batch.length - 1]!.seq;
        } while (batch.length === BATCH);
      } while (again);
    } catch {
      // The database is unreachable; the listener's reconnect or the safety poll pumps again.
    } finally {
      pumping = false;
    }
  }

  const listener = listen(options.databaseUrl, PLACE_EVENTS_CHANNEL, () => void pump(), () => void pump());
  const safetyPoll = setInterval(() => void pump(), SAFETY_POLL_MS);

  io.use(async (socket, next) => {
    const { headers } = socket.request;
    const origin = headers.origin;
    if (origin !== undefined && !originAllowed(origin, headers.host, config.allowedOrigins)) {
      return next(new Error('origin not allowed'));
    }
    const cookieName = sessionCookieName(headers.host);
    const token = parseCookie(headers.cookie ?? '', cookieName)[cookieName];
    if (!token) return next(new Error('not logged in'));
    const tokenHash = hashToken(token);
    try {
      const user = await findSessionUser(db, tokenHash, config.session.idleMinutes);
      if (!user) return next(new Error('not logged in'));
      socket.data = { user, tokenHash };
      next();
    } catch {
      next(new Error('service unavailable'));
    }
  });

  io.on('connection', (socket: LiveSocket) => {
    socket.join(roomsFor(socket.data.user));
    socket.on('sync:resume', async (lastSeq, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const latest = await latestSeq(db);
        if (lastSeq === null || !/^\d{1,19}$/.test(String(lastSeq))) return ack({ ok: true, data: { latestSeq: latest, reload: true, replayed: 0 } });
        if ((await countChangesAfter(db, lastSeq, REPLAY_LIMIT + 1)) > REPLAY_LIMIT) {
          return ack({ ok: true, data: { latestSeq: latest, reload: true, replayed: 0 } });
        }
        const missed = await changesAfter(db, lastSeq, REPLAY_LIMIT);
        for (const change of missed) socket.emit('place:changed', changeFor(socket.data.user, change));
        ack({ ok: true, data: { latestSeq: missed.at(-1)?.seq ?? lastSeq, reload: false, replayed: missed.length } });
      } catch {
        ack({ ok: false, error: 'service unavailable' });
      }
    });
  });

  // Sessions end by logout, expiry or a disabled account: their sockets go within seconds, on every node.
  const sweep = setInterval(async () => {
    const sockets = [...io.of('/').sockets.values()];
    try {
      const live = await liveSessions(db, [...new Set(sockets.map((s) => s.data.tokenHash))], config.session.idleMinutes);
      for (const socket of sockets) if (!live.has(socket.data.tokenHash.toString('hex'))) socket.disconnect(true);
    } catch {
      // Database unreachable: keep the sockets; the next sweep decides.
    }
  }, SESSION_SWEEP_MS);

  return {
    io,
    attach(server: HttpServer) {
      io.attach(server);
    },
    async close() {
      clearInterval(sweep);
      clearInterval(safetyPoll);
      await listener.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export type Realtime = Awaited<ReturnType<typeof createRealtime>>;
