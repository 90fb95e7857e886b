import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { disclosureRules } from '../../server/statistics/disclosure.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { publishStays } from '../../server/statistics/stays-publication.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, loginAs } from '../helpers/client.ts';
import { insertLocation, insertUser } from '../helpers/factories.ts';
import { insertLocationIn } from '../helpers/region-locations.ts';

// The published stay figures are kept while the sums behind them are unchanged
// (server/statistics/stays-publication.ts), keyed by stays_version (migration 2026_11_28_0200). A late
// entry changes the sums of a closed week, and closing a day adds to them: the next answer must show
// it, not the kept one. The same data, computed again, gives the same answer as the kept one.

const PASSWORD = 'a-long-test-password';
const WEEK = '2026-06-01'; // a Monday
let t: TestApp;
let analyst: Client;

beforeAll(async () => {
  t = await createTestApp('migrated');
  const user = await insertUser(t.db, { role: 'analyst', passwordHash: await hashPassword(PASSWORD) });
  analyst = await loginAs(t.app, user.email, PASSWORD);
  // 12 families with one child of 2 in each of four regions, all week long (in one region alone,
  // disclosure control would hide them among the zeros of the others).
  const utrecht = await insertLocation(t.db);
  const organisation = await t.db.selectFrom('locations').select('organisation_id').where('id', '=', utrecht).executeTakeFirstOrThrow();
  const others = await Promise.all(
    [
      ['GM0014', 'VR01'],
      ['GM0034', 'VR25'],
      ['GM0363', 'VR13'],
    ].map(([municipality, region]) => insertLocationIn(t.db, organisation.organisation_id, region!, municipality!)),
  );
  for (let i = 0; i < 48; i++) {
    const location = [utrecht, ...others][i % 4]!;
    const { id } = await t.db
      .insertInto('places')
      .values({
        location_id: location,
        label: `Gezinskamer ${i + 1}`,
        kind: 'family_unit',
        beds: 4,
        max_adults: 2,
        max_children: 3,
        accessibility: 'none',
        status: 'occupied',
        unavailable_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const started = new Date('2026-05-31T12:00:00Z');
    await t.db.insertInto('place_events').values({ place_id: id, occurred_at: started, type: 'registered', status: 'occupied', version: 1 }).execute();
    await t.db
      .insertInto('stays')
      .values({ place_id: id, began_by: 'intake', started_at: started, adults: 1, child_ages: [2], child_sexes: ['female'] })
      .execute();
  }
  await closeDays(t.db, { through: '2026-06-07', freshnessHours: 24 * 90 });
});
afterAll(() => t.drop());

const children = async () => {
  const body = await (await analyst.get(`/statistics/stays?from=${WEEK}&to=${WEEK}&interval=week&regionCodes=VR09`)).json();
  return body.rows.find((r: { regionCode: string }) => r.regionCode === 'VR09').children;
};

const version = async () => (await t.db.selectFrom('stays_version').select('version').executeTakeFirstOrThrow()).version;

describe('kept stay figures', () => {
  it('change when a late entry changes a closed week', async () => {
    expect(await children()).toBe(12);
    expect(await children()).toBe(12);
    const before = await version();
    // Each household in Utrecht turns out to have a second toddler, entered after the week closed.
    await t.db
      .updateTable('stays')
      .where('place_id', 'in', (eb) =>
        eb.selectFrom('places').innerJoin('locations', 'locations.id', 'places.location_id').select('places.id').where('locations.region_code', '=', 'VR09'),
      )
      .set({ child_ages: [2, 3], child_sexes: ['female', 'male'] })
      .execute();
    expect(BigInt(await version())).toBeGreaterThan(BigInt(before));
    expect(await children()).toBe(24);
  });

  it('change when a day is closed', async () => {
    const weeks = async () =>
      (await (await analyst.get(`/statistics/stays?from=${WEEK}&to=2026-06-14&interval=week&regionCodes=VR09`)).json()).rows
        .filter((r: { regionCode: string }) => r.regionCode === 'VR09')
        .map((r: { period: string; children: number }) => `${r.period} ${r.children}`);
    expect(await weeks()).toEqual(['2026-06-01 24']);
    const before = await version();
    await closeDays(t.db, { through: '2026-06-14', freshnessHours: 24 * 90 });
    expect(BigInt(await version())).toBeGreaterThan(BigInt(before));
    expect(await weeks()).toEqual(['2026-06-01 24', '2026-06-08 24']);
  });

  it('are what the same data gives when computed again', async () => {
    const f = { from: WEEK, to: '2026-06-14', scheme: 'veiligheidsregio', regionCodes: null, interval: 'week' as const, kind: null };
    const rules = disclosureRules(5);
    const kept = await publishStays(t.db, f, rules);
    expect(await publishStays(t.db, f, rules)).toBe(kept);
    // Only the counter moves: the sums are the same, computed again.
    await sql`UPDATE stays_version SET version = version + 1`.execute(t.db);
    const again = await publishStays(t.db, f, rules);
    expect(again).not.toBe(kept);
    expect(again).toEqual(kept);
    expect(again.length).toBeGreaterThan(4);
  });

  it('stay kept when a stay is written that touches no closed day', async () => {
    const before = await version();
    const place = await t.db.selectFrom('places').select('id').where('label', '=', 'Gezinskamer 1').executeTakeFirstOrThrow();
    await t.db.updateTable('stays').where('place_id', '=', place.id).set({ ended_at: new Date(), exit_destination: 'unknown' }).execute();
    expect(await version()).toBe(before);
  });
});
