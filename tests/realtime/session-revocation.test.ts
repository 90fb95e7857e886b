import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { type Client, clientWithCookie, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';
import { type LiveClient, liveClient } from '../helpers/live.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Sockets look their session up as HTTP requests do, through the few seconds' session cache
// (server/auth/session-cache.ts). The attack: a user whose session this node has just cached keeps
// their live socket, or opens a new one, after an admin has disabled them or they logged out.

vi.setConfig({ testTimeout: 60_000 });

const PASSWORD = 'a-long-test-password';
let server: TestServer;
let admin: Client;
let passwordHash: string;
const clients: LiveClient[] = [];

beforeAll(async () => {
  server = await startTestServer('demo');
  admin = await loginAs(overHttp(server.url), DEMO.admin);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
});

/** A new analyst logged in over HTTP, their session cached by a request, with an open socket. */
async function connectedUser() {
  const user = await insertUser(server.db, { role: 'analyst', passwordHash });
  const login = await fetch(`${server.url}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  expect(login.status).toBe(201);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const http = clientWithCookie(overHttp(server.url), cookie);
  expect((await http.get('/sessions/current')).status).toBe(200);
  const live = liveClient(server.url, cookie);
  clients.push(live);
  await live.connected();
  const dropped = new Promise<void>((resolve) => live.socket.on('disconnect', () => resolve()));
  return { user, cookie, http, live, dropped };
}

/** A fresh handshake with this cookie: connected, or the refusal the server gave. */
async function handshake(cookie: string): Promise<string> {
  const again = liveClient(server.url, cookie);
  clients.push(again);
  try {
    await again.connected();
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  } finally {
    again.close();
  }
}

describe('a socket whose session this node has cached', () => {
  it('is dropped when an admin disables the user, and cannot come back', async () => {
    const { user, cookie, http, dropped } = await connectedUser();
    expect((await admin.patch(`/users/${user.id}`, { disabled: true })).status).toBe(200);
    await dropped;
    expect((await http.get('/sessions/current')).status).toBe(401);
    expect(await handshake(cookie)).toBe('not logged in');
  });

  it('is dropped when its session logs out, and cannot come back', async () => {
    const { cookie, http, dropped } = await connectedUser();
    expect((await http.delete('/sessions/current')).status).toBe(204);
    await dropped;
    expect(await handshake(cookie)).toBe('not logged in');
  });

  it('stays while the session lives: the sweep and the handshake agree with HTTP', async () => {
    const { cookie, http, live } = await connectedUser();
    // Several sweeps (every 2 s) later, the socket is still there and a second one is let in.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(live.socket.connected).toBe(true);
    expect((await http.get('/sessions/current')).status).toBe(200);
    expect(await handshake(cookie)).toBe('connected');
  });
});
