import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, enrolTotp, freshTotpCode, loginAs } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';

// Issue 12, login: the attempt count and the password check are one step; a stranger's failures
// do not lock the owner out; a second factor is required for roles that see addresses.

const LIMITS = { perAccount: 5, perIp: 1000 };
const PASSWORD = 'a-long-test-password';

let t: TestApp;
let admin: Client;
let passwordHash: string;

beforeAll(async () => {
  t = await createTestApp('demo', { loginLimits: LIMITS });
  admin = await loginAs(t.app, DEMO.admin);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => t.drop());

function login(body: Record<string, unknown>) {
  return t.app.request('/api/v1/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
const passwordChecks = async (email: string) =>
  Number(
    (
      await t.db
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A shelter worker (factor required) with an authenticator app enrolled; returns its secret. */
async function staffWithTotp() {
  const organisation = await t.db.selectFrom('organisations').select('id').limit(1).executeTakeFirstOrThrow();
  const user = await insertUser(t.db, { role: 'shelter_staff', organisationId: organisation.id, passwordHash });
  const first = await login({ email: user.email, password: PASSWORD });
  expect((await first.json()).stage).toBe('enrol');
  const { secret, recoveryCodes } = await enrolTotp(clientWithCookie(t.app, cookieOf(first)), user.email);
  return { ...user, secret, recoveryCodes: recoveryCodes! };
}

describe('parallel guessing', () => {
  it('100 parallel wrong passwords get at most the configured number of checks; the owner then logs in with the factor', async () => {
    const owner = await staffWithTotp();
    const before = await passwordChecks(owner.email);
    const responses = await Promise.all(Array.from({ length: 100 }, () => login({ email: owner.email, password: 'a-wrong-password-guess' })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMITS.perAccount);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100 - LIMITS.perAccount);
    expect((await passwordChecks(owner.email)) - before).toBe(LIMITS.perAccount);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // The right password alone waits like the stranger's guesses; with the owner's code it passes.
    expect((await login({ email: owner.email, password: PASSWORD })).status).toBe(429);
    const ownerLogin = await login({ email: owner.email, password: PASSWORD, code: await freshTotpCode(owner.secret, owner.email) });
    expect(ownerLogin.status).toBe(201);
    expect((await ownerLogin.json()).stage).toBe('complete');
    expect((await clientWithCookie(t.app, cookieOf(ownerLogin)).get('/places')).status).toBe(200);
  });

  it('a wrong code is refused before the password is checked, and codes have their own limit', async () => {
    const owner = await staffWithTotp();
    const responses = await Promise.all(Array.from({ length: 40 }, () => login({ email: owner.email, password: PASSWORD, code: '000000' })));
    expect(responses.filter((r) => r.status === 401)).toHaveLength(LIMITS.perAccount);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(40 - LIMITS.perAccount);
    expect(await passwordChecks(owner.email)).toBe(1); // only the enrolment login
  });
});

describe('second factor', () => {
  it('a session past the password only may verify its factor and nothing else', async () => {
    const owner = await staffWithTotp();
    const first = await login({ email: owner.email, password: PASSWORD });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ stage: 'verify', factors: ['totp'] });
    const half = clientWithCookie(t.app, cookieOf(first));
    expect(await (await half.get('/sessions/current')).json()).toMatchObject({ stage: 'verify' });
    for (const path of ['/places', '/holds', '/account/factors', '/changes?after=0']) expect((await half.get(path)).status).toBe(401);
    // Enrolling a factor of one's own would pass around the one the account has.
    expect((await half.post('/account/totp-enrolments')).status).toBe(403);
    const wrong = await half.post('/sessions/current/verification', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect((await problemOf(wrong)).invalidParams?.[0]?.name).toBe('body.code');
    const right = await half.post('/sessions/current/verification', { code: await freshTotpCode(owner.secret, owner.email) });
    expect(right.status).toBe(200);
    expect((await half.get('/places')).status).toBe(200);
  });

  it('admins and shelter staff must enrol at the first login; crisis workers and analysts may', async () => {
    for (const role of ['admin', 'shelter_staff', 'crisis_worker', 'analyst'] as const) {
      const organisationId = role === 'shelter_staff' ? (await t.db.selectFrom('organisations').select('id').limit(1).executeTakeFirstOrThrow()).id : null;
      const user = await insertUser(t.db, { role, organisationId, passwordHash });
      const response = await login({ email: user.email, password: PASSWORD });
      const { stage } = await response.json();
      expect([role, stage]).toEqual([role, role === 'admin' || role === 'shelter_staff' ? 'enrol' : 'complete']);
      expect((await clientWithCookie(t.app, cookieOf(response)).get('/regions')).status).toBe(stage === 'complete' ? 200 : 401);
    }
  });

  it('recovery codes are shown once, stored hashed, and each works once', async () => {
    const owner = await staffWithTotp();
    expect(owner.recoveryCodes).toHaveLength(10);
    expect(new Set(owner.recoveryCodes).size).toBe(10);
    const stored = JSON.stringify(await t.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', owner.id).execute());
    for (const code of owner.recoveryCodes) expect(stored).not.toContain(code.replace(/-/g, ''));
    const code = owner.recoveryCodes[3]!;
    expect((await login({ email: owner.email, password: PASSWORD, code })).status).toBe(201);
    expect((await login({ email: owner.email, password: PASSWORD, code })).status).toBe(401);
  });

  it("an admin resets a user's factors (audited): their sessions end and they enrol again", async () => {
    const owner = await staffWithTotp();
    const session = clientWithCookie(
      t.app,
      cookieOf(await login({ email: owner.email, password: PASSWORD, code: await freshTotpCode(owner.secret, owner.email) })),
    );
    expect((await session.get('/places')).status).toBe(200);
    const reset = await admin.delete(`/users/${owner.id}/factors`);
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ deleted: 1 });
    expect((await session.get('/places')).status).toBe(401);
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', '=', 'user.factors_reset')
      .where('subject_id', '=', owner.id)
      .executeTakeFirst();
    expect(entry).toBeDefined();
    expect((await (await login({ email: owner.email, password: PASSWORD })).json()).stage).toBe('enrol');
  });
});

describe('a TOTP code is taken once (RFC 6238 5.2)', () => {
  // A code seen over a shoulder, or relayed by a phishing page, is good for a minute and a half.
  it('a code that logged in once is refused at a second login within its window', async () => {
    const owner = await staffWithTotp();
    const code = await freshTotpCode(owner.secret, owner.email);
    expect((await login({ email: owner.email, password: PASSWORD, code })).status).toBe(201);
    expect((await login({ email: owner.email, password: PASSWORD, code })).status).toBe(401);
    // Nor at the second step of a password-only login.
    const half = clientWithCookie(t.app, cookieOf(await login({ email: owner.email, password: PASSWORD })));
    expect((await half.post('/sessions/current/verification', { code })).status).toBe(400);
    expect((await half.post('/sessions/current/verification', { code: await freshTotpCode(owner.secret, owner.email) })).status).toBe(200);
  });

  it('of one code sent by ten logins at once, one passes', async () => {
    const owner = await staffWithTotp();
    const code = await freshTotpCode(owner.secret, owner.email);
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => login({ email: owner.email, password: PASSWORD, code })))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    // The others are refused: as a used code (401), or, past the code limit, before any check (429).
    expect(statuses.filter((s) => s !== 201 && s !== 401 && s !== 429)).toEqual([]);
  });

  it('the code that confirmed an enrolment does not pass the login after it', async () => {
    const organisation = await t.db.selectFrom('organisations').select('id').limit(1).executeTakeFirstOrThrow();
    const user = await insertUser(t.db, { role: 'shelter_staff', organisationId: organisation.id, passwordHash });
    const enrolling = clientWithCookie(t.app, cookieOf(await login({ email: user.email, password: PASSWORD })));
    const { secret } = (await (await enrolling.post('/account/totp-enrolments')).json()) as { secret: string };
    const code = await freshTotpCode(secret, user.email);
    expect((await enrolling.post('/account/totp-enrolments/confirmation', { code })).status).toBe(200);
    expect((await login({ email: user.email, password: PASSWORD, code })).status).toBe(401);
    expect((await login({ email: user.email, password: PASSWORD, code: await freshTotpCode(secret, user.email) })).status).toBe(201);
  });
});

describe('passwords', () => {
  it('refuses short, common and demo passwords for new users, naming the field', async () => {
    for (const password of ['short-one', 'aaaaaaaaaaaa', 'abababababab', 'password1234', '!!qwerty123456', 'administrator', DEMO_PASSWORD]) {
      const response = await admin.post('/users', { email: `zwak-${Math.random().toString(36).slice(2, 8)}@test.nl`, name: 'Zwak', role: 'analyst', password });
      expect([password, response.status]).toEqual([password, 400]);
      expect((await problemOf(response)).invalidParams?.map((p) => p.name)).toEqual(['body.password']);
    }
    expect((await admin.post('/users', { email: 'sterk@test.nl', name: 'Sterk', role: 'analyst', password: 'paard-batterij-nietje-correct' })).status).toBe(
      201,
    );
  });

  it('outside demo mode the demo password opens no account', async () => {
    const production = await createTestApp('demo', { demo: false });
    try {
      const response = await production.app.request('/api/v1/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: DEMO.crisis, password: DEMO_PASSWORD }),
      });
      expect(response.status).toBe(401);
    } finally {
      await production.drop();
    }
  });
});
