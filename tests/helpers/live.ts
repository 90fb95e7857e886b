import { io, type Socket } from 'socket.io-client';

import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import type { Change, ClientToServerEvents, ResumeResult, ServerToClientEvents } from '../../server/realtime/contract.ts';
import { loginAs, overHttp } from './client.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Logs in over real HTTP and returns the session cookie. */
export async function loginCookie(baseUrl: string, email: string): Promise<string> {
  return (await loginAs(overHttp(baseUrl), email, DEMO_PASSWORD)).cookie!;
}

/** A real socket.io client that records every change it receives. */
export function liveClient(baseUrl: string, cookie: string | null, options: { autoConnect?: boolean } = {}) {
  const socket: LiveSocket = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: cookie ? { Cookie: cookie } : {},
    reconnection: false,
    autoConnect: options.autoConnect ?? true,
  });
  const received: Change[] = [];
  socket.on('place:changed', (change) => received.push(change));
  return {
    socket,
    received,
    connected: () =>
      new Promise<void>((resolve, reject) => {
        if (socket.connected) return resolve();
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
    resume: (lastSeq: string | null) =>
      new Promise<ResumeResult>((resolve, reject) =>
        socket.emit('sync:resume', lastSeq, (result) => (result.ok ? resolve(result.data) : reject(new Error(result.error)))),
      ),
    close: () => socket.disconnect(),
  };
}

export type LiveClient = ReturnType<typeof liveClient>;

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
