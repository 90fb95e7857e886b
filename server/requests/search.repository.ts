import { type Compilable, type CompiledQuery, type RawBuilder, sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { preparedTemplate, type SlotOf } from '../../db/prepared-statements.ts';
import { type PlaceRow, placesQuery } from '../places/places.repository.ts';
import {
  type FactsSql,
  factsSql,
  failedRulesSql,
  FIT_RULES,
  type FitRule,
  fitsSql,
  type HouseholdFacts,
  requestFactColumns,
  rulesOfMask,
  STALE_BIT,
} from './fit.ts';

export interface SearchInput {
  /** The request searched for: its household, regions, origin and far-away choice are read with the search. */
  requestId: string;
  /** Offer again the places this request already held that were declined, released or expired. */
  includeEarlier: boolean;
  freshnessHours: number;
  page: number;
  pageSize: number;
  nearMissesPerRule: number;
}

export type MissRule = FitRule | 'stale';

type SearchRow = { id: string; part: 'match' | 'miss'; rule: number; count: string; distance_km: number | null; preferred: boolean; nth: string };
/** A statement's row: the request's team, and a hit with its place's whole row (none: no hit). */
type ResultRow = { request_team_id: string } & ((PlaceRow & SearchRow) | { [K in keyof (PlaceRow & SearchRow)]: null });

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

/** What varies from search to search: the statements' parameters. */
type SearchValues = Pick<SearchInput, 'requestId' | 'nearMissesPerRule'> & { limit: number; offset: number };

/** What shapes a statement's text: one prepared statement for each (a handful). */
type Shape = Pick<SearchInput, 'includeEarlier' | 'freshnessHours'>;

type Slot = SlotOf<SearchValues>;

/**
 * The request (its household's facts as columns, see fit.ts) and the hits joined to the whole rows of
 * the few places shown, in one statement: one round trip, and one snapshot, so a place held meanwhile
 * is never shown as available. No hit: one row with the request's team alone; no request: no row.
 */
function withRequestAndRows(db: Db, shape: Shape, slot: Slot, hits: RawBuilder<SearchRow>): Compilable<ResultRow> {
  const rows = placesQuery(db, shape.freshnessHours)
    .innerJoin(sql<SearchRow>`(${hits})`.as('hit'), (join) => join.onRef('hit.id', '=', 'places.id'))
    .select(['hit.part', 'hit.rule', 'hit.count', 'hit.distance_km', 'hit.preferred', 'hit.nth']);
  const statement = sql<ResultRow>`
    WITH req AS MATERIALIZED (
      SELECT r.team_id, r.origin_municipality, r.prefer_regions, r.far_away, ${requestFactColumns(sql`r`)}
      FROM placement_requests r WHERE r.id = ${slot('requestId')}::uuid
    )
    SELECT req.team_id AS request_team_id, x.* FROM req LEFT JOIN (${rows}) x ON true
    ORDER BY x.part, x.rule, x.nth`;
  return { compile: () => statement.compile(db) };
}

/** A value of the request read in the statement: an init plan, worked out once, not per place. */
const fromRequest = (column: string) => sql`(SELECT ${sql.ref(`req.${column}`)} FROM req)`;
const facts = factsSql((fact: keyof HouseholdFacts) => fromRequest(fact));

/** Straight-line distance in km from the origin's centroid `o` to the municipality `m`. */
const haversine = sql<number>`2 * 6371.0088 * asin(sqrt(
  power(sin(radians(m.latitude - o.latitude) / 2), 2) +
  cos(radians(o.latitude)) * cos(radians(m.latitude)) * power(sin(radians(m.longitude - o.longitude) / 2), 2)))`;

/**
 * The distance from the origin to every municipality (code, distance_km), as a CTE both statements
 * join: 342 distances, however many places, where a distance per place costs most of the search.
 */
const distances = sql`distances AS MATERIALIZED (
      SELECT m.code, ${haversine} AS distance_km
      FROM municipalities m LEFT JOIN municipalities o ON o.code = ${fromRequest('origin_municipality')}
    )`;

/**
 * What both statements share: available places outside avoided regions, and not a place whose hold
 * for this request ended (unless asked for). Those places are read once into an array (an init plan),
 * not looked up again for every available place.
 */
function offerable(shape: Shape, slot: Slot, facts: FactsSql) {
  return sql`p.status = 'available' AND NOT ${avoided.sql(facts)}
    ${
      shape.includeEarlier
        ? sql``
        : sql`AND p.id <> ALL(ARRAY(
      SELECT h.place_id FROM holds h WHERE h.request_id = ${slot('requestId')}::uuid AND h.status IN ('declined', 'released', 'expired')))`
    }`;
}

/** Preferred regions, then distance (far away on purpose: the most distant first), then the most recently confirmed. */
const RANK = sql`preferred DESC, CASE WHEN ${fromRequest('far_away')} THEN -distance_km ELSE distance_km END NULLS LAST, confirmed_at DESC, id`;

const preferred = sql`l.region_code = ANY(${fromRequest('prefer_regions')}::text[])`;

const freshSince = (shape: Shape) => sql`now() - make_interval(secs => ${sql.lit(Math.round(shape.freshnessHours * 3600))})`;

/**
 * The page of places that fit, ranked, each carrying the total: one statement over the index of
 * available places, the fit rules in its WHERE clause (PostgreSQL stops at the first rule a place
 * breaks), the total counted in the same pass and only the page sorted (a top-N sort); the page's
 * order numbered after the limit, over its few rows.
 */
const matchesStatement = (db: Db, shape: Shape, slot: Slot) =>
  withRequestAndRows(
    db,
    shape,
    slot,
    sql<SearchRow>`
    WITH ${distances}
    SELECT id, 'match' AS part, 0 AS rule, count, distance_km, preferred, row_number() OVER (ORDER BY ${RANK}) AS nth
    FROM (
      SELECT p.id, p.confirmed_at, d.distance_km, ${preferred} AS preferred, count(*) OVER () AS count
      FROM places p
      JOIN locations l ON l.id = p.location_id
      JOIN distances d ON d.code = l.municipality_code
      WHERE ${offerable(shape, slot, facts)} AND p.confirmed_at >= ${freshSince(shape)} AND ${fitsSql(facts)}
      ORDER BY ${RANK} LIMIT ${slot('limit')}::int OFFSET ${slot('offset')}::int
    ) page`,
  );

/**
 * The nearest near misses per rule with a count per rule: available places that break exactly one
 * rule, or fit but are stale (their status is unknown). Every available place is checked against
 * every rule, which is why this is its own statement, asked for once per request, not per search.
 */
const nearMissesStatement = (db: Db, shape: Shape, slot: Slot) =>
  withRequestAndRows(
    db,
    shape,
    slot,
    sql<SearchRow>`
    WITH ${distances},
    candidates AS (
      SELECT p.id, p.confirmed_at, d.distance_km,
        ${preferred} AS preferred,
        ${failedRulesSql(facts)} + CASE WHEN p.confirmed_at < ${freshSince(shape)} THEN ${sql.lit(STALE_BIT)} ELSE 0 END AS failed
      FROM places p
      JOIN locations l ON l.id = p.location_id
      JOIN distances d ON d.code = l.municipality_code
      WHERE ${offerable(shape, slot, facts)}
    ),
    misses AS (
      SELECT id, 'miss' AS part, failed AS rule, distance_km, preferred,
        count(*) OVER (PARTITION BY failed) AS count, row_number() OVER (PARTITION BY failed ORDER BY ${RANK}) AS nth
      FROM candidates WHERE failed > 0 AND failed & (failed - 1) = 0 -- exactly one bit: one rule broken
    )
    SELECT id, part, rule, count, distance_km, preferred, nth FROM misses WHERE nth <= ${slot('nearMissesPerRule')}::int`,
  );

// Each statement is built and compiled once per shape, then run with new values only.
const templates = new Map<string, (values: SearchValues) => CompiledQuery<ResultRow>>();

const STATEMENTS = { matches: matchesStatement, nearMisses: nearMissesStatement };

/** What a search found: the request's team (undefined: no such request) and the hits. */
export interface SearchResult {
  teamId: string | undefined;
  hits: Array<SearchHit & { row: PlaceRow }>;
}

async function run(db: Db, statement: keyof typeof STATEMENTS, input: SearchInput): Promise<SearchResult> {
  const key = `${statement}:${input.includeEarlier}:${input.freshnessHours}`;
  let template = templates.get(key);
  if (!template) templates.set(key, (template = preparedTemplate<SearchValues, ResultRow>((slot) => STATEMENTS[statement](db, input, slot))));
  const { rows } = await db.executeQuery(
    template({
      requestId: input.requestId,
      nearMissesPerRule: input.nearMissesPerRule,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    }),
  );
  const ruleOf = (mask: number): MissRule | null => (mask === 0 ? null : mask === STALE_BIT ? 'stale' : rulesOfMask(mask)[0]!);
  const hits: SearchResult['hits'] = [];
  // The row is passed on whole, with the hit's columns in it: copying 30 columns less those few (an
  // object rest) cost more than anything else here.
  for (const row of rows) {
    if (row.id === null) continue;
    hits.push({ id: row.id, part: row.part, rule: ruleOf(row.rule), count: Number(row.count), distanceKm: row.distance_km, preferred: row.preferred, row });
  }
  return { teamId: rows[0]?.request_team_id, hits };
}

/** The page of places that fit, ranked, each carrying the total of matches. */
export const searchMatches = (db: Db, input: SearchInput) => run(db, 'matches', input);

/** The nearest near misses per rule, each carrying the count of its rule. */
export const searchNearMisses = (db: Db, input: SearchInput) => run(db, 'nearMisses', input);

/** The total of matches alone, for a page past the last one (where no row carries it). */
export async function countMatches(db: Db, input: SearchInput): Promise<number> {
  const { hits } = await searchMatches(db, { ...input, page: 1, pageSize: 1 });
  return hits[0]?.count ?? 0;
}
