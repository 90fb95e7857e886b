import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { forgetUserSessions } from '../../server/auth/session-cache.ts';
import { trustedProxies } from '../../server/http/client-address.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs } from '../helpers/client.ts';
import { insertBed, insertUser } from '../helpers/factories.ts';

// Sessions as the security conventions ask: server-side, only the token's hash stored, HttpOnly + SameSite=Lax
// cookie (Secure outside localhost), idle and absolute timeouts, rate-limited login, JSON-only bodies
// and an Origin check on state-changing requests.

const LIMITS = { perAccount: 3, perIp: 6 };
const PASSWORD = 'a-long-test-password';

let t: TestApp;
let admin: Client;
let passwordHash: string;

beforeAll(async () => {
  // Behind a trusted proxy, so each test can come from an address of its own (X-Forwarded-For).
  t = await createTestApp('demo', { loginLimits: LIMITS, trustProxy: trustedProxies('127.0.0.1'), allowedOrigins: ['https://partner.example'] });
  admin = await loginAs(t.app, DEMO.admin);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => t.drop());

let nextIp = 1;
/** An address no other test uses, so the per-address limit of one test does not touch another. */
const freshIp = () => `198.51.100.${nextIp++}`;

function login(email: string, password: string, headers: Record<string, string> = {}) {
  return t.app.request('/api/v1/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': freshIp(), ...headers },
    body: JSON.stringify({ email, password }),
  });
}

const newUser = () => insertUser(t.db, { role: 'crisis_worker', passwordHash });
const tokenOf = (response: Response) => /noodbed_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
const clientOf = (response: Response) => clientWithCookie(t.app, `noodbed_session=${tokenOf(response)}`);

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Lax cookie, not Secure on localhost', async () => {
    for (const host of ['localhost:3000', '127.0.0.1:5173', '[::1]:3000']) {
      const response = await login(DEMO.crisis, DEMO_PASSWORD, { Host: host });
      expect(response.status).toBe(201);
      const cookie = response.headers.get('set-cookie')!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Secure/i);
    }
  });

  it('marks the cookie Secure when the request is for any other host', async () => {
    for (const host of ['noodbed.nl', 'noodbed.example.nl:443', 'localhost.evil.example']) {
      const response = await login(DEMO.crisis, DEMO_PASSWORD, { Host: host });
      expect(response.status).toBe(201);
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    }
  });

  it('stores only the hash of a 256-bit token, never the token', async () => {
    const user = await newUser();
    const token = tokenOf(await login(user.email, PASSWORD));
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    const everySession = JSON.stringify(await sql`SELECT s.*, encode(token_hash, 'escape') AS raw FROM sessions s`.execute(t.db));
    expect(everySession).not.toContain(token);
  });

  it('says the same for a wrong password and for an unknown account, as problem+json', async () => {
    const user = await newUser();
    const wrongPassword = await login(user.email, 'not-the-password');
    const unknownAccount = await login('nobody-here@test.noodbed.nl', PASSWORD);
    expect([wrongPassword.status, unknownAccount.status]).toEqual([401, 401]);
    const [a, b] = [await problemOf(wrongPassword), await problemOf(unknownAccount)];
    expect({ title: a.title, detail: a.detail }).toEqual({ title: b.title, detail: b.detail });
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('GET /sessions/current returns the user, without any password hash', async () => {
    const user = await newUser();
    const { organisation_id: team } = await t.db.selectFrom('users').select('organisation_id').where('id', '=', user.id).executeTakeFirstOrThrow();
    const response = await clientOf(await login(user.email, PASSWORD)).get('/sessions/current');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      user: { id: user.id, email: user.email, name: 'Test user', role: 'crisis_worker', organisationId: team },
      stage: 'complete',
      factors: [],
    });
    expect(text).not.toMatch(/password|argon2/i);
  });
});

