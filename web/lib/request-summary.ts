import { householdText } from './format.ts';
import { i18n } from './i18n.svelte.ts';
import type { PlacementRequest } from './types.ts';

/** How long a request has been open, coarsely: "12 min", "3 uur". */
function openFor(createdAt: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(createdAt)) / 60_000));
  return minutes < 120 ? i18n.t('search.minutes', { count: minutes }) : i18n.t('search.hours', { count: Math.round(minutes / 60) });
}

/**
 * One line that tells open requests apart: who (genders, children's sex and age), pet and access,
 * where from, the regions avoided, and for how long it has been open.
 */
export function requestSummary(request: PlacementRequest, municipalityName: (code: string) => string | undefined, now = Date.now()): string {
  const origin = (request.originMunicipality && municipalityName(request.originMunicipality)) ?? request.originRegion;
  return [
    householdText(request.household, request.needs),
    origin,
    request.avoidRegions.length ? i18n.t('search.summary.avoids', { regions: request.avoidRegions.join(', ') }) : null,
    i18n.t('search.summary.age', { duration: openFor(request.createdAt, now) }),
  ]
    .filter(Boolean)
    .join(' · ');
}
