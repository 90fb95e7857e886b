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
 * the daily ones, merged here: float sums (exact far below 2^53) and no join in the database.
 */
export function periodSumQueries(f: StatisticsFilters, first: string, last: string) {
  if (f.interval === 'week')
    return [
      sql<SumRow>`
        SELECT week::text AS period, region_code, stays::float8 AS stays, blocked::float8 AS blocked, children_0_3::float8 AS c0,
          children_4_11::float8 AS c4, children_12_17::float8 AS c12, place_days::float8 AS place_days
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

async function periodSums(db: Db, f: StatisticsFilters, first: string, last: string) {
  const results = await Promise.all(periodSumQueries(f, first, last).map((query) => query.execute(db)));
  const sums = new Map<string, Sums>();
  const at = (key: string) => sums.get(key) ?? sums.set(key, { stays: 0, blocked: 0, c0: 0, c4: 0, c12: 0, placeDays: 0 }).get(key)!;
  for (const r of results.flatMap((result) => result.rows)) {
    const sum = at(`${r.period} ${r.region_code}`);
    sum.stays += Number(r.stays);
    sum.blocked += Number(r.blocked);
    sum.c0 += Number(r.c0);
    sum.c4 += Number(r.c4);
    sum.c12 += Number(r.c12);
    sum.placeDays += Number(r.place_days);
  }
  return sums;
}

export async function publishStays(db: Db, f: StatisticsFilters, rules: DisclosureRules): Promise<StayRow[]> {
  const state = await db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow();
  const periods = closedPeriods(f.from, f.to, f.interval, state.closed_through);
  if (!periods.length) return [];
  const regions = new Map(
    (await db.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', f.scheme).orderBy('code').execute()).map((r) => [r.code, r.name]),
  );
  const sums = await periodSums(db, f, periods[0]!.start, periods.at(-1)!.last);
  // A closed day outlives a re-imported scheme: a region gone from it keeps its code as its name.
  for (const key of sums.keys()) {
    const code = key.split(' ')[1]!;
    if (!regions.has(code)) regions.set(code, code);
  }
  const codes = [...regions.keys()].sort();
  const shown = [...codes.filter((code) => !f.regionCodes || f.regionCodes.includes(code)), NATION.code];

  return periods.flatMap(({ start, days }) => {
    const of = (code: string) => sums.get(`${start} ${code}`) ?? { stays: 0, blocked: 0, c0: 0, c4: 0, c12: 0, placeDays: 0 };
    const mean = (x: number) => Math.round(x / days);
    const withTotals = (interior: number[][]) => {
      const rows = interior.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
      return [...rows, rows[0]!.map((_, j) => rows.reduce((sum, row) => sum + row[j]!, 0))];
    };
    const children = withTotals(codes.map((code) => [mean(of(code).c0), mean(of(code).c4), mean(of(code).c12)]));
    const households = withTotals(
      codes.map((code) => {
        const blocked = mean(of(code).blocked);
        return [blocked, mean(of(code).stays) - blocked];
      }),
    );
    const hiddenChildren = protectTable(children, rules);
    const hiddenHouseholds = protectTable(households, rules);
    const nation = codes.reduce((sum, code) => ({ blocked: sum.blocked + of(code).blocked, placeDays: sum.placeDays + of(code).placeDays }), {
      blocked: 0,
      placeDays: 0,
    });
    return shown.map((code) => {
      const i = code === NATION.code ? codes.length : codes.indexOf(code);
      const raw = code === NATION.code ? nation : of(code);
      const blockedHidden = hiddenHouseholds[i]![0]!;
      return {
        period: start,
        regionCode: code,
        regionName: code === NATION.code ? NATION.name : regions.get(code)!,
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
