import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
import type { CapacityRow, OccupancyRow, PlaceTimeInterval } from './statistics.schema.ts';
import type { StatisticsFilters } from './statistics-filters.repository.ts';

// Capacity and occupancy read only the closed days of region_days (cost ∝ days × regions, never
// events). Days after rollup_state.closed_through, such as today, have no rows yet.

// pg returns bigint and numeric sums as strings; these figures stay far below 2^53.
type Sum = string | number;

interface GroupKey {
  period: string;
  region_code: string;
  region_name: string;
  kind: PlaceKind;
}

type PlaceTimeFilters = StatisticsFilters<PlaceTimeInterval>;

/** A period's length as a PostgreSQL interval (which has no '1 quarter'). */
const PERIOD_LENGTH: Record<PlaceTimeInterval, string> = { day: '1 day', week: '1 week', month: '1 month', quarter: '3 months', year: '1 year' };

/** The region_days rows of the filters, each with its period and its region's name. */
function filteredDays(f: PlaceTimeFilters) {
  return sql`
    SELECT rd.*, to_char(date_trunc(${f.interval}, rd.day::timestamp), 'YYYY-MM-DD') AS period,
      coalesce(r.name, rd.region_code) AS region_name
    FROM region_days rd
    -- A closed day outlives a re-imported scheme (no foreign key): a region gone from it keeps its code.
    LEFT JOIN regions r ON r.scheme_code = rd.scheme_code AND r.code = rd.region_code
    WHERE rd.scheme_code = ${f.scheme}
      AND rd.day BETWEEN ${f.from}::date AND ${f.to}::date
      ${f.regionCodes ? sql`AND rd.region_code = ANY(${f.regionCodes}::text[])` : sql``}
      ${f.kind ? sql`AND rd.kind = ${f.kind}` : sql``}`;
}

export async function capacityRows(db: Db, f: PlaceTimeFilters): Promise<CapacityRow[]> {
  // A period's capacity is that of its last day within [from, to] that is closed; a region without
  // places that day has 0 (it still gets a row, having had places earlier in the period).
  const { rows } = await sql<GroupKey & { places: Sum; beds: Sum }>`
    WITH d AS (${filteredDays(f)}),
    last AS (
      SELECT period, least(
        (date_trunc(${f.interval}, period::timestamp) + ${PERIOD_LENGTH[f.interval]}::interval - interval '1 day')::date,
        ${f.to}::date,
        (SELECT closed_through FROM rollup_state)) AS day
      FROM d GROUP BY period
    )
    SELECT d.period, d.region_code, d.region_name, d.kind,
      coalesce(sum(d.places) FILTER (WHERE d.day = last.day), 0) AS places,
      coalesce(sum(d.beds) FILTER (WHERE d.day = last.day), 0) AS beds
    FROM d JOIN last USING (period)
    GROUP BY d.period, d.region_code, d.region_name, d.kind
    ORDER BY d.period, d.region_code, d.kind`.execute(db);
  return rows.map((r) => ({ ...key(r), places: Number(r.places), beds: Number(r.beds) }));
}

export async function occupancyRows(db: Db, f: PlaceTimeFilters): Promise<OccupancyRow[]> {
  const { rows } = await sql<GroupKey & Record<'available' | 'held' | 'occupied' | 'unavailable' | 'unknown', Sum>>`
    WITH d AS (${filteredDays(f)})
    SELECT period, region_code, region_name, kind,
      sum(available_seconds) AS available, sum(held_seconds) AS held, sum(occupied_seconds) AS occupied,
      sum(unavailable_seconds) AS unavailable, sum(stale_seconds) AS unknown
    FROM d
    GROUP BY period, region_code, region_name, kind
    ORDER BY period, region_code, kind`.execute(db);
  return rows.map((r) => {
    const s = {
      available: Number(r.available),
      held: Number(r.held),
      occupied: Number(r.occupied),
      unavailable: Number(r.unavailable),
      unknown: Number(r.unknown),
    };
    const placeSeconds = s.available + s.held + s.occupied + s.unavailable + s.unknown;
    const usable = placeSeconds - s.unavailable - s.unknown;
    const share = (part: number) => (placeSeconds === 0 ? 0 : round4(part / placeSeconds));
    return {
      ...key(r),
      placeSeconds,
      availableSeconds: s.available,
      heldSeconds: s.held,
      occupiedSeconds: s.occupied,
      unavailableSeconds: s.unavailable,
      unknownSeconds: s.unknown,
      occupancyRate: usable === 0 ? null : round4(s.occupied / usable),
      availableShare: share(s.available),
      heldShare: share(s.held),
      occupiedShare: share(s.occupied),
      unavailableShare: share(s.unavailable),
      unknownShare: share(s.unknown),
    };
  });
}

function key(r: GroupKey) {
  return { period: r.period, regionCode: r.region_code, regionName: r.region_name, kind: r.kind };
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
