import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { mondayOf } from './demand-periods.ts';
import { NATION } from './demand-publication.ts';
import { type DisclosureRules, protectTable, publish } from './disclosure.ts';
import type { StayRow } from './statistics.schema.ts';
import { addDays, type StatisticsFilters } from './statistics-filters.repository.ts';

// Stay figures as published: households, blocked place-days and children by age band per closed period
// and region, from the stay rollups (stay_region_days, and stay_region_weeks for weeks) and nothing else.
//
// Counts of households and children pass disclosure control as fixed tables, one pair per period: all
// regions of the scheme and the nation's row (their total) × the age bands and their total, and × blocked,
// not blocked and all households. Cells are means per day over the period, rounded first, so that the
// margins are the sums of what is shown. A period is published only when all its days are closed.

type Interval = StatisticsFilters['interval'];

function periodStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'week') return mondayOf(day);
  return `${day.slice(0, 7)}-01`;
}

function nextPeriod(start: string, interval: Interval): string {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** The periods that start within [from, to] and whose every day is closed. */
export function closedPeriods(
  from: string,
  to: string,
  interval: Interval,
  closedThrough: string | null,
): Array<{ start: string; last: string; days: number }> {
  const periods = [];
  if (closedThrough === null) return [];
  for (let start = periodStart(from, interval); start <= to; start = nextPeriod(start, interval)) {
    const next = nextPeriod(start, interval);
    const last = addDays(next, -1);
    if (start < from) continue;
    if (last > closedThrough) break;
    periods.push({ start, last, days: Math.round((Date.parse(next) - Date.parse(start)) / 86_400_000) });
  }
  return periods;
}

interface Sums {
  stays: number;
  blocked: number;
  c0: number;
  c4: number;
  c12: number;
  placeDays: number;
}

/** A day's period start as text (days and months; weeks have their own rollup). */
function periodOf(interval: Exclude<Interval, 'week'>) {
  return interval === 'day' ? sql`day::text` : sql`to_char(day, 'YYYY-MM-01')`;
}

interface SumRow {
  period: string;
  region_code: string;
  stays: number;
  blocked: number;
  c0: number;
  c4: number;
  c12: number;
  place_days: number;
}

/**
 * The sums behind the figures (exported so that the benchmark can show their plans). Weeks read the
 * weekly rollup (weeks × regions, migration 2026_11_26_0200); days and months two plain aggregations of
 * the daily ones, merged here: float sums (exact far below 2^53) and no join in the database. The weekly
 * columns are integers, read as they are (cheaper to read than floats).
 */
export function periodSumQueries(f: StatisticsFilters, first: string, last: string) {
  if (f.interval === 'week')
    return [
      sql<SumRow>`
        SELECT week::text AS period, region_code, stays, blocked, children_0_3 AS c0, children_4_11 AS c4, children_12_17 AS c12, place_days
        FROM stay_region_weeks
        WHERE scheme_code = ${f.scheme} AND week BETWEEN ${first}::date AND ${last}::date`,
    ];
  const period = periodOf(f.interval);
  return [
    sql<SumRow>`
      SELECT ${period} AS period, region_code, sum(stays::float8) AS stays, sum(blocked::float8) AS blocked,
        sum(children_0_3::float8) AS c0, sum(children_4_11::float8) AS c4, sum(children_12_17::float8) AS c12, 0 AS place_days
      FROM stay_region_days
      WHERE scheme_code = ${f.scheme} AND day BETWEEN ${first}::date AND ${last}::date
      GROUP BY 1, 2`,
    sql<SumRow>`
      SELECT ${period} AS period, region_code, 0 AS stays, 0 AS blocked, 0 AS c0, 0 AS c4, 0 AS c12, sum(places::float8) AS place_days
      FROM region_days
      WHERE scheme_code = ${f.scheme} AND day BETWEEN ${first}::date AND ${last}::date
      GROUP BY 1, 2`,
  ];
}

const NOTHING: Sums = { stays: 0, blocked: 0, c0: 0, c4: 0, c12: 0, placeDays: 0 };

/** The sums per period start, then per region code. */
async function periodSums(db: Db, queries: ReturnType<typeof periodSumQueries>): Promise<Map<string, Map<string, Sums>>> {
  const results = await Promise.all(queries.map((query) => query.execute(db)));
  const sums = new Map<string, Map<string, Sums>>();
  for (const result of results) {
    for (const r of result.rows) {
      let period = sums.get(r.period);
      if (!period) sums.set(r.period, (period = new Map()));
      const sum = period.get(r.region_code);
      if (!sum) {
        period.set(r.region_code, { stays: r.stays, blocked: r.blocked, c0: r.c0, c4: r.c4, c12: r.c12, placeDays: r.place_days });
        continue;
      }
      sum.stays += r.stays;
      sum.blocked += r.blocked;
      sum.c0 += r.c0;
      sum.c4 += r.c4;
      sum.c12 += r.c12;
      sum.placeDays += r.place_days;
    }
  }
  return sums;
}

/** A table's rows with each row's total appended, then the row of column totals. */
function withTotals(interior: number[][]): number[][] {
  const rows = interior.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  return [...rows, rows[0]!.map((_, j) => rows.reduce((sum, row) => sum + row[j]!, 0))];
}

// Published figures, kept while the sums behind them and the scheme's regions are unchanged. Reading
// five years of weekly sums (7,000 rows) cost more than everything else (npm run bench -- stays). The
// key is the last closed day and stays_version, a counter that goes up in the same transaction as any
// change to the tables the sums read: closing a day, and a late entry correcting closed days (migration
// 2026_11_28_0200). Closed periods alone are not enough of a key: a late entry changes the sums of closed
// days (migration 2026_11_26_0200). A kept result is frozen: it is handed to every caller.
const publishedStays = new Map<string, readonly StayRow[]>();
const KEPT_RESULTS = 50;

/** What the sums were computed from: one row, whatever the history's length. */
const stateOf = (reader: Db) =>
  reader
    .selectFrom('rollup_state')
    .innerJoin('stays_version', (join) => join.onTrue())
    .select(['rollup_state.closed_through', 'stays_version.version'])
    .executeTakeFirstOrThrow();

export async function publishStays(db: Db, f: StatisticsFilters, rules: DisclosureRules): Promise<readonly StayRow[]> {
  const regionsOf = (reader: Db) => reader.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', f.scheme).orderBy('code').execute();
  const keyOf = (regionRows: unknown, state: { closed_through: string | null; version: string }) =>
    JSON.stringify([f, rules, state.closed_through, state.version, regionRows]);
  const [regionRows, state] = await Promise.all([regionsOf(db), stateOf(db)]);
  const periods = closedPeriods(f.from, f.to, f.interval, state.closed_through);
  if (!periods.length) return [];
  const kept = publishedStays.get(keyOf(regionRows, state));
  if (kept) return kept;
  // The sums, the state they were read at and the regions in one snapshot, so that what is kept is what
  // was read (the last closed day too: a day closed in between cannot lend its key to the older sums).
  const { key, rows } = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const [regionRows, state] = await Promise.all([regionsOf(trx), stateOf(trx)]);
      const periods = closedPeriods(f.from, f.to, f.interval, state.closed_through);
      if (!periods.length) return { key: keyOf(regionRows, state), rows: Object.freeze([]) };
      const sums = await periodSums(trx, periodSumQueries(f, periods[0]!.start, periods.at(-1)!.last));
      return { key: keyOf(regionRows, state), rows: Object.freeze(publishPeriods(f, rules, periods, regionRows, sums)) };
    });
  if (publishedStays.size >= KEPT_RESULTS) publishedStays.clear();
  publishedStays.set(key, rows);
  return rows;
}