describe('login rate limit', () => {
  it('refuses an account after too many failures, from whatever address, with 429 and Retry-After', async () => {
    const user = await newUser();
    for (let i = 0; i < LIMITS.perAccount; i++) expect((await login(user.email, 'wrong')).status).toBe(401);
    // Even the right password, from yet another address: the account is what is being guessed.
    const refused = await login(user.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect((await problemOf(refused)).status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are not affected.
    expect((await login((await newUser()).email, PASSWORD)).status).toBe(201);
  });

  it('refuses an address after too many failures, whichever accounts it tries', async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMITS.perIp; i++) expect((await login(`guess-${i}@test.noodbed.nl`, 'wrong', { 'X-Forwarded-For': ip })).status).toBe(401);
    const refused = await login((await newUser()).email, PASSWORD, { 'X-Forwarded-For': ip });
    expect(refused.status).toBe(429);
    expect(await problemOf(refused)).toMatchObject({ status: 429, title: 'Too many attempts' });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await login((await newUser()).email, PASSWORD)).status).toBe(201);
  });

  it('counts the address the trusted proxy saw, not the ones a client puts before it', async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMITS.perIp; i++) {
      expect((await login(`spoof-${i}@test.noodbed.nl`, 'wrong', { 'X-Forwarded-For': `10.0.0.${i}, ${ip}` })).status).toBe(401);
    }
    expect((await login((await newUser()).email, PASSWORD, { 'X-Forwarded-For': `10.0.0.99, ${ip}` })).status).toBe(429);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted, so the header does not dodge the limit', async () => {
    const direct = await createTestApp('demo', { loginLimits: { perAccount: 100, perIp: 2 }, trustProxy: trustedProxies('') });
    try {
      const attempt = (email: string, password: string, i: number) =>
        direct.app.request('/api/v1/sessions', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `203.0.113.${i}` },
          body: JSON.stringify({ email, password }),
        });
      expect((await attempt('a@test.noodbed.nl', 'wrong', 1)).status).toBe(401);
      expect((await attempt('b@test.noodbed.nl', 'wrong', 2)).status).toBe(401);
      expect((await attempt(DEMO.crisis, DEMO_PASSWORD, 3)).status).toBe(429);
    } finally {
      await direct.drop();
    }
  });
});

