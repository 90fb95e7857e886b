import { type Kysely, sql } from 'kysely';

import type { Database } from './schema.ts';

// "The region a municipality belongs to today", once. Mappings are dated (municipalities move on
// 1 January) and a day is the Amsterdam calendar day, as in the statistics: at 00:30 on 1 January
// Dutch time the new mapping holds, though it is still 31 December in UTC.

/** Today's date in Europe/Amsterdam, as PostgreSQL computes it (one clock for every node). */
export const amsterdamToday = sql<string>`(now() AT TIME ZONE 'Europe/Amsterdam')::date`;

/** The mapping rows in force today in the default scheme (the veiligheidsregio's). */
export function currentDefaultMappings(db: Kysely<Database>) {
  return db
    .selectFrom('municipality_regions')
    .innerJoin('region_schemes', 'region_schemes.code', 'municipality_regions.scheme_code')
    .where('region_schemes.is_default', '=', true)
    .where('municipality_regions.valid_from', '<=', amsterdamToday)
    .where((eb) => eb.or([eb('municipality_regions.valid_to', 'is', null), eb('municipality_regions.valid_to', '>', amsterdamToday)]));
}

/** The default-scheme region a municipality belongs to today, if it is mapped. */
export function regionOfMunicipality(db: Kysely<Database>, municipalityCode: string) {
  return currentDefaultMappings(db)
    .select(['municipality_regions.scheme_code', 'municipality_regions.region_code'])
    .where('municipality_regions.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
}

/**
 * Moves every location to its municipality's region of today. locations.region_code is a copy kept
 * for the live queries (search, availability, the changes feed); this keeps it in step after a
 * region import and when a dated mapping starts (the server's daily job). Returns how many moved.
 */
export async function syncLocationRegions(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable('locations')
    .from(
      currentDefaultMappings(db)
        .select(['municipality_regions.municipality_code', 'municipality_regions.scheme_code', 'municipality_regions.region_code'])
        .as('today'),
    )
    .set((eb) => ({ region_scheme: eb.ref('today.scheme_code'), region_code: eb.ref('today.region_code') }))
    .whereRef('today.municipality_code', '=', 'locations.municipality_code')
    .where((eb) => eb.or([eb('locations.region_code', '!=', eb.ref('today.region_code')), eb('locations.region_scheme', '!=', eb.ref('today.scheme_code'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
