import { afterAll, beforeAll, expect, it } from 'vitest';

import { closeDays } from '../../server/statistics/rollups.ts';
import { amsterdamDate, midnight, nextDay } from '../helpers/amsterdam-days.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertBed, insertLocation } from '../helpers/factories.ts';

// A retired place is no capacity from the day it was retired; the days before keep it (issue 18).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

it('counts a place in place_days up to the day before its retirement, not on or after that day', async () => {
  const locationId = await insertLocation(t.db);
  const today = amsterdamDate(Date.now());
  const days = [-4, -3, -2, -1].map((n) => amsterdamDate(midnight(today) + n * 86_400_000 + 12 * 3_600_000));
  const [first, , retiredOn, last] = days as [string, string, string, string];
  const place = await insertBed(t.db, locationId);
  await t.db
    .insertInto('place_events')
    .values({ place_id: place.id, occurred_at: new Date(midnight(first)), type: 'registered', status: 'available', unavailable_reason: null, version: 1 })
    .execute();
  // Retired at noon on the third day.
  await t.db
    .insertInto('place_events')
    .values({
      place_id: place.id,
      occurred_at: new Date(midnight(retiredOn) + 12 * 3_600_000),
      type: 'retired',
      status: 'unavailable',
      unavailable_reason: 'other',
      version: 2,
    })
    .execute();
  await t.db
    .updateTable('places')
    .set({ status: 'unavailable', unavailable_reason: 'other', retired_at: new Date(midnight(retiredOn) + 12 * 3_600_000) })
    .where('id', '=', place.id)
    .execute();
  await t.db
    .updateTable('rollup_state')
    .set({ closed_through: amsterdamDate(midnight(first) - 12 * 3_600_000) })
    .execute();

  await closeDays(t.db, { through: last, freshnessHours: 24 });

  const rows = await t.db.selectFrom('place_days').select('day').where('place_id', '=', place.id).orderBy('day').execute();
  expect(rows.map((r) => String(r.day).slice(0, 10))).toEqual([first, nextDay(first)]);
  const region = await t.db
    .selectFrom('region_days')
    .select(['day', 'places'])
    .where('region_code', '=', 'VR09')
    .where('kind', '=', 'bed')
    .where('day', 'in', days)
    .orderBy('day')
    .execute();
  expect(region.map((r) => r.places)).toEqual([1, 1]);
});
