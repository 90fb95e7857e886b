import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { DEMO, loginAs, type Client } from '../helpers/client.ts';

let t: TestApp;
let analyst: Client;
beforeAll(async () => {
  t = await createTestApp('demo');
  analyst = await loginAs(t.app, DEMO.analyst);
});
afterAll(() => t.drop());

const availability = async () => (await analyst.get('/availability')).json();

it('lists all 25 regions and says which definition it counts under', async () => {
  const body = await availability();
  expect(body.definitionVersion).toBe('1');
  expect(body.freshnessHours).toBe(24);
  expect(body.regions.map((r: { code: string }) => r.code)).toHaveLength(25);
});

it('adds up to the places in the database, per kind, places and beds', async () => {
  const body = await availability();
  const rows = await sql<{ kind: string; places: string; beds: string }>`
    SELECT kind, count(*) AS places, sum(beds) AS beds FROM places GROUP BY kind`.execute(t.db);
  for (const row of rows.rows) {
    const national = row.kind === 'bed' ? body.national.bed : body.national.familyUnit;
    expect(national.places.total).toBe(Number(row.places));
    expect(national.beds.total).toBe(Number(row.beds));
    const { available, held, occupied, unavailable, stale } = national.places;
    expect(available + held + occupied + unavailable + stale).toBe(Number(row.places));
  }
  const regionTotal = body.regions.reduce((sum: number, r: { familyUnit: { places: { total: number } } }) => sum + r.familyUnit.places.total, 0);
  expect(regionTotal).toBe(body.national.familyUnit.places.total);
});

it('never counts a stale place as available', async () => {
  const before = await availability();
  const { id, beds } = await t.db.selectFrom('places').select(['id', 'beds'])
    .where('status', '=', 'available').where('kind', '=', 'family_unit')
    .where(sql<boolean>`confirmed_at > now() - interval '1 hour'`).limit(1).executeTakeFirstOrThrow();
  await sql`UPDATE places SET confirmed_at = now() - interval '30 hours' WHERE id = ${id}`.execute(t.db);
  const after = await availability();
  expect(after.national.familyUnit.places.available).toBe(before.national.familyUnit.places.available - 1);
  expect(after.national.familyUnit.places.stale).toBe(before.national.familyUnit.places.stale + 1);
  expect(after.national.familyUnit.beds.available).toBe(before.national.familyUnit.beds.available - beds);
});
