import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { round4 } from './region-days.repository.ts';
import { TIME_ZONE } from './rollups.ts';
import { SUPPRESSED } from './statistics-columns.schema.ts';
import type { DemandRow, FlowRow } from './statistics.schema.ts';
import type { StatisticsFilters } from './statistics-filters.repository.ts';

// Demand and flows read placement_requests directly: one row per household, few enough to aggregate
// on the fly. Only aggregates leave this module; single requests and places never do.

type Count = string | number;

/** Small-number suppression of definition v1: a count under 5 is "<5". */
export function suppress(count: number): number | typeof SUPPRESSED {
  return count < 5 ? SUPPRESSED : count;
}

/** Requests made on the days [from, to] in the Netherlands. */
function madeWithin(f: StatisticsFilters) {
  return sql`pr.created_at >= (${f.from}::date::timestamp AT TIME ZONE ${TIME_ZONE})
    AND pr.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})`;
}

const minutesToPlacement = sql`extract(epoch FROM pr.closed_at - pr.created_at) / 60`;

/**
 * `national`: the regions together. Summing per-region rows cannot give this: most regions have
 * under 5 households without a place in a week, so every national sum would contain a "<5".
 */
export async function demandRows(db: Db, f: StatisticsFilters, options: { national?: boolean } = {}): Promise<DemandRow[]> {
  const together = f.regionCodes ? f.regionCodes.join('+') : 'NL';
  const region = options.national
    ? sql`${together}::text AS region_code, ${f.regionCodes ? together : 'Nederland'}::text AS region_name`
    : sql`pr.origin_region AS region_code, r.name AS region_name`;
  const { rows } = await sql<{
    period: string; region_code: string; region_name: string | null;
    requests: Count; placed: Count; no_place: Count; withdrawn: Count; outside: Count;
    median: number | null; p90: number | null;
  }>`
    SELECT to_char(date_trunc(${f.interval}, pr.created_at AT TIME ZONE ${TIME_ZONE}), 'YYYY-MM-DD') AS period,
      ${region},
      count(*) AS requests,
      count(*) FILTER (WHERE pr.status = 'placed') AS placed,
      count(*) FILTER (WHERE pr.status = 'no_place') AS no_place,
      count(*) FILTER (WHERE pr.status = 'withdrawn') AS withdrawn,
      count(*) FILTER (WHERE pr.status = 'placed' AND pr.placed_region <> pr.origin_region) AS outside,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutesToPlacement}) FILTER (WHERE pr.status = 'placed') AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutesToPlacement}) FILTER (WHERE pr.status = 'placed') AS p90
    FROM placement_requests pr
    LEFT JOIN regions r ON r.scheme_code = ${f.scheme} AND r.code = pr.origin_region
    WHERE ${madeWithin(f)}
      ${f.regionCodes ? sql`AND pr.origin_region = ANY(${f.regionCodes}::text[])` : sql``}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2`.execute(db);
  return rows.map((r) => {
    const placed = Number(r.placed);
    // Derived figures of fewer than 5 placements would tell about single households.
    const derived = placed >= 5;
    return {
      period: r.period,
      regionCode: r.region_code,
      regionName: r.region_name ?? r.region_code,
      requests: suppress(Number(r.requests)),
      placed: suppress(placed),
      noPlace: suppress(Number(r.no_place)),
      withdrawn: suppress(Number(r.withdrawn)),
      medianMinutesToPlacement: derived && r.median !== null ? round1(Number(r.median)) : null,
      p90MinutesToPlacement: derived && r.p90 !== null ? round1(Number(r.p90)) : null,
      placedOutsideOriginShare: derived ? round4(Number(r.outside) / placed) : null,
    };
  });
}

export async function flowRows(db: Db, f: StatisticsFilters): Promise<FlowRow[]> {
  // A region filter keeps every flow that starts or ends in one of the regions: its outflow and inflow.
  const { rows } = await sql<{ origin: string; origin_name: string | null; placement: string; placement_name: string | null; placed: Count }>`
    SELECT pr.origin_region AS origin, o.name AS origin_name, pr.placed_region AS placement, p.name AS placement_name, count(*) AS placed
    FROM placement_requests pr
    LEFT JOIN regions o ON o.scheme_code = ${f.scheme} AND o.code = pr.origin_region
    LEFT JOIN regions p ON p.scheme_code = ${f.scheme} AND p.code = pr.placed_region
    WHERE pr.status = 'placed' AND ${madeWithin(f)}
      ${f.regionCodes ? sql`AND (pr.origin_region = ANY(${f.regionCodes}::text[]) OR pr.placed_region = ANY(${f.regionCodes}::text[]))` : sql``}
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 3`.execute(db);
  return rows.map((r) => ({
    originRegionCode: r.origin,
    originRegionName: r.origin_name ?? r.origin,
    placementRegionCode: r.placement,
    placementRegionName: r.placement_name ?? r.placement,
    placed: suppress(Number(r.placed)),
  }));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
