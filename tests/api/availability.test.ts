import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { countAvailability } from '../../server/availability/availability.repository.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { insertBed, newHold } from '../helpers/factories.ts';

let t: TestApp;
let analyst: Client;
let crisis: Client;
beforeAll(async () => {
  t = await createTestApp('demo');
  [analyst, crisis] = await Promise.all([loginAs(t.app, DEMO.analyst), loginAs(t.app, DEMO.crisis)]);
});
afterAll(() => t.drop());

/** Live availability, as crisis workers (and shelters and admins) see it. */
const availability = async () => (await crisis.get('/availability')).json();

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
  // Any free family place, confirmed just now (the demo data's confirmation times vary), then let go stale.
  const { id, beds } = await t.db
    .selectFrom('places')
    .select(['id', 'beds'])
    .where('status', '=', 'available')
    .where('kind', '=', 'family_unit')
    .limit(1)
    .executeTakeFirstOrThrow();
  await sql`UPDATE places SET confirmed_at = now() WHERE id = ${id}`.execute(t.db);
  const before = await availability();
  await sql`UPDATE places SET confirmed_at = now() - interval '30 hours' WHERE id = ${id}`.execute(t.db);
  const after = await availability();
  expect(after.national.familyUnit.places.available).toBe(before.national.familyUnit.places.available - 1);
  expect(after.national.familyUnit.places.stale).toBe(before.national.familyUnit.places.stale + 1);
  expect(after.national.familyUnit.beds.available).toBe(before.national.familyUnit.beds.available - beds);
});

describe('analysts cannot time a single household', () => {
  // Issue 12: live per-region counts change by one when one household is held or placed; an analyst
  // polling them learns where and to the second when. Analysts get the state at the last full hour.
  it('an analyst polling sees no step when one household is held; a crisis worker does', async () => {
    const location = await t.db.selectFrom('locations').select('id').where('serves', 'in', ['women', 'all']).limit(1).executeTakeFirstOrThrow();
    const [analystBefore, liveBefore] = await Promise.all([(await analyst.get('/availability')).json(), availability()]);
    await newHold(t.db, crisis, location.id);
    const [analystAfter, liveAfter] = await Promise.all([(await analyst.get('/availability')).json(), availability()]);
    expect(liveAfter.national.bed.places.held).toBe(liveBefore.national.bed.places.held + 1);
    expect(analystAfter.national).toEqual(analystBefore.national);
    expect(analystAfter.regions).toEqual(analystBefore.regions);
  });

  it("an analyst's figures say the hour they describe; live figures say now", async () => {
    const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const figures = await (await analyst.get('/availability')).json();
    expect([hourStart.getTime(), hourStart.getTime() - 3_600_000]).toContain(Date.parse(figures.asOf));
    const live = await availability();
    expect(Math.abs(Date.parse(live.asOf) - Date.now())).toBeLessThan(60_000);
  });

  it("the hourly figures are the places' states at that hour, from their events", async () => {
    const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const at = (msBeforeHour: number) => new Date(hourStart.getTime() - msBeforeHour);
    // A bed registered before the hour and out of use at it, back in use since: unavailable at the hour.
    const location = await t.db.selectFrom('locations').select(['id', 'region_code']).limit(1).executeTakeFirstOrThrow();
    const bed = await insertBed(t.db, location.id);
    await t.db
      .insertInto('place_events')
      .values([
        { place_id: bed.id, occurred_at: at(120_000), type: 'registered', status: 'available', unavailable_reason: null, version: 1 },
        { place_id: bed.id, occurred_at: at(60_000), type: 'status_changed', status: 'unavailable', unavailable_reason: 'maintenance', version: 2 },
        { place_id: bed.id, occurred_at: new Date(), type: 'status_changed', status: 'available', unavailable_reason: null, version: 3 },
      ])
      .execute();
    const count = async (when: Date) =>
      (await countAvailability(t.db, 24, when))
        .filter((r) => r.region_code === location.region_code && r.kind === 'bed' && r.bucket === 'unavailable')
        .reduce((sum, r) => sum + r.places, 0);
    const withoutIt = await count(at(90_000));
    expect(await count(hourStart)).toBe(withoutIt + 1);
    // Registered after the hour: not in the hour's figures.
    const total = async (when?: Date) => (await countAvailability(t.db, 24, when)).reduce((sum, r) => sum + r.places, 0);
    const [hourBefore, liveBefore] = [await total(hourStart), await total()];
    const later = await insertBed(t.db, location.id);
    await t.db
      .insertInto('place_events')
      .values({ place_id: later.id, type: 'registered', status: 'available', unavailable_reason: null, version: 1 })
      .execute();
    expect([await total(hourStart), await total()]).toEqual([hourBefore, liveBefore + 1]);
  });
});
