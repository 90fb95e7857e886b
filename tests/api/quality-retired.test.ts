import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { locationFlags } from '../../server/quality/quality.repository.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertBed, insertLocation } from '../helpers/factories.ts';

// A retired place (or location, whose places retire with it) is gone: nobody confirms or changes it
// any more, so from its retirement day the quality rules measure it no more. Before that day it counts.

let database: TestDatabase;
let locationId: string;

const at = (day: string) => new Date(`${day}T10:00:00+02:00`);

beforeAll(async () => {
  database = await createTestDatabase('demo');
  const { db } = database;
  locationId = await insertLocation(db);
  // Registered in March, never confirmed or changed since, retired (with its location) on 3 July.
  const place = await insertBed(db, locationId);
  await db
    .updateTable('places')
    .set({ retired_at: at('2026-07-03') })
    .where('id', '=', place.id)
    .execute();
  await db
    .insertInto('place_events')
    .values({ place_id: place.id, occurred_at: at('2026-03-01'), type: 'registered', status: 'available', unavailable_reason: null, version: 1 })
    .execute();
  await db
    .updateTable('locations')
    .set({ retired_at: at('2026-07-03') })
    .where('id', '=', locationId)
    .execute();
  await closeDays(db, { through: '2026-09-30', freshnessHours: 24 });
}, 120_000);
afterAll(() => database?.drop());

const rulesAt = async (from: string, to: string) =>
  (await locationFlags(database.db, { from, to }, {}))
    .filter((flag) => flag.locationId === locationId)
    .map((flag) => flag.ruleId)
    .sort();

describe('quality flags of a retired place', () => {
  it('are raised for a period before its retirement day', async () => {
    expect(await rulesAt('2026-04-01', '2026-06-30')).toEqual(expect.arrayContaining(['status_unchanged', 'unconfirmed']));
  });

  it('are not raised from its retirement day on', async () => {
    expect(await rulesAt('2026-07-01', '2026-09-30')).toEqual([]);
    expect(await rulesAt('2026-07-03', '2026-07-31')).toEqual([]);
  });
});
