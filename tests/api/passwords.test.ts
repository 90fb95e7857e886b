import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';

// Users change their own password; an admin issues a one-time set-password link whose token is
// stored only as a hash, expires, and works once.

const PASSWORD = 'a-long-test-password';
const NEW_PASSWORD = 'paard-batterij-nietje-correct';

let t: TestApp;
let admin: Client;
let anonymous: Client;
let passwordHash: string;

beforeAll(async () => {
  t = await createTestApp('demo');
  admin = await loginAs(t.app, DEMO.admin);
  anonymous = clientWithCookie(t.app, null);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => t.drop());

const newAnalyst = () => insertUser(t.db, { role: 'analyst', passwordHash });
const canLogIn = async (email: string, password: string) => (await anonymous.post('/sessions', { email, password })).status === 201;

describe("changing one's own password", () => {
  it('needs the current password, refuses a weak new one, and ends the other sessions', async () => {
    const user = await newAnalyst();
    const [mine, other] = [await loginAs(t.app, user.email, PASSWORD), await loginAs(t.app, user.email, PASSWORD)];
    const wrong = await mine.request('/account/password', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'not-it-at-all', newPassword: NEW_PASSWORD }),
    });
    expect(wrong.status).toBe(400);
    expect((await problemOf(wrong)).invalidParams?.map((p) => p.name)).toEqual(['body.currentPassword']);
    const weak = await mine.request('/account/password', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'password1234' }),
    });
    expect((await problemOf(weak)).invalidParams?.map((p) => p.name)).toEqual(['body.newPassword']);

    const done = await mine.request('/account/password', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    });
    expect(done.status).toBe(204);
    expect((await mine.get('/sessions/current')).status).toBe(200);
    expect((await other.get('/sessions/current')).status).toBe(401);
    expect(await canLogIn(user.email, PASSWORD)).toBe(false);
    expect(await canLogIn(user.email, NEW_PASSWORD)).toBe(true);
  });
});

describe('a set-password link', () => {
  it("is issued by an admin, stores only the token's hash, works once, and ends the user's sessions", async () => {
    const user = await newAnalyst();
    const session = await loginAs(t.app, user.email, PASSWORD);
    const issued = await admin.post(`/users/${user.id}/password-links`);
    expect(issued.status).toBe(201);
    const { url } = (await issued.json()) as { url: string };
    expect(new URL(url).pathname).toBe('/wachtwoord');
    const token = new URL(url).hash.slice(1);
    const stored = JSON.stringify(await t.db.selectFrom('password_links').selectAll().execute());
    expect(stored).not.toContain(token);

    // Both at once: exactly one sets the password.
    const uses = await Promise.all([0, 1].map(() => anonymous.post('/password-resets', { token, password: NEW_PASSWORD })));
    expect(uses.map((r) => r.status).sort()).toEqual([204, 400]);
    const again = await anonymous.post('/password-resets', { token, password: NEW_PASSWORD });
    expect((await problemOf(again)).invalidParams?.map((p) => p.name)).toEqual(['body.token']);
    expect((await session.get('/sessions/current')).status).toBe(401);
    expect(await canLogIn(user.email, NEW_PASSWORD)).toBe(true);
    expect(await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', user.id).where('action', 'like', 'user.password%').execute()).toEqual([
      { action: 'user.password_link_issued' },
      { action: 'user.password_set_by_link' },
    ]);
  });

  it('expires, and refuses a weak password', async () => {
    const user = await newAnalyst();
    const { url } = (await (await admin.post(`/users/${user.id}/password-links`)).json()) as { url: string };
    const token = new URL(url).hash.slice(1);
    const weak = await anonymous.post('/password-resets', { token, password: 'aaaaaaaaaaaa' });
    expect((await problemOf(weak)).invalidParams?.map((p) => p.name)).toEqual(['body.password']);
    await t.db
      .updateTable('password_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    expect((await anonymous.post('/password-resets', { token, password: NEW_PASSWORD })).status).toBe(400);
    expect(await canLogIn(user.email, PASSWORD)).toBe(true);
  });
});
