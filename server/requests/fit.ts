import type { Accessibility, Household, PlaceKind, Serves } from '../../db/schema.ts';

// The fit rules of docs/definition.md, as one pure function: which rules a place breaks for a
// household. No rule broken: the place fits.

export interface FitPlace {
  kind: PlaceKind;
  beds: number;
  maxAdults: number;
  maxChildren: number;
  maxBoyAge: number | null;
  accessibility: Accessibility;
  petsAllowed: boolean;
  serves: Serves;
  regionCode: string;
}

export interface FitRequest {
  household: Household;
  accessibility: Accessibility;
  pet: boolean;
  avoidRegions: string[];
}

export type FitRule = 'kind' | 'maxAdults' | 'maxChildren' | 'beds' | 'boyAge' | 'serves' | 'accessibility' | 'pets' | 'avoidedRegion';

export interface FitFailure {
  rule: FitRule;
  /** In English; the dashboard words it in the user's language from `rule` and `params`. */
  message: string;
  params: Record<string, string | number>;
}

const ACCESS_LEVEL: Record<Accessibility, number> = { none: 0, limited_mobility: 1, wheelchair: 2 };

export function fitFailures(place: FitPlace, request: FitRequest): FitFailure[] {
  const failures: FitFailure[] = [];
  const fail = (rule: FitRule, message: string, params: Record<string, string | number> = {}) => failures.push({ rule, message, params });
  const adults = request.household.adults.length;
  const children = request.household.children.length;

  if (place.kind === 'bed') {
    if (adults !== 1 || children !== 0) fail('kind', 'a bed is for one adult without children', { adults, children });
  } else {
    if (adults > place.maxAdults) fail('maxAdults', `up to ${place.maxAdults} adults; this household has ${adults}`, { max: place.maxAdults, adults });
    if (children > place.maxChildren) fail('maxChildren', `up to ${place.maxChildren} children; this household has ${children}`, { max: place.maxChildren, children });
    if (adults + children > place.beds) fail('beds', `${place.beds} beds for ${adults + children} people`, { beds: place.beds, people: adults + children });
    const oldestSon = Math.max(-1, ...request.household.children.filter((c) => c.sex === 'male').map((c) => c.age));
    if (place.maxBoyAge !== null && oldestSon > place.maxBoyAge) {
      fail('boyAge', `sons up to ${place.maxBoyAge}; this household has a son of ${oldestSon}`, { max: place.maxBoyAge, age: oldestSon });
    }
  }
  const genders = new Set(request.household.adults.map((a) => a.gender));
  const served = place.serves === 'all' || (genders.size === 1 && genders.has(place.serves === 'women' ? 'female' : 'male'));
  if (!served) fail('serves', `the location serves ${place.serves} only`, { serves: place.serves });
  if (ACCESS_LEVEL[request.accessibility] > ACCESS_LEVEL[place.accessibility]) {
    fail('accessibility', `needs ${request.accessibility}; the place offers ${place.accessibility}`, { need: request.accessibility, offers: place.accessibility });
  }
  if (request.pet && !place.petsAllowed) fail('pets', 'no pets allowed', {});
  if (request.avoidRegions.includes(place.regionCode)) fail('avoidedRegion', `in ${place.regionCode}, a region to avoid`, { region: place.regionCode });
  return failures;
}
