import { afterAll, beforeAll, expect, it } from 'vitest';

import { migrations } from '../../db/migrations/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// Migration 0300 moved drafting into the rollups. A database whose rollups closed a quarter before it
// gets that quarter's drafts from the migration, as its first read of /reports used to make them.

const MIGRATION = migrations['2026_11_26_0300_publish_rate_drafts']!;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
}, 60_000);
afterAll(() => t.drop());

const rerun = async (closedThrough: string) => {
  await t.db.updateTable('rollup_state').set({ closed_through: closedThrough }).execute();
  await MIGRATION.down!(t.db);
  await MIGRATION.up(t.db);
};
const drafted = async () =>
  (
    await t.db.selectFrom('quarterly_reports').select(['quarter', 'period_start', 'period_end']).where('region_code', 'is', null).orderBy('quarter').execute()
  ).map((r) => [r.quarter, r.period_start, r.period_end]);

it("drafts the last closed quarter's reports, per region and national, once", async () => {
  // Closed into the third quarter: the second is the last closed one.
  await rerun('2026-08-15');
  expect(await drafted()).toEqual([['2026-Q2', '2026-04-01', '2026-06-30']]);
  expect((await t.db.selectFrom('quarterly_reports').select('id').where('quarter', '=', '2026-Q2').execute()).length).toBe(26);
  // Closed through a quarter's last day: that quarter; the earlier drafts stay, none twice.
  await rerun('2026-12-31');
  await rerun('2026-12-31');
  expect(await drafted()).toEqual([
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
  ]);
  expect((await t.db.selectFrom('quarterly_reports').select('id').execute()).length).toBe(52);
});
