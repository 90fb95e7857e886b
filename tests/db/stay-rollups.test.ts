import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
import { mondayOf } from '../../server/statistics/demand-periods.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { amsterdamDate, midnight, nextDay } from '../helpers/amsterdam-days.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { locationsInRegions } from '../helpers/region-locations.ts';

// Stay rollups against a real PostgreSQL: closing days in random chunks gives exactly what a plain walk
// over the stays gives (households in shelter, blocked place-days, children by age band, per region),
// also when stays are written after their days have closed: a composition entered the next day, a
// stay ended or begun by a change that committed after its day was closed (migration 2026_11_26_0200).

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.drop()));
});

// Around the autumn DST change, so one day has 25 hours.
const WINDOW_START = Date.parse('2026-10-22T00:00:00+02:00');
const WINDOW_DAYS = 6;
const WINDOW_MS = WINDOW_DAYS * 86_400_000;
const REGIONS = ['VR13', 'VR09'];

// One place per stay: a place has one household at a time, and overlap across places is what counts.
const stayArb = fc.record({
  kind: fc.constantFrom<PlaceKind>('bed', 'family_unit'),
  region: fc.integer({ min: 0, max: 1 }),
  start: fc.integer({ min: 0, max: WINDOW_MS - 1 }),
  // null: still there at the end.
  length: fc.option(fc.integer({ min: 0, max: 3 * 86_400_000 }), { nil: null }),
  readyAfterDays: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  // null: the composition is not entered (yet).
  ages: fc.option(fc.array(fc.integer({ min: 0, max: 17 }), { maxLength: 4 }), { nil: null }),
  // Written only after `lateAfterDay` has closed: the whole stay, or its composition, or its end.
  late: fc.constantFrom('none', 'stay', 'composition', 'end'),
  lateAges: fc.array(fc.integer({ min: 0, max: 17 }), { maxLength: 4 }),
});
const historyArb = fc.record({
  stays: fc.array(stayArb, { minLength: 1, maxLength: 12 }),
  cuts: fc.uniqueArray(fc.integer({ min: 0, max: WINDOW_DAYS }), { maxLength: 3 }),
  lateAfterDay: fc.integer({ min: 0, max: WINDOW_DAYS }),
});

