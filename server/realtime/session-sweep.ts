import { onForget, peekSession } from '../auth/session-cache.ts';
import { liveSessions } from '../auth/sessions.repository.ts';
import type { AppDeps } from '../context.ts';
import type { LiveServer } from './rooms.ts';

const SESSION_SWEEP_MS = 2_000;

/**
 * Sessions end by logout, expiry or a disabled account: their sockets go. A socket stays as long as
 * an HTTP request with its cookie would pass: a session this node looked up in the last few seconds
 * (session-cache.ts) counts as live, the others are asked of the database, all in one query. What
 * this node ends (its forgets) is swept at once; what another node ends within the cache's bound.
 */
export function sweepEndedSessions({ db, config }: AppDeps, io: LiveServer, alsoEachSweep: () => void): () => void {
  let running = false;
  let again = false;
  const sweep = async () => {
    // A forget during a sweep may come after that sweep's query: sweep once more when it ends.
    if (running) return void (again = true);
    running = true;
    try {
      do {
        again = false;
        const sockets = [...io.of('/').sockets.values()];
        // One lookup per session, however many sockets (tabs) it has: Buffers are told apart by content here.
        const sessions = new Map(sockets.map((s) => [s.data.tokenHash.toString('hex'), s.data.tokenHash]));
        const cached = new Set([...sessions].filter(([, tokenHash]) => peekSession(tokenHash)).map(([hex]) => hex));
        const unknown = [...sessions].filter(([hex]) => !cached.has(hex)).map(([, tokenHash]) => tokenHash);
        const live = await liveSessions(db, unknown, config.session.idleMinutes);
        for (const socket of sockets) {
          const hex = socket.data.tokenHash.toString('hex');
          if (!cached.has(hex) && !live.has(hex)) socket.disconnect(true);
        }
      } while (again);
    } catch {
      // Database unreachable: keep the sockets; the next sweep decides.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => {
    alsoEachSweep();
    void sweep();
  }, SESSION_SWEEP_MS);
  const stopListening = onForget(() => void sweep());
  return () => {
    clearInterval(timer);
    stopListening();
  };
}
