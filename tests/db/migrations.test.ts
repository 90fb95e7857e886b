import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { migrateToLatest } from '../../db/database.ts';
import { migrations } from '../../db/migrations/index.ts';
import { loadReferenceData } from '../../db/seed/reference.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('empty');
});
afterAll(() => t.drop());

it('migrates an empty database up to the latest version, and again is a no-op', async () => {
  await migrateToLatest(t.db);
  await migrateToLatest(t.db);
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(t.db);
  expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(t.db);
  expect(tables.rows.map((r) => r.table_name)).toEqual(
    expect.arrayContaining([
      'locations',
      'municipalities',
      'municipality_regions',
      'organisations',
      'place_events',
      'places',
      'region_schemes',
      'regions',
      'users',
    ]),
  );
});

it("loads the 25 veiligheidsregio's as the default scheme, idempotently", async () => {
  await loadReferenceData(t.db);
  await loadReferenceData(t.db);
  const regions = await t.db.selectFrom('regions').select('code').where('scheme_code', '=', 'veiligheidsregio').orderBy('code').execute();
  expect(regions.map((r) => r.code)).toEqual(Array.from({ length: 25 }, (_, i) => `VR${String(i + 1).padStart(2, '0')}`));
  const defaults = await t.db.selectFrom('region_schemes').select('code').where('is_default', '=', true).execute();
  expect(defaults).toEqual([{ code: 'veiligheidsregio' }]);
});

it('every migration can be rolled back to empty and applied again', async () => {
  const names = Object.keys(migrations).sort().reverse();
  for (const name of names) await migrations[name]!.down!(t.db);
  const left = await sql<{ n: string }>`
    SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'kysely_migration' AND table_name <> 'kysely_migration_lock'`.execute(
    t.db,
  );
  expect(Number(left.rows[0]!.n)).toBe(0);
  for (const name of [...names].reverse()) await migrations[name]!.up(t.db);
});

it('crisis teams: crisis workers made before teams join one, with their requests and holds; the wrong kind of organisation is refused', async () => {
  const db = await createTestDatabase('empty');
  try {
    const before = Object.keys(migrations)
      .sort()
      .filter((name) => name < '2026_11_24_1000');
    // No reference data: its loader follows the latest schema, and these rows need none.
    for (const name of before) await migrations[name]!.up(db.db);
    const {
      rows: [worker],
    } = await sql<{ id: string }>`
      INSERT INTO users (email, name, role, password_hash) VALUES ('oud@test.nl', 'Oud', 'crisis_worker', 'x') RETURNING id`.execute(db.db);
    await sql`INSERT INTO placement_requests (created_by, origin_region, household, adults, children, accessibility, pet, urgency)
      VALUES (${worker!.id}, 'VR13', '{"adults":[{"gender":"female"}],"children":[]}', 1, 0, 'none', false, 'now')`.execute(db.db);
    await migrations['2026_11_24_1000_crisis_teams']!.up(db.db);

    const {
      rows: [team],
    } = await sql<{
      id: string;
      kind: string;
    }>`SELECT o.id, o.kind FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ${worker!.id}`.execute(db.db);
    expect(team!.kind).toBe('veilig_thuis');
    const { rows: requests } = await sql<{ team_id: string }>`SELECT team_id FROM placement_requests`.execute(db.db);
    expect(requests).toEqual([{ team_id: team!.id }]);
    const {
      rows: [shelter],
    } = await sql<{ id: string }>`INSERT INTO organisations (name, kind) VALUES ('Opvang', 'vrouwenopvang') RETURNING id`.execute(db.db);
    await expect(sql`UPDATE users SET organisation_id = ${shelter!.id} WHERE id = ${worker!.id}`.execute(db.db)).rejects.toThrow(
      /belongs to a veilig_thuis organisation/,
    );
    await expect(
      sql`INSERT INTO users (email, name, role, organisation_id, password_hash) VALUES ('staf@test.nl', 'Staf', 'shelter_staff', ${team!.id}, 'x')`.execute(
        db.db,
      ),
    ).rejects.toThrow(/belongs to a shelter organisation/);
    await expect(sql`INSERT INTO users (email, name, role, password_hash) VALUES ('los@test.nl', 'Los', 'crisis_worker', 'x')`.execute(db.db)).rejects.toThrow(
      /users_check/,
    );
  } finally {
    await db.drop();
  }
});
