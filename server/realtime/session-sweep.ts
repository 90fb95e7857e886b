import { liveSessions } from '../auth/sessions.repository.ts';
import type { AppDeps } from '../context.ts';
import type { LiveServer } from './rooms.ts';

const SESSION_SWEEP_MS = 2_000;

/** Sessions end by logout, expiry or a disabled account: their sockets go within seconds, on every node. */
export function sweepEndedSessions({ db, config }: AppDeps, io: LiveServer, alsoEachSweep: () => void): () => void {
  const sweep = setInterval(() => {
    alsoEachSweep();
    const sockets = [...io.of('/').sockets.values()];
    if (!sockets.length) return;
    // One lookup per session, however many sockets (tabs) it has: Buffers are told apart by content here.
    const sessions = new Map(sockets.map((s) => [s.data.tokenHash.toString('hex'), s.data.tokenHash]));
    liveSessions(db, [...sessions.values()], config.session.idleMinutes)
      .then((live) => {
        for (const socket of sockets) if (!live.has(socket.data.tokenHash.toString('hex'))) socket.disconnect(true);
      })
      // Database unreachable: keep the sockets; the next sweep decides.
      .catch(() => {});
  }, SESSION_SWEEP_MS);
  return () => clearInterval(sweep);
}
