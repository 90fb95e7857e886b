import type { Db } from '../../db/database.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { placeRowToPlace } from '../places/places.mapper.ts';
import type { PlaceRow } from '../places/places.repository.ts';
import { type FitFailure, fitFailures, type FitPlace } from './fit.ts';
import { assertRequestVisible } from './requests.domain.ts';
import { findRequest, type RequestRow } from './requests.repository.ts';
import { countMatches, type MissRule, type SearchHit, searchMatches, searchNearMisses } from './search.repository.ts';

/** The nearest near misses shown per rule; the rest are counted. */
const NEAR_MISSES_PER_RULE = 3;

export function fitPlaceOf(
  row: Pick<PlaceRow, 'kind' | 'beds' | 'max_adults' | 'max_children' | 'max_boy_age' | 'accessibility' | 'pets_allowed' | 'serves' | 'region_code'>,
): FitPlace {
  return {
    kind: row.kind,
    beds: row.beds,
    maxAdults: row.max_adults,
    maxChildren: row.max_children,
    maxBoyAge: row.max_boy_age,
    accessibility: row.accessibility,
    petsAllowed: row.pets_allowed,
    serves: row.serves,
    regionCode: row.region_code,
  };
}

export function fitRequestOf(request: RequestRow) {
  return { household: request.household, accessibility: request.accessibility, pet: request.pet, avoidRegions: request.avoid_regions };
}

/** Distances are straight lines between municipality centroids: whole kilometres say all they can. */
const km = (distance: number | null) => (distance === null ? null : Math.round(distance));

/**
 * The places that fit, best first, and, when asked for, the near misses grouped by the one rule they
 * break (or fitting but stale: their status is unknown, so never offered as available). Ranking and
 * fit run in PostgreSQL (search.repository.ts), which reads the request in the same statement: the
 * crisis page asks this on every live change, so it is one round trip, and the team is checked on
 * what it returns. The near misses shown are explained here. Near misses are a statement of their
 * own: they check every available place against every rule, which the page needs once per request,
 * not on every live change.
 */
export async function findMatches(
  db: Db,
  actor: SessionUser,
  freshnessHours: number,
  requestId: string,
  options: { page: number; pageSize: number; includeEarlier: boolean; nearMisses: boolean },
) {
  const input = {
    requestId,
    includeEarlier: options.includeEarlier,
    freshnessHours,
    page: options.page,
    pageSize: options.pageSize,
    nearMissesPerRule: NEAR_MISSES_PER_RULE,
  };
  const matched = await searchMatches(db, input);
  assertRequestVisible(actor, 'requests.matches', matched.teamId);
  const total = matched.hits[0]?.count ?? (options.page > 1 ? await countMatches(db, input) : 0);
  const [misses, request] = options.nearMisses ? await Promise.all([searchNearMisses(db, input), findRequest(db, requestId)]) : [null, undefined];

  return {
    requestId,
    page: { number: options.page, size: options.pageSize, totalItems: total, totalPages: Math.ceil(total / options.pageSize) },
    matches: matched.hits.map((hit) => ({ ...placeRowToPlace(hit.row), preferredRegion: hit.preferred, distanceKm: km(hit.distanceKm) })),
    ...(misses && request && { nearMisses: nearMissGroups(misses.hits, request, freshnessHours) }),
  };
}

type Explanation = FitFailure | { rule: 'stale'; message: string; params: Record<string, number> };

/**
 * Near misses by rule, the largest group first, each place with the rule it breaks in words. A place
 * whose rule no longer explains it (the household was changed between the two reads) is left out.
 */
function nearMissGroups(hits: Array<SearchHit & { row: PlaceRow }>, request: RequestRow, freshnessHours: number) {
  const explain = (row: PlaceRow, rule: MissRule): Explanation | undefined =>
    rule === 'stale'
      ? { rule, message: `status not confirmed within ${freshnessHours} hours`, params: { hours: freshnessHours } }
      : fitFailures(fitPlaceOf(row), fitRequestOf(request)).find((f) => f.rule === rule);
  const groups = new Map<
    MissRule,
    { rule: MissRule; count: number; places: Array<{ place: ReturnType<typeof placeRowToPlace>; distanceKm: number | null; failure: Explanation }> }
  >();
  for (const hit of hits) {
    const failure = explain(hit.row, hit.rule!);
    if (!failure) continue;
    const group = groups.get(hit.rule!) ?? { rule: hit.rule!, count: hit.count, places: [] };
    group.places.push({ place: placeRowToPlace(hit.row), distanceKm: km(hit.distanceKm), failure });
    groups.set(hit.rule!, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}
