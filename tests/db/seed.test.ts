import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, demoAccounts } from '../../db/seed/demo.ts';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('demo');
});
afterAll(() => t.drop());

const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(t.db)).rows[0]!.n);

describe('demo seed', () => {
  it('gives a national picture: all regions, ~30 organisations, ~90 locations, two crisis teams', async () => {
    expect(await count(sql`SELECT count(DISTINCT region_code) AS n FROM locations`)).toBe(25);
    expect(await count(sql`SELECT count(*) AS n FROM organisations WHERE kind <> 'veilig_thuis'`)).toBe(30);
    // crisis@ and crisis2@ in different teams: the demo shows that one team never sees another's cases.
    const teams = await sql<{ email: string; kind: string; team: string }>`
      SELECT u.email, o.kind, o.id AS team FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.role = 'crisis_worker' ORDER BY u.email`.execute(
      t.db,
    );
    expect(teams.rows.map((r) => [r.email, r.kind])).toEqual([
      ['crisis2@demo.noodbed.nl', 'veilig_thuis'],
      ['crisis@demo.noodbed.nl', 'veilig_thuis'],
    ]);
    expect(teams.rows[0]!.team).not.toBe(teams.rows[1]!.team);
    expect(await count(sql`SELECT count(*) AS n FROM locations`)).toBe(90);
  });

  it('has about 1,000 family units and 500 beds', async () => {
    const units = await count(sql`SELECT count(*) AS n FROM places WHERE kind = 'family_unit'`);
    const beds = await count(sql`SELECT count(*) AS n FROM places WHERE kind = 'bed'`);
    expect(units).toBeGreaterThan(900);
    expect(units).toBeLessThan(1100);
    expect(beds).toBeGreaterThan(400);
    expect(beds).toBeLessThan(600);
  });

  it('mixes statuses, freshness and attributes realistically', async () => {
    const statuses = await sql<{ status: string; n: string }>`SELECT status, count(*) AS n FROM places GROUP BY status`.execute(t.db);
    const by = Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)]));
    expect(by.occupied).toBeGreaterThan(by.available!);
    expect(by.available).toBeGreaterThan(0);
    expect(by.unavailable).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) AS n FROM places WHERE confirmed_at < now() - interval '24 hours'`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) AS n FROM places WHERE max_boy_age = 12`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) AS n FROM places WHERE accessibility = 'wheelchair'`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) AS n FROM places WHERE pets_allowed`)).toBeGreaterThan(0);
  });

  it('starts every place with an event that matches its status and version', async () => {
    const mismatches = await count(sql`
      SELECT count(*) AS n FROM places p
      LEFT JOIN LATERAL (SELECT * FROM place_events e WHERE e.place_id = p.id ORDER BY seq DESC LIMIT 1) last ON true
      WHERE last.seq IS NULL OR last.status <> p.status OR last.version <> p.version
        OR last.unavailable_reason IS DISTINCT FROM p.unavailable_reason`);
    expect(mismatches).toBe(0);
  });

  it('creates the demo accounts with argon2id hashes of the demo password', async () => {
    const users = await t.db.selectFrom('users').select(['email', 'role', 'organisation_id', 'password_hash']).orderBy('email').execute();
    expect(users.map((u) => u.email).sort()).toEqual(demoAccounts.map((a) => a.email).sort());
    for (const user of users) {
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user.password_hash, DEMO_PASSWORD)).toBe(true);
    }
    const staff = users.filter((u) => u.role === 'shelter_staff');
    expect(new Set(staff.map((u) => u.organisation_id)).size).toBe(2);
  });
});