async function setUp(db: Db, places: Array<{ kind: PlaceKind; region: number }>): Promise<Array<{ id: string; kind: PlaceKind; region: string }>> {
  const locations = (await locationsInRegions(db, REGIONS, 'Stay rollup test')).map((location) => location.id);
  const result = [];
  for (const place of places) {
    const shape = place.kind === 'bed' ? { beds: 1, max_adults: 1, max_children: 0 } : { beds: 5, max_adults: 2, max_children: 4 };
    const { id } = await db
      .insertInto('places')
      .values({
        location_id: locations[place.region]!,
        label: 'Plek',
        kind: place.kind,
        ...shape,
        accessibility: 'none',
        status: 'occupied',
        unavailable_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Days are closed from the first event on.
    await db
      .insertInto('place_events')
      .values({ place_id: id, occurred_at: new Date(WINDOW_START), type: 'registered', status: 'occupied', version: 1 })
      .execute();
    result.push({ id, kind: place.kind, region: REGIONS[place.region]! });
  }
  return result;
}

type Figures = { stays: number; blocked: number; children_0_3: number; children_4_11: number; children_12_17: number };

describe('stay rollups equal a full recomputation from the stays', () => {
  it('for random stays and random chunks of closing', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        const t = await createTestDatabase('migrated');
        open.push(t);
        const db = t.db;
        try {
          const places = await setUp(db, history.stays);
          const stays = history.stays.map((s, i) => {
            const start = WINDOW_START + s.start;
            const startDay = amsterdamDate(start);
            let ready: string | null = null;
            if (s.readyAfterDays !== null) {
              ready = startDay;
              for (let i = 0; i < s.readyAfterDays; i++) ready = nextDay(ready);
            }
            return { ...s, place: places[i]!, startMs: start, endMs: s.length === null ? null : start + s.length, ready };
          });
          const row = (s: (typeof stays)[number], ages: number[] | null, endMs: number | null) => ({
            place_id: s.place.id,
            began_by: 'intake' as const,
            started_at: new Date(s.startMs),
            ended_at: endMs === null ? null : new Date(endMs),
            exit_destination: endMs === null ? null : ('unknown' as const),
            adults: ages === null ? null : 1,
            child_ages: ages,
            child_sexes: ages === null ? null : ages.map(() => 'female' as const),
            ready_since: s.ready,
            waiting_for: s.ready ? ('housing' as const) : null,
          });
          const ids = new Map<number, string>();
          for (const [i, s] of stays.entries()) {
            if (s.late === 'stay') continue;
            const inserted = await db
              .insertInto('stays')
              .values(row(s, s.late === 'composition' ? null : s.ages, s.late === 'end' ? null : s.endMs))
              .returning('id')
              .executeTakeFirstOrThrow();
            ids.set(i, inserted.id);
          }
          const firstDay = amsterdamDate(WINDOW_START);
          const day = (n: number) => {
            let d = firstDay;
            for (let i = 0; i < n; i++) d = nextDay(d);
            return d;
          };
          const lastDay = day(WINDOW_DAYS);
          const cuts = [...history.cuts].sort((a, b) => a - b);
          for (const cut of cuts.filter((c) => c < history.lateAfterDay)) await closeDays(db, { through: day(cut), freshnessHours: 24 });
          await closeDays(db, { through: day(history.lateAfterDay), freshnessHours: 24 });
          // The late writes, as the write path makes them: a whole stay, a composition, an end.
          for (const [i, s] of stays.entries()) {
            if (s.late === 'stay')
              await db
                .insertInto('stays')
                .values(row(s, s.ages, s.endMs))
                .execute();
            if (s.late === 'composition')
              await db
                .updateTable('stays')
                .set({ adults: 1, child_ages: s.lateAges, child_sexes: s.lateAges.map(() => 'female' as const) })
                .where('id', '=', ids.get(i)!)
                .execute();
            if (s.late === 'end' && s.endMs !== null)
              await db
                .updateTable('stays')
                .set({ ended_at: new Date(s.endMs), exit_destination: 'unknown' })
                .where('id', '=', ids.get(i)!)
                .execute();
          }
          for (const cut of cuts.filter((c) => c > history.lateAfterDay)) await closeDays(db, { through: day(cut), freshnessHours: 24 });
          await closeDays(db, { through: lastDay, freshnessHours: 24 });

          const expected = new Map<string, Figures>();
          for (let d = firstDay; d <= lastDay; d = nextDay(d)) {
            const from = midnight(d);
            const until = midnight(nextDay(d));
            for (const s of stays) {
              const end = s.endMs ?? Infinity;
              if (!(s.startMs < until && end > from && end > s.startMs)) continue;
              const key = `${s.place.region} ${s.place.kind} ${d}`;
              const f = expected.get(key) ?? { stays: 0, blocked: 0, children_0_3: 0, children_4_11: 0, children_12_17: 0 };
              f.stays += 1;
              if (s.ready !== null && s.ready <= d) f.blocked += 1;
              for (const age of (s.late === 'composition' ? s.lateAges : s.ages) ?? []) {
                if (age <= 3) f.children_0_3 += 1;
                else if (age <= 11) f.children_4_11 += 1;
                else f.children_12_17 += 1;
              }
              expected.set(key, f);
            }
          }
          const rows = await db.selectFrom('stay_region_days').selectAll().where('scheme_code', '=', 'veiligheidsregio').execute();
          expect(
            new Map(
              rows.map((r) => [
                `${r.region_code} ${r.kind} ${r.day}`,
                {
                  stays: r.stays,
                  blocked: r.blocked,
                  children_0_3: r.children_0_3,
                  children_4_11: r.children_4_11,
                  children_12_17: r.children_12_17,
                },
              ]),
            ),
          ).toEqual(expected);

          // The weekly rollup: the same per ISO week over both kinds, the region's place-days beside them.
          const expectedWeeks = new Map<string, Figures & { place_days: number }>();
          const week = (key: string) =>
            expectedWeeks.get(key) ??
            expectedWeeks.set(key, { stays: 0, blocked: 0, children_0_3: 0, children_4_11: 0, children_12_17: 0, place_days: 0 }).get(key)!;
          for (const [key, f] of expected) {
            const [region, , d] = key.split(' ');
            const w = week(`${region} ${mondayOf(d!)}`);
            for (const column of ['stays', 'blocked', 'children_0_3', 'children_4_11', 'children_12_17'] as const) w[column] += f[column];
          }
          const regionDays = await db
            .selectFrom('region_days')
            .select(['region_code', 'day', 'places'])
            .where('scheme_code', '=', 'veiligheidsregio')
            .execute();
          for (const r of regionDays) week(`${r.region_code} ${mondayOf(r.day)}`).place_days += r.places;
          const weeks = await db.selectFrom('stay_region_weeks').selectAll().where('scheme_code', '=', 'veiligheidsregio').execute();
          expect(
            new Map(
              weeks.map((r) => [
                `${r.region_code} ${r.week}`,
                {
                  stays: r.stays,
                  blocked: r.blocked,
                  children_0_3: r.children_0_3,
                  children_4_11: r.children_4_11,
                  children_12_17: r.children_12_17,
                  place_days: r.place_days,
                },
              ]),
            ),
          ).toEqual(expectedWeeks);
        } finally {
          await Promise.all(open.splice(0).map((x) => x.drop()));
        }
      }),
      { numRuns: 20 },
    );
  });
});
