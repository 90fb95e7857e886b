import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { cachedSession, forgetSession, forgetUserSessions, type FoundSession, SESSION_CACHE_MS } from '../../server/auth/session-cache.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs } from '../helpers/client.ts';
import { insertUser, testName } from '../helpers/factories.ts';

// The few seconds' cache of live sessions (server/auth/session-cache.ts): what this node changes is
// seen at once; what changes behind its back (another node, a script) within SESSION_CACHE_MS.

const PASSWORD = 'a-long-test-password';
let t: TestApp;
let admin: Client;
let passwordHash: string;

beforeAll(async () => {
  t = await createTestApp('demo');
  admin = await loginAs(t.app, DEMO.admin);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => t.drop());

/** A new user's session, used once so that it is in the cache. */
async function cachedUser() {
  const user = await insertUser(t.db, { role: 'analyst', passwordHash });
  const response = await t.app.request('/api/v1/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  expect(response.status).toBe(201);
  const client = clientWithCookie(t.app, /noodbed_session=[^;]+/.exec(response.headers.get('set-cookie')!)![0]);
  const nameNow = async () => {
    const current = await client.get('/sessions/current');
    return current.status === 200 ? ((await current.json()) as { user: { name: string } }).user.name : current.status;
  };
  expect(await nameNow()).toBe('Test user');
  return { user, client, nameNow };
}

describe('a cached session on this node', () => {
  it('shows an admin’s change of the user at once', async () => {
    const { user, nameNow } = await cachedUser();
    const name = `Nieuwe ${testName()}`;
    expect((await admin.patch(`/users/${user.id}`, { name })).status).toBe(200);
    expect(await nameNow()).toBe(name);
  });

  it('is refused at once when an admin disables the user or resets their factors', async () => {
    const disabled = await cachedUser();
    expect((await admin.patch(`/users/${disabled.user.id}`, { disabled: true })).status).toBe(200);
    expect(await disabled.nameNow()).toBe(401);

    const reset = await cachedUser();
    expect((await admin.delete(`/users/${reset.user.id}/factors`)).status).toBe(200);
    expect(await reset.nameNow()).toBe(401);
  });

  it('is refused at once after logging out', async () => {
    const { client, nameNow } = await cachedUser();
    expect((await client.delete('/sessions/current')).status).toBe(204);
    expect(await nameNow()).toBe(401);
  });
});

describe('a change made behind this node’s back (another node, a script)', () => {
  it(`is seen within SESSION_CACHE_MS (${SESSION_CACHE_MS} ms)`, async () => {
    const { user, nameNow } = await cachedUser();
    const changed = Date.now();
    await t.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    let status = await nameNow();
    while (status !== 401 && Date.now() - changed < SESSION_CACHE_MS + 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await nameNow();
    }
    expect(status).toBe(401);
    // The bound, with room for a slow machine between the update and the first request after it.
    expect(Date.now() - changed).toBeLessThan(SESSION_CACHE_MS + 5_000);
  });
});

describe('the cache itself', () => {
  const session = (userId: string): FoundSession => ({
    user: { id: userId, email: 'x@test.noodbed.nl', name: 'X', role: 'analyst', organisationId: null, region: null },
    factorPending: false,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  const counting = (found: FoundSession | undefined) => {
    const lookup = async () => {
      lookup.calls++;
      return found;
    };
    lookup.calls = 0;
    return lookup;
  };

  it('asks the database every time for an unknown or dead token (nothing to fill it with)', async () => {
    const token = randomBytes(32);
    const lookup = counting(undefined);
    for (let i = 0; i < 3; i++) expect(await cachedSession(token, lookup)).toBeUndefined();
    expect(lookup.calls).toBe(3);
  });

  it('answers a live token from memory until it is forgotten, by token or by user', async () => {
    const token = randomBytes(32);
    const lookup = counting(session('u1'));
    await cachedSession(token, lookup);
    await cachedSession(token, lookup);
    expect(lookup.calls).toBe(1);
    forgetSession(token);
    await cachedSession(token, lookup);
    expect(lookup.calls).toBe(2);
    forgetUserSessions('u1');
    await cachedSession(token, lookup);
    expect(lookup.calls).toBe(3);
  });

  it('does not keep a lookup that was under way when something was forgotten: it may have read the old state', async () => {
    const token = randomBytes(32);
    let answer!: (found: FoundSession) => void;
    const slow = cachedSession(token, () => new Promise<FoundSession>((resolve) => (answer = resolve)));
    forgetUserSessions('u2');
    answer(session('u2'));
    expect(await slow).toBeDefined();
    const lookup = counting(session('u2'));
    await cachedSession(token, lookup);
    expect(lookup.calls).toBe(1);
  });

  it('asks the database once for a burst of requests with one cookie, not once each', async () => {
    const token = randomBytes(32);
    const answers: Array<(found: FoundSession) => void> = [];
    const slow = () => new Promise<FoundSession>((resolve) => answers.push(resolve));
    const burst = Array.from({ length: 50 }, () => cachedSession(token, slow));
    for (const answer of answers) answer(session('u4'));
    const found = await Promise.all(burst);
    expect(answers).toHaveLength(1);
    expect(found.every((f) => f?.user.id === 'u4')).toBe(true);
  });

  it('does not let a request join a lookup that started before something was forgotten', async () => {
    const token = randomBytes(32);
    let answerOld!: (found: FoundSession) => void;
    const old = cachedSession(token, () => new Promise<FoundSession>((resolve) => (answerOld = resolve)));
    forgetUserSessions('u5');
    const lookup = counting({ ...session('u5'), factorPending: true });
    const fresh = cachedSession(token, lookup);
    answerOld(session('u5'));
    expect((await old)!.factorPending).toBe(false);
    expect(lookup.calls).toBe(1);
    expect((await fresh)!.factorPending).toBe(true);
  });

  it('never answers past the session’s absolute expiry', async () => {
    const token = randomBytes(32);
    const lookup = counting({ ...session('u3'), expiresAt: new Date(Date.now() - 1) });
    await cachedSession(token, lookup);
    await cachedSession(token, lookup);
    expect(lookup.calls).toBe(2);
  });
});
