import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { loadConfig } from '../../server/config.ts';
import { clientIp, trustedProxies } from '../../server/http/client-address.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { clientWithCookie, DEMO } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 12, small items: the __Host- cookie over HTTPS, the whole origin compared (Origin: null
// refused), and X-Forwarded-For believed only from the proxies TRUST_PROXY lists.

const HTTPS_HOST = 'noodbed.example.nl';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('demo', { allowedOrigins: loadConfig({ ALLOWED_ORIGINS: 'https://Partner.example/' }).allowedOrigins });
});
afterAll(() => t.drop());

function login(host: string, origin?: string) {
  return t.app.request('/api/v1/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Host: host, ...(origin ? { Origin: origin } : {}) },
    body: JSON.stringify({ email: DEMO.crisis, password: DEMO_PASSWORD }),
  });
}
const cookieOf = (response: Response) => response.headers.get('set-cookie')!;
const pairOf = (response: Response) => cookieOf(response).split(';')[0]!;

describe('the session cookie', () => {
  it('is __Host-noodbed_session over HTTPS: Secure, Path=/, no Domain', async () => {
    const response = await login(HTTPS_HOST);
    expect(response.status).toBe(201);
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/^__Host-noodbed_session=[^;]+;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const client = clientWithCookie(t.app, pairOf(response));
    expect((await client.request('/sessions/current', { headers: { Host: HTTPS_HOST } })).status).toBe(200);
  });

  it('keeps its plain name on http://localhost, where it still works', async () => {
    const response = await login('localhost:3000');
    expect(cookieOf(response)).toMatch(/^noodbed_session=[^;]+;/);
    expect(cookieOf(response)).not.toMatch(/Secure/);
    const client = clientWithCookie(t.app, pairOf(response));
    expect((await client.request('/sessions/current', { headers: { Host: 'localhost:3000' } })).status).toBe(200);
  });

  it('under the plain name is no session over HTTPS (a planted cookie does not log anyone in)', async () => {
    const token = pairOf(await login(HTTPS_HOST)).split('=')[1]!;
    const planted = clientWithCookie(t.app, `noodbed_session=${token}`);
    expect((await problemOf(await planted.request('/sessions/current', { headers: { Host: HTTPS_HOST } }))).status).toBe(401);
  });

  it('is cleared under its own name on logout', async () => {
    const client = clientWithCookie(t.app, pairOf(await login(HTTPS_HOST)));
    const response = await client.request('/sessions/current', { method: 'DELETE', headers: { Host: HTTPS_HOST, Origin: `https://${HTTPS_HOST}` } });
    expect(response.status).toBe(204);
    expect(cookieOf(response)).toMatch(/^__Host-noodbed_session=;.*Max-Age=0.*; Secure/);
  });
});

describe('the Origin check on state-changing requests', () => {
  it.each([
    ['null', HTTPS_HOST],
    [`http://${HTTPS_HOST}`, HTTPS_HOST], // the scheme differs
    [`https://${HTTPS_HOST}:8443`, HTTPS_HOST], // the port differs
    [`https://${HTTPS_HOST}.evil.example`, HTTPS_HOST],
    ['https://evil.example', HTTPS_HOST],
    ['https://localhost:3000', 'localhost:3000'], // localhost is served over http
    ['http://localhost:3001', 'localhost:3000'],
    ['https://partner.example:8443', HTTPS_HOST],
    ['http://partner.example', HTTPS_HOST],
    ['', HTTPS_HOST],
  ])('refuses Origin %j for host %s', async (origin, host) => {
    const response = await t.app.request('/api/v1/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Host: host, Origin: origin },
      body: JSON.stringify({ email: DEMO.crisis, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toMatch(/another origin/);
  });

  it.each([
    [`https://${HTTPS_HOST}`, HTTPS_HOST],
    [`https://${HTTPS_HOST.toUpperCase()}`, HTTPS_HOST],
    [`https://${HTTPS_HOST}:443`, HTTPS_HOST], // the default port is the same origin
    ['http://localhost:3000', 'localhost:3000'],
    ['https://partner.example', HTTPS_HOST], // configured as https://Partner.example/
  ])('lets Origin %s pass for host %s', async (origin, host) => {
    expect((await login(host, origin)).status).toBe(201);
  });
});

describe('TRUST_PROXY', () => {
  it('takes addresses and CIDR ranges, and refuses true or anything that is no address', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,fd00::/8' }).trustProxy.entries).toEqual(['10.0.0.5', '192.168.0.0/16', 'fd00::/8']);
    expect(loadConfig({}).trustProxy.entries).toEqual([]);
    for (const bad of ['true', 'false', 'proxy.internal', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'not an origin' })).toThrow(/ALLOWED_ORIGINS/);
  });

  describe('over real HTTP', () => {
    // The peer of these requests is 127.0.0.1; clientIp is what login rate limiting counts.
    async function addressSeen(trust: string, forwardedFor?: string): Promise<string> {
      const app = new Hono().get('/', (c) => c.text(clientIp(c, trustedProxies(trust))));
      const server = await new Promise<ReturnType<typeof serve>>((done) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
      });
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/`, { headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} });
        return await response.text();
      } finally {
        await new Promise((done) => server.close(done));
      }
    }

    it('ignores X-Forwarded-For from a peer that is not a listed proxy', async () => {
      expect(await addressSeen('', '203.0.113.7')).toBe('127.0.0.1');
      expect(await addressSeen('10.0.0.0/8', '203.0.113.7')).toBe('127.0.0.1');
      expect(await addressSeen('127.0.0.2', '203.0.113.7')).toBe('127.0.0.1');
    });

    it('believes a listed proxy (address or range) for the address it appended, not what the client put before it', async () => {
      expect(await addressSeen('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
      expect(await addressSeen('127.0.0.0/8', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
      expect(await addressSeen('127.0.0.1', 'made-up, 203.0.113.7')).toBe('203.0.113.7');
    });

    it('walks back through a chain of listed proxies to the first address that is not one', async () => {
      expect(await addressSeen('127.0.0.1, 10.0.0.0/8', '198.51.100.1, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
      // Only proxies: the leftmost is the best there is.
      expect(await addressSeen('127.0.0.1, 10.0.0.0/8', '10.9.9.9, 10.1.2.3')).toBe('10.9.9.9');
      // Garbage where a proxy's entry should be: stop at the last proxy that is believed.
      expect(await addressSeen('127.0.0.1', 'not-an-ip')).toBe('127.0.0.1');
    });
  });
});

describe('the socket handshake', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('demo');
  });
  afterAll(() => server.stop());

  it.each(['null', 'https://evil.example', 'not a url'])('refuses Origin %j, and the server keeps answering', async (origin) => {
    const socket = io(server.url, { transports: ['websocket'], extraHeaders: { Origin: origin }, reconnection: false });
    try {
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toBe('origin not allowed');
    } finally {
      socket.disconnect();
    }
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });
});