/** The figures of each closed period, protected table by table. */
function publishPeriods(
  f: StatisticsFilters,
  rules: DisclosureRules,
  periods: ReturnType<typeof closedPeriods>,
  regionRows: Array<{ code: string; name: string }>,
  sums: Map<string, Map<string, Sums>>,
): StayRow[] {
  const regions = new Map(regionRows.map((r) => [r.code, r.name]));
  // A closed day outlives a re-imported scheme: a region gone from it keeps its code as its name.
  for (const period of sums.values()) for (const code of period.keys()) if (!regions.has(code)) regions.set(code, code);
  const codes = [...regions.keys()].sort();
  // Rows shown: indexes into codes, and the nation's row (the totals) last.
  const shown = [...codes.flatMap((code, i) => (!f.regionCodes || f.regionCodes.includes(code) ? [i] : [])), codes.length];

  return periods.flatMap(({ start, days }) => {
    const period = sums.get(start);
    const of = codes.map((code) => period?.get(code) ?? NOTHING);
    const mean = (x: number) => Math.round(x / days);
    const children = withTotals(of.map((sum) => [mean(sum.c0), mean(sum.c4), mean(sum.c12)]));
    const households = withTotals(
      of.map((sum) => {
        const blocked = mean(sum.blocked);
        return [blocked, mean(sum.stays) - blocked];
      }),
    );
    const hiddenChildren = protectTable(children, rules);
    const hiddenHouseholds = protectTable(households, rules);
    const nation = of.reduce((total, sum) => ({ blocked: total.blocked + sum.blocked, placeDays: total.placeDays + sum.placeDays }), {
      blocked: 0,
      placeDays: 0,
    });
    return shown.map((i) => {
      const isNation = i === codes.length;
      const raw = isNation ? nation : of[i]!;
      const blockedHidden = hiddenHouseholds[i]![0]!;
      return {
        period: start,
        regionCode: isNation ? NATION.code : codes[i]!,
        regionName: isNation ? NATION.name : regions.get(codes[i]!)!,
        days,
        households: publish(households[i]![2]!, hiddenHouseholds[i]![2]!),
        blockedPlaceDays: publish(raw.blocked, blockedHidden),
        blockedShare: blockedHidden || raw.placeDays === 0 ? null : Math.round((raw.blocked / raw.placeDays) * 10_000) / 10_000,
        children0to3: publish(children[i]![0]!, hiddenChildren[i]![0]!),
        children4to11: publish(children[i]![1]!, hiddenChildren[i]![1]!),
        children12to17: publish(children[i]![2]!, hiddenChildren[i]![2]!),
        children: publish(children[i]![3]!, hiddenChildren[i]![3]!),
      };
    });
  });
}
