import type { Db } from '../../db/database.ts';
import { placeRowToPlace } from '../places/places.mapper.ts';
import type { PlaceRow } from '../places/places.repository.ts';
import { type FitFailure, fitFailures, type FitPlace, householdFacts } from './fit.ts';
import type { RequestRow } from './requests.repository.ts';
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
 * fit run in PostgreSQL (search.repository.ts); the near misses shown are explained here. Near misses
 * are a statement of their own: they check every available place against every rule, which the page
 * needs once per request, not on every live change.
 */
export async function findMatches(
  db: Db,
  freshnessHours: number,
  request: RequestRow,
  options: { page: number; pageSize: number; includeEarlier: boolean; nearMisses: boolean },
) {
  const input = {
    requestId: request.id,
    facts: householdFacts(fitRequestOf(request)),
    originMunicipality: request.origin_municipality,
    preferRegions: request.prefer_regions,
    farAway: request.far_away,
    includeEarlier: options.includeEarlier,
    freshnessHours,
    page: options.page,
    pageSize: options.pageSize,
    nearMissesPerRule: NEAR_MISSES_PER_RULE,
  };
  const [matched, misses] = await Promise.all([searchMatches(db, input), options.nearMisses ? searchNearMisses(db, input) : null]);
  const total = matched[0]?.count ?? (options.page > 1 ? await countMatches(db, input) : 0);

  const explain = (row: PlaceRow, rule: MissRule): FitFailure | { rule: 'stale'; message: string; params: Record<string, number> } =>
    rule === 'stale'
      ? { rule, message: `status not confirmed within ${freshnessHours} hours`, params: { hours: freshnessHours } }
      : fitFailures(fitPlaceOf(row), fitRequestOf(request)).find((f) => f.rule === rule)!;
  const groups = new Map<MissRule, { rule: MissRule; count: number; places: Array<SearchHit & { row: PlaceRow }> }>();
  for (const hit of misses ?? []) {
    const group = groups.get(hit.rule!) ?? { rule: hit.rule!, count: hit.count, places: [] };
    group.places.push(hit);
    groups.set(hit.rule!, group);
  }

  return {
    requestId: request.id,
    page: { number: options.page, size: options.pageSize, totalItems: total, totalPages: Math.ceil(total / options.pageSize) },
    matches: matched.map((hit) => ({ ...placeRowToPlace(hit.row), preferredRegion: hit.preferred, distanceKm: km(hit.distanceKm) })),
    ...(misses && {
      nearMisses: [...groups.values()]
        .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule))
        .map((group) => ({
          rule: group.rule,
          count: group.count,
          places: group.places.map((hit) => ({ place: placeRowToPlace(hit.row), distanceKm: km(hit.distanceKm), failure: explain(hit.row, group.rule) })),
        })),
    }),
  };
}
