import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { FIT_RULES, failedRulesSql, type FitRule, type HouseholdFacts } from './fit.ts';

export interface SearchInput {
  requestId: string;
  facts: HouseholdFacts;
  /** The household's municipality: distances are measured from its centroid. None: no distances. */
  originMunicipality: string | null;
  preferRegions: string[];
  /** Far away on purpose (for safety): the most distant places first. */
  farAway: boolean;
  /** Offer again the places this request already held that were declined, released or expired. */
  includeEarlier: boolean;
  freshnessHours: number;
  page: number;
  pageSize: number;
  nearMissesPerRule: number;
}

export type MissRule = FitRule | 'stale';

export interface SearchHit {
  id: string;
  part: 'match' | 'miss';
  /** The one rule a near miss breaks. */
  rule: MissRule | null;
  /** For a match: all matches; for a near miss: all near misses of its rule. */
  count: number;
  distanceKm: number | null;
  preferred: boolean;
}

const avoided = FIT_RULES.find((r) => r.rule === 'avoidedRegion')!;

/**
 * One query over the available places: the fit rules, the ranking (preferred regions, then the
 * straight-line distance from the origin's centroid, then the most recently confirmed), the page of
 * matches and their total, and the nearest near misses per rule with a count per rule. A place in an
 * avoided region is neither a match nor a near miss; nor is a place this request already had a hold
 * on that ended, unless asked for.
 */
export async function searchPlaces(db: Db, input: SearchInput): Promise<SearchHit[]> {
  const seconds = sql.lit(Math.round(input.freshnessHours * 3600));
  const direction = input.farAway ? sql`DESC` : sql`ASC`;
  const rank = sql`preferred DESC, distance_km ${direction} NULLS LAST, confirmed_at DESC, id`;
  const { rows } = await sql<{ id: string; part: 'match' | 'miss'; rule: MissRule | null; count: string; distance_km: number | null; preferred: boolean }>`
    WITH origin AS (
      SELECT radians(latitude) AS lat, radians(longitude) AS lon FROM municipalities WHERE code = ${input.originMunicipality}::text
    ),
    candidates AS (
      SELECT p.id, p.confirmed_at,
        l.region_code = ANY(${input.preferRegions}::text[]) AS preferred,
        2 * 6371.0088 * asin(sqrt(
          power(sin((radians(m.latitude) - origin.lat) / 2), 2) +
          cos(origin.lat) * cos(radians(m.latitude)) * power(sin((radians(m.longitude) - origin.lon) / 2), 2)
        )) AS distance_km,
        ${failedRulesSql(input.facts)} || CASE WHEN p.confirmed_at < now() - make_interval(secs => ${seconds}) THEN ARRAY['stale'] ELSE '{}'::text[] END AS failed
      FROM places p
      JOIN locations l ON l.id = p.location_id
      JOIN municipalities m ON m.code = l.municipality_code
      LEFT JOIN origin ON true
      WHERE p.status = 'available'
        AND NOT ${avoided.sql(input.facts)}
        AND (${input.includeEarlier}::boolean OR NOT EXISTS (
          SELECT 1 FROM holds h WHERE h.request_id = ${input.requestId}::uuid AND h.place_id = p.id AND h.status IN ('declined', 'released', 'expired')))
    ),
    matches AS (
      SELECT id, 'match' AS part, NULL::text AS rule, distance_km, preferred, row_number() OVER (ORDER BY ${rank}) AS nth
      FROM candidates WHERE cardinality(failed) = 0
      ORDER BY nth LIMIT ${input.pageSize}::int OFFSET ${(input.page - 1) * input.pageSize}::int
    ),
    misses AS (
      SELECT id, 'miss' AS part, failed[1] AS rule, distance_km, preferred,
        count(*) OVER (PARTITION BY failed[1]) AS count, row_number() OVER (PARTITION BY failed[1] ORDER BY ${rank}) AS nth
      FROM candidates WHERE cardinality(failed) = 1
    )
    SELECT id, part, rule, (SELECT count(*) FROM candidates WHERE cardinality(failed) = 0) AS count, distance_km, preferred, nth FROM matches
    UNION ALL
    SELECT id, part, rule, count, distance_km, preferred, nth FROM misses WHERE nth <= ${input.nearMissesPerRule}::int
    ORDER BY part, rule, nth
  `.execute(db);
  return rows.map((r) => ({ id: r.id, part: r.part, rule: r.rule, count: Number(r.count), distanceKm: r.distance_km, preferred: r.preferred }));
}

/** The total of matches alone, for a page past the last one (where no row carries it). */
export async function countMatches(db: Db, input: SearchInput): Promise<number> {
  const hits = await searchPlaces(db, { ...input, page: 1, pageSize: 1, nearMissesPerRule: 0 });
  return hits.find((h) => h.part === 'match')?.count ?? 0;
}
