import type { AvailabilityRow } from './availability.repository.ts';
import type { AvailabilityDto, ByKindDto } from './availability.schema.ts';

function emptyByKind(): ByKindDto {
  const zero = () => ({ available: 0, held: 0, occupied: 0, unavailable: 0, stale: 0, total: 0 });
  return { familyUnit: { places: zero(), beds: zero() }, bed: { places: zero(), beds: zero() } };
}

function add(target: ByKindDto, row: AvailabilityRow): void {
  const kind = row.kind === 'family_unit' ? target.familyUnit : target.bed;
  kind.places[row.bucket] += row.places;
  kind.places.total += row.places;
  kind.beds[row.bucket] += row.beds;
  kind.beds.total += row.beds;
}

/** Folds the grouped counts into one entry per region (every region, also those without places). */
export function toAvailability(
  regions: Array<{ code: string; name: string }>,
  rows: AvailabilityRow[],
  meta: Pick<AvailabilityDto, 'definitionVersion' | 'freshnessHours' | 'generatedAt' | 'asOf'>,
): AvailabilityDto {
  const national = emptyByKind();
  const byRegion = new Map(regions.map((region) => [region.code, { ...region, ...emptyByKind() }]));
  for (const row of rows) {
    add(national, row);
    const region = byRegion.get(row.region_code);
    if (region) add(region, row);
  }
  return { ...meta, national, regions: [...byRegion.values()] };
}
