import { afterAll, beforeAll, expect, it } from 'vitest';

import { seedDemoWithHistory } from '../../db/seed/history.ts';
import { closeAllDays } from '../../server/statistics/close-all-days.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { holdsOutOfStepWithPlaces, placesOutOfStepWithEvents, requestsOutOfStepWithHolds, staysOutOfStepWithPlaces } from '../helpers/invariants.ts';

// The synthetic history must look exactly like what the write path leaves behind, or every
// statistic computed from it (and every test and demo on it) would rest on impossible data.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

it('generates a history that keeps every write-path invariant, and closes its days', { timeout: 300_000 }, async () => {
  const result = await seedDemoWithHistory(t.db, { years: 0.05, passwordHash: 'not-a-login' });
  const closed = await closeAllDays(t.db, { freshnessHours: 24 });
  expect(result.events).toBeGreaterThan(10_000);
  expect(result.requests).toBeGreaterThan(100);
  expect(await placesOutOfStepWithEvents(t.db)).toEqual([]);
  expect(await holdsOutOfStepWithPlaces(t.db)).toEqual([]);
  expect(await requestsOutOfStepWithHolds(t.db)).toEqual([]);
  expect(await staysOutOfStepWithPlaces(t.db)).toEqual([]);
  // Stays with their households, destinations and readiness, closed into the rollups with the days.
  const stays = await t.db.selectFrom('stays').select(['exit_destination', 'ready_since', 'child_ages', 'origin_municipality_code']).execute();
  expect(stays.length).toBeGreaterThan(100);
  expect(new Set(stays.map((s) => s.exit_destination).filter(Boolean)).size).toBeGreaterThan(3);
  expect(stays.filter((s) => s.ready_since !== null).length).toBeGreaterThan(10);
  expect(stays.every((s) => s.child_ages !== null && s.origin_municipality_code !== null)).toBe(true);
  const stayDays = await t.db.selectFrom('stay_region_days').select('day').distinct().execute();
  expect(stayDays.length).toBe(closed);

  const outcomes = await t.db
    .selectFrom('placement_requests')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  expect(outcomes.map((o) => o.status).sort()).toEqual(expect.arrayContaining(['no_place', 'placed']));
  const { closed_through } = await t.db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow();
  expect(closed).toBeGreaterThan(15);
  const days = await t.db.selectFrom('region_days').select('day').distinct().execute();
  expect(days.length).toBe(closed);
  expect(
    days
      .map((d) => d.day)
      .sort()
      .at(-1),
  ).toBe(closed_through);
});

it('refuses a database that already has data: events cannot be slid in before existing ones', async () => {
  await expect(seedDemoWithHistory(t.db, { years: 1, passwordHash: 'x' })).rejects.toThrow(/empty database/);
});
