import type { Db } from '../../db/database.ts';
import { placeRowToPlace, type PlaceDto } from '../places/places.mapper.ts';
import { availablePlaces, findPlaces, type AvailablePlaceRow, type PlaceRow } from '../places/places.repository.ts';
import { fitFailures, type FitFailure, type FitPlace } from './fit.ts';
import type { RequestRow } from './requests.repository.ts';

const NEAR_MISSES = 50;

/** Why a place is not offered: a broken fit rule, or a status nobody confirmed in time. */
type Miss = Omit<FitFailure, 'rule'> & { rule: FitFailure['rule'] | 'stale' };

export function fitPlaceOf(row: Pick<PlaceRow, 'kind' | 'beds' | 'max_adults' | 'max_children' | 'max_boy_age' | 'accessibility' | 'pets_allowed' | 'serves' | 'region_code'>): FitPlace {
  return {
    kind: row.kind, beds: row.beds, maxAdults: row.max_adults, maxChildren: row.max_children, maxBoyAge: row.max_boy_age,
    accessibility: row.accessibility, petsAllowed: row.pets_allowed, serves: row.serves, regionCode: row.region_code,
  };
}

export function fitRequestOf(request: RequestRow) {
  return { household: request.household, accessibility: request.accessibility, pet: request.pet, avoidRegions: request.avoid_regions };
}

/**
 * Every available, fresh place that fits, ranked: preferred regions first, then the most recently
 * confirmed. Near misses: available places that break exactly one rule, or fit but are stale
 * (never offered as available: their status is unknown).
 */
export async function findMatches(db: Db, freshnessHours: number, request: RequestRow, paging: { page: number; pageSize: number }) {
  const preferred = new Set(request.prefer_regions);
  const confirmed = (row: AvailablePlaceRow) => Number(row.confirmed_ms);
  const rank = (a: AvailablePlaceRow, b: AvailablePlaceRow) =>
    Number(preferred.has(b.region_code)) - Number(preferred.has(a.region_code)) ||
    confirmed(b) - confirmed(a) ||
    a.region_code.localeCompare(b.region_code) ||
    a.id.localeCompare(b.id);

  const matches: AvailablePlaceRow[] = [];
  const nearMisses: Array<{ row: AvailablePlaceRow; failures: Miss[] }> = [];
  const fitRequest = fitRequestOf(request);
  for (const row of await availablePlaces(db, freshnessHours)) {
    const failures: Miss[] = fitFailures(fitPlaceOf(row), fitRequest);
    if (row.stale) failures.push({ rule: 'stale', message: `status not confirmed within ${freshnessHours} hours`, params: { hours: freshnessHours } });
    if (failures.length === 0) matches.push(row);
    else if (failures.length === 1) nearMisses.push({ row, failures });
  }
  matches.sort(rank);
  nearMisses.sort((a, b) => rank(a.row, b.row));

  // Paged: a single adult fits over a thousand places nationally; a phone needs the best ones first.
  const shown = matches.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize);
  const missed = nearMisses.slice(0, NEAR_MISSES);
  const whole = new Map((await findPlaces(db, freshnessHours, [...shown, ...missed.map((m) => m.row)].map((r) => r.id))).map((r) => [r.id, r]));
  // A place held or taken between the two reads is no longer offered (definition rule 2: only
  // available places are); the live update of that change makes the page search again anyway.
  const stillAvailable = (row: AvailablePlaceRow) => whole.get(row.id)?.status === 'available';
  const place = (row: AvailablePlaceRow) => placeRowToPlace(whole.get(row.id)!);
  return {
    requestId: request.id,
    page: { number: paging.page, size: paging.pageSize, totalItems: matches.length, totalPages: Math.ceil(matches.length / paging.pageSize) },
    matches: shown.filter(stillAvailable).map((row): PlaceDto & { preferredRegion: boolean } => ({ ...place(row), preferredRegion: preferred.has(row.region_code) })),
    nearMisses: missed.filter(({ row }) => stillAvailable(row)).map(({ row, failures }) => ({ place: place(row), failures })),
  };
}