describe('a session ends', () => {
  async function loggedIn() {
    const user = await newUser();
    const client = clientOf(await login(user.email, PASSWORD));
    expect((await client.get('/sessions/current')).status).toBe(200);
    return { user, client };
  }
  // Minutes pass in the database; the server's few seconds of cached sessions pass with them.
  const setSession = async (userId: string, column: 'last_seen_at' | 'expires_at', minutesAgo: number) => {
    await t.db
      .updateTable('sessions')
      .set({ [column]: sql`now() - make_interval(mins => ${minutesAgo})` })
      .where('user_id', '=', userId)
      .execute();
    forgetUserSessions(userId);
  };

  it('after the idle timeout, and a request inside it keeps the session alive', async () => {
    const idle = t.config.session.idleMinutes;
    const active = await loggedIn();
    await setSession(active.user.id, 'last_seen_at', idle - 2);
    expect((await active.client.get('/sessions/current')).status).toBe(200);
    const { last_seen_at } = await t.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', active.user.id).executeTakeFirstOrThrow();
    // The request moved last_seen_at up to now (well, within the last few minutes on a slow machine).
    expect(last_seen_at.getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);

    const idled = await loggedIn();
    await setSession(idled.user.id, 'last_seen_at', idle + 1);
    expect((await problemOf(await idled.client.get('/sessions/current'))).status).toBe(401);
  });

  it('at the absolute timeout, however active it is', async () => {
    const { user, client } = await loggedIn();
    const { created_at, expires_at } = await t.db
      .selectFrom('sessions')
      .select(['created_at', 'expires_at'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(Math.abs(expires_at.getTime() - created_at.getTime() - t.config.session.absoluteHours * 3_600_000)).toBeLessThan(60_000);
    await setSession(user.id, 'expires_at', 1);
    expect((await client.get('/sessions/current')).status).toBe(401);
  });

  it('on DELETE /sessions/current: the cookie is cleared and the token no longer works', async () => {
    const { user, client } = await loggedIn();
    const response = await client.delete('/sessions/current');
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/noodbed_session=;.*Max-Age=0/);
    expect(await t.db.selectFrom('sessions').select('user_id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await client.get('/sessions/current')).status).toBe(401);
    expect((await client.delete('/sessions/current')).status).toBe(401);
  });

  it('at once for every session of a user an admin disables, who then cannot log in', async () => {
    const { user, client } = await loggedIn();
    const second = clientOf(await login(user.email, PASSWORD));
    expect((await admin.patch(`/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect((await client.get('/sessions/current')).status).toBe(401);
    expect((await second.get('/places')).status).toBe(401);
    const again = await login(user.email, PASSWORD);
    expect(again.status).toBe(401);
    expect((await problemOf(again)).title).toBe('Login failed');
  });
});

describe('state-changing requests', () => {
  let staff: Client;
  let locationId: string;
  beforeAll(async () => {
    staff = await loginAs(t.app, DEMO.shelter);
    const row = await t.db
      .selectFrom('users')
      .innerJoin('locations', 'locations.organisation_id', 'users.organisation_id')
      .select('locations.id')
      .where('users.email', '=', DEMO.shelter)
      .executeTakeFirstOrThrow();
    locationId = row.id;
  });

  async function statusChange(headers: Record<string, string>) {
    const place = await insertBed(t.db, locationId);
    // For the host noodbed.nl (HTTPS), the session cookie is the __Host- one.
    const httpsStaff = clientWithCookie(t.app, staff.cookie!.replace(/^noodbed_session=/, '__Host-noodbed_session='));
    return httpsStaff.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' }, { Host: 'noodbed.nl', ...headers });
  }

  it('from a foreign Origin are refused with 403, and audited', async () => {
    for (const origin of ['https://evil.example', 'https://noodbed.nl.evil.example', 'https://evil.example:443', 'null', 'not a url']) {
      const response = await statusChange({ Origin: origin });
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
      expect((await problemOf(response)).detail).toMatch(/another origin/);
    }
    const refused = await login(DEMO.crisis, DEMO_PASSWORD, { Host: 'noodbed.nl', Origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    const logout = await staff.request('/sessions/current', { method: 'DELETE', headers: { Host: 'noodbed.nl', Origin: 'https://evil.example' } });
    expect(logout.status).toBe(403);
    const audited = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'access.refused')
      .where(sql<boolean>`detail->>'method' = 'DELETE'`)
      .where(sql<boolean>`detail->>'path' = '/api/v1/sessions/current'`)
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('from the own origin, a configured one, or a client that sends no Origin pass', async () => {
    for (const headers of [{ Origin: 'https://noodbed.nl' }, { Origin: 'https://partner.example' }, {}] as Array<Record<string, string>>) {
      expect((await statusChange(headers)).status).toBe(200);
    }
    // Reads are not state-changing; the browser's CORS rules keep their answers from foreign pages.
    expect((await staff.request('/sessions/current', { headers: { Origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('with a body that is not JSON are refused with 415 problem+json', async () => {
    const place = await insertBed(t.db, locationId);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', null]) {
      const headers: Record<string, string> = type ? { 'Content-Type': type } : {};
      const body = type === 'application/x-www-form-urlencoded' ? 'status=occupied&version=1' : JSON.stringify({ version: place.version, status: 'occupied' });
      const response = await staff.request(`/places/${place.id}`, { method: 'PATCH', headers, body });
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
      expect((await problemOf(response)).status).toBe(415);
    }
    const loginAsForm = await t.app.request('/api/v1/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ email: DEMO.crisis, password: DEMO_PASSWORD }),
    });
    expect(loginAsForm.status).toBe(415);
    // JSON with a charset is still JSON.
    const place2 = await insertBed(t.db, locationId);
    const withCharset = await staff.request(`/places/${place2.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ version: place2.version, status: 'occupied' }),
    });
    expect(withCharset.status).toBe(200);
  });
});
