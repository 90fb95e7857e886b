import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { TIME_ZONE } from './rollups.ts';

// Demand and flows read placement_requests directly: one row per household, few enough to aggregate
// on the fly. Only counts per week, region and outcome leave this module, never single requests; they
// are published only through disclosure control (demand-publication.ts).

type Count = string | number;

export const OUTCOMES = ['placed', 'noPlace', 'withdrawn', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Requests of the weeks, each with its outcome as it stood when its week closed (later changes do not count). */
function requestsOfWeeks(weeks: string[], lagDays: number) {
  return sql`
    SELECT pr.*, w.monday::text AS week,
      CASE WHEN pr.closed_at < ((w.monday + 7 + ${lagDays}::int)::timestamp AT TIME ZONE ${TIME_ZONE}) THEN pr.status::text ELSE 'open' END AS outcome
    FROM placement_requests pr
    CROSS JOIN LATERAL (SELECT date_trunc('week', pr.created_at AT TIME ZONE ${TIME_ZONE})::date AS monday) w
    WHERE pr.created_at >= (${weeks[0]}::date::timestamp AT TIME ZONE ${TIME_ZONE})
      AND pr.created_at < ((${weeks.at(-1)}::date + 7)::timestamp AT TIME ZONE ${TIME_ZONE})
      AND w.monday = ANY(${weeks}::date[])`;
}

export interface RegionWeekCounts {
  week: string;
  region: string;
  counts: Record<Outcome, number>;
}

const OUTCOME_OF_STATUS: Record<string, Outcome> = { placed: 'placed', no_place: 'noPlace', withdrawn: 'withdrawn', open: 'open' };

export async function weekCounts(db: Db, weeks: string[], lagDays: number): Promise<RegionWeekCounts[]> {
  if (weeks.length === 0) return [];
  const { rows } = await sql<{ week: string; region: string; outcome: string; n: Count }>`
    SELECT week, origin_region AS region, outcome, count(*) AS n FROM (${requestsOfWeeks(weeks, lagDays)}) r
    GROUP BY 1, 2, 3`.execute(db);
  const found = new Map<string, RegionWeekCounts>();
  for (const row of rows) {
    const key = `${row.week} ${row.region}`;
    const entry = found.get(key) ?? { week: row.week, region: row.region, counts: { placed: 0, noPlace: 0, withdrawn: 0, open: 0 } };
    entry.counts[OUTCOME_OF_STATUS[row.outcome]!] += Number(row.n);
    found.set(key, entry);
  }
  return [...found.values()];
}

export interface FlowWeekCount {
  week: string;
  origin: string;
  placement: string;
  placed: number;
}

export async function flowCounts(db: Db, weeks: string[], lagDays: number): Promise<FlowWeekCount[]> {
  if (weeks.length === 0) return [];
  const { rows } = await sql<{ week: string; origin: string; placement: string; n: Count }>`
    SELECT week, origin_region AS origin, placed_region AS placement, count(*) AS n FROM (${requestsOfWeeks(weeks, lagDays)}) r
    WHERE outcome = 'placed'
    GROUP BY 1, 2, 3`.execute(db);
  return rows.map((r) => ({ week: r.week, origin: r.origin, placement: r.placement, placed: Number(r.n) }));
}

export interface WaitFigures {
  period: string;
  /** null: the nation. */
  region: string | null;
  median: number;
  p90: number;
}

/** Median and 90th percentile of minutes to placement of the requests placed by their week's close, per period, per region and nationally. */
export async function waitFigures(db: Db, weeks: string[], lagDays: number, interval: 'week' | 'month'): Promise<WaitFigures[]> {
  if (weeks.length === 0) return [];
  // A month is the weeks whose Thursday falls in it (demand-periods.ts).
  const period = interval === 'week' ? sql`week` : sql`to_char(date_trunc('month', week::date + 3), 'YYYY-MM-DD')`;
  const minutes = sql`extract(epoch FROM closed_at - created_at) / 60`;
  const { rows } = await sql<{ period: string; region: string | null; median: number; p90: number }>`
    SELECT period, region,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90
    FROM (
      SELECT ${period} AS period, origin_region AS region, ${minutes} AS minutes
      FROM (${requestsOfWeeks(weeks, lagDays)}) r WHERE outcome = 'placed'
    ) placed
    GROUP BY GROUPING SETS ((period, region), (period))`.execute(db);
  return rows.map((r) => ({ period: r.period, region: r.region, median: Number(r.median), p90: Number(r.p90) }));
}

/** The regions of the default scheme, code and name: every one is a row, with households or without. */
export async function demandRegions(db: Db, scheme: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', scheme).orderBy('code').execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
