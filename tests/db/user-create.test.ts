import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { migrateToLatest } from '../../db/database.ts';
import { createApp } from '../../server/app.ts';
import { defaultConfig } from '../../server/config.ts';
import type { Problem } from '../../server/errors.ts';
import { MEMBERSHIP } from '../../server/policy/membership.ts';
import { OPERATOR } from '../../server/policy/operator.ts';
import { createUser } from '../../server/users/users.repository.ts';
import { ROLES } from '../../shared/vocabulary.ts';
import { loginAs } from '../helpers/client.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testName } from '../helpers/factories.ts';

// `npm run user:create` as an operator runs it: a child process against a fresh database that has
// never seen the server (no tables yet), the password from the environment or typed in.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('empty');
});
afterAll(() => t?.drop());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function userCreate(args: string[], options: { password?: string; stdin?: string } = {}): Promise<Run> {
  const env = { ...process.env, DATABASE_URL: t.url, NOODBED_PASSWORD: options.password ?? '' };
  return new Promise((done) => {
    const child = execFile('npm', ['run', '--silent', 'user:create', '--', ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}

const PASSWORD = 'first-admin-password';

it('makes the first admin on a fresh database, who can then log in', async () => {
  const run = await userCreate(['--email', 'Beheer@Example.nl', '--name', 'Eerste Beheerder'], { password: PASSWORD });
  expect(run, run.stderr).toMatchObject({ code: 0 });
  expect(run.stdout).toMatch(/Created admin beheer@example\.nl/);

  const user = await t.db.selectFrom('users').select(['email', 'name', 'role', 'organisation_id', 'password_hash']).executeTakeFirstOrThrow();
  expect(user).toMatchObject({ email: 'beheer@example.nl', name: 'Eerste Beheerder', role: 'admin', organisation_id: null });
  expect(user.password_hash).toMatch(/^\$argon2id\$/);
  const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id']).execute();
  expect(audit).toEqual([{ action: 'user.created', actor_user_id: null }]);

  const app = createApp({ db: t.db, config: defaultConfig }, { log: () => {} });
  const admin = await loginAs(app, 'beheer@example.nl', PASSWORD);
  expect(await (await admin.get('/sessions/current')).json()).toMatchObject({ user: { role: 'admin' } });
}, 180_000);

it('reads the password from standard input when it is not in the environment', async () => {
  const run = await userCreate(['--email', 'analist@example.nl', '--name', 'Analist', '--role', 'analyst'], { stdin: 'typed-in-password\n' });
  expect(run, run.stderr).toMatchObject({ code: 0 });
  expect(run.stdout).not.toContain('typed-in-password');
  const app = createApp({ db: t.db, config: defaultConfig }, { log: () => {} });
  await loginAs(app, 'analist@example.nl', 'typed-in-password');
}, 180_000);

it('refuses what the API refuses, saying why, and stores nothing', async () => {
  await migrateToLatest(t.db);
  await createUser({ db: t.db, actor: OPERATOR }, { email: 'bestaat@example.nl', name: 'Bestaat', role: 'analyst', organisationId: null, password: PASSWORD });
  const before = await t.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();

  const short = await userCreate(['--email', 'kort@example.nl', '--name', 'Kort'], { password: 'too-short' });
  expect(short.code).toBe(2);
  expect(short.stderr).toContain('password: at least 12 characters');

  const staffWithoutOrganisation = await userCreate(['--email', 'staf@example.nl', '--name', 'Staf', '--role', 'shelter_staff'], { password: PASSWORD });
  expect(staffWithoutOrganisation.code).toBe(2);
  expect(staffWithoutOrganisation.stderr).toContain('organisationId: required for shelter staff');

  const crisisWithoutTeam = await userCreate(['--email', 'crisis@example.nl', '--name', 'Crisis', '--role', 'crisis_worker'], { password: PASSWORD });
  expect(crisisWithoutTeam.code).toBe(2);
  expect(crisisWithoutTeam.stderr).toContain('organisationId: required for crisis workers: their team');

  const badEmail = await userCreate(['--email', 'geen-adres', '--name', 'X'], { password: PASSWORD });
  expect(badEmail.code).toBe(2);
  expect(badEmail.stderr).toMatch(/^email:/m);

  const missing = await userCreate(['--name', 'Zonder adres'], { password: PASSWORD });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--email and --name are required.');
  expect(missing.stderr).toContain('Usage: npm run user:create');

  const duplicate = await userCreate(['--email', 'bestaat@example.nl', '--name', 'Nog een'], { password: PASSWORD });
  expect(duplicate.code).toBe(1);
  expect(duplicate.stderr).toContain('A user with this email address already exists.');

  const after = await t.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  expect(after.n).toBe(before.n);
}, 300_000);

describe('the tool and the API ask one policy', () => {
  // Issue 12: the CLI repeated the rule of who joins which organisation. Now both call createUser,
  // which asks the policy (the operator is granted what admins are) and its membership rule.
  it("for every role and organisation kind, the operator's domain call and POST /users agree", async () => {
    await migrateToLatest(t.db);
    const kinds = ['vrouwenopvang', 'maatschappelijke_opvang', 'veilig_thuis'] as const;
    const organisations = await t.db
      .insertInto('organisations')
      .values(kinds.map((kind) => ({ name: `Organisatie ${testName()}`, kind })))
      .returning(['id', 'kind'])
      .execute();
    const adminEmail = `beheer-${testName().toLowerCase()}@example.nl`;
    await createUser({ db: t.db, actor: OPERATOR }, { email: adminEmail, name: 'Beheer', role: 'admin', organisationId: null, password: PASSWORD });
    const admin = await loginAs(createApp({ db: t.db, config: defaultConfig }, { log: () => {} }), adminEmail, PASSWORD);

    for (const role of ROLES) {
      for (const organisation of [null, ...organisations]) {
        const input = (who: string) => ({
          email: `${who}-${testName().toLowerCase()}@example.nl`,
          name: 'Iemand',
          role,
          organisationId: organisation?.id ?? null,
          password: PASSWORD,
          ...(role === 'region_officer' ? { regionCode: 'VR09' } : {}),
        });
        const viaApi = await admin.post('/users', input('api'));
        const viaTool = await createUser({ db: t.db, actor: OPERATOR }, input('tool')).then(
          () => 201,
          (error: Problem) => error.status,
        );
        // This database has no regions: a region officer's region does not exist, and both doors say so.
        const allowed =
          role === 'region_officer'
            ? false
            : organisation === null
              ? !(role in MEMBERSHIP)
              : ((MEMBERSHIP[role as keyof typeof MEMBERSHIP] as readonly string[] | undefined)?.includes(organisation.kind) ?? false);
        expect([role, organisation?.kind, viaApi.status, viaTool]).toEqual([role, organisation?.kind, allowed ? 201 : 400, allowed ? 201 : 400]);
      }
    }
    // A region officer without a region: both doors refuse it naming the field, neither with a bare database error.
    const officer = (who: string) => ({
      email: `${who}-${testName().toLowerCase()}@example.nl`,
      name: 'Iemand',
      role: 'region_officer' as const,
      organisationId: null,
      password: PASSWORD,
    });
    const viaApi = await admin.post('/users', officer('api'));
    expect(viaApi.status).toBe(400);
    await expect(createUser({ db: t.db, actor: OPERATOR }, officer('tool'))).rejects.toMatchObject({ status: 400 });
  }, 120_000);

  it('a non-admin actor is refused by the policy in the domain function itself, and nothing is stored', async () => {
    await migrateToLatest(t.db);
    const before = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const role of ['analyst', 'crisis_worker', 'shelter_staff'] as const) {
      const actor = { id: randomUUID(), email: 'x@example.nl', name: 'X', role, organisationId: randomUUID(), region: null };
      await expect(
        createUser({ db: t.db, actor }, { email: `${role}@example.nl`, name: 'Nieuw', role: 'admin', organisationId: null, password: PASSWORD }),
      ).rejects.toMatchObject({ status: 403 });
    }
    const after = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
