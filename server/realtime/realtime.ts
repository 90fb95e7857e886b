import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

import { latestSeq } from '../changes/changes.repository.ts';
import type { AppDeps } from '../context.ts';
import { PLACE_EVENTS_CHANNEL } from '../places/place-events.repository.ts';
import { onEvent } from './events.ts';
import { figuresSignal } from './figures-signal.ts';
import { authenticateHandshake } from './handshake.ts';
import { listen } from './listener.ts';
import { createPump } from './pump.ts';
import { tokenBuckets } from './rate-limit.ts';
import { resume, resumeArgs } from './resume.ts';
import { deliver, type LiveServer, type LiveSocket, roomOf } from './rooms.ts';
import { sweepEndedSessions } from './session-sweep.ts';

// Postgres is the bus (docs: architecture): committed events are read from the event table after
// a NOTIFY and emitted to this node's sockets. Any node sees every commit, whoever made it.
// This module only wires the parts together; who receives what is server/policy/audience.ts.

const SAFETY_POLL_MS = 10_000;
// Clients send only sync:resume with one sequence number; nothing near this size is legitimate.
const MAX_MESSAGE_BYTES = 16 * 1024;

interface RealtimeOptions {
  /** Connection string for the LISTEN connection (a pool cannot hold one). */
  databaseUrl: string;
}

export async function createRealtime(deps: AppDeps, options: RealtimeOptions) {
  const { db, config } = deps;
  const io: LiveServer = new Server({
    serveClient: false,
    // Browsers send the session cookie on the handshake; other origins are refused below.
    cors: { origin: false },
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
  });

  const figures = figuresSignal(io, config.live.figuresSeconds);
  const pump = createPump(db, await latestSeq(db), (batch) => {
    for (const change of batch) deliver(io, change);
    figures.moved();
  });
  const listener = listen(options.databaseUrl, PLACE_EVENTS_CHANNEL, pump, pump);
  const safetyPoll = setInterval(pump, SAFETY_POLL_MS);

  const socketsOfSession = (tokenHash: Buffer) => {
    let count = 0;
    for (const socket of io.of('/').sockets.values()) if (socket.data.tokenHash.equals(tokenHash)) count++;
    return count;
  };
  // A replay may send up to REPLAY_LIMIT changes: calls are limited per session, so reconnecting does not refill them.
  const resumes = tokenBuckets({ capacity: config.live.resumeBurst, refillMs: config.live.resumeRefillSeconds * 1000 });

  io.use((socket, next) => {
    authenticateHandshake(deps, socket.request, socketsOfSession)
      .then((handshake) => {
        if (!handshake.ok) return next(new Error(handshake.refusal));
        socket.data = { user: handshake.user, tokenHash: handshake.tokenHash };
        next();
      })
      // The handshake itself never rejects; should joining the rooms ever throw, the socket goes, not the process.
      .catch(() => socket.disconnect(true));
  });

  io.on('connection', (socket: LiveSocket) => {
    // Handshakes of one session racing past the check above are counted here, one at a time.
    if (socketsOfSession(socket.data.tokenHash) > config.live.maxSocketsPerSession) return void socket.disconnect(true);
    socket.join(roomOf(socket.data.user));
    onEvent(socket, 'sync:resume', resumeArgs, async ([lastSeq]) => {
      if (!resumes.take(socket.data.tokenHash.toString('hex'))) {
        return {
          ok: false,
          error: `too many sync:resume calls: at most ${config.live.resumeBurst} at once, then one per ${config.live.resumeRefillSeconds} s`,
        };
      }
      return resume(db, socket.data, lastSeq, (change) => socket.emit('place:changed', change));
    });
  });

  const stopSweep = sweepEndedSessions(deps, io, () => resumes.prune());

  return {
    io,
    attach(server: HttpServer) {
      io.attach(server);
    },
    async close() {
      stopSweep();
      figures.stop();
      clearInterval(safetyPoll);
      await listener.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
