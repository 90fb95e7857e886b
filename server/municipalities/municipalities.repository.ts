import type { Db } from '../../db/database.ts';

/** Municipalities with the default-scheme region each belongs to today, by name. */
export function listMunicipalities(db: Db) {
  const today = new Date().toISOString().slice(0, 10);
  return db
    .selectFrom('municipalities')
    .innerJoin('municipality_regions', 'municipality_regions.municipality_code', 'municipalities.code')
    .innerJoin('region_schemes', 'region_schemes.code', 'municipality_regions.scheme_code')
    .innerJoin('regions', (join) =>
      join.onRef('regions.scheme_code', '=', 'municipality_regions.scheme_code').onRef('regions.code', '=', 'municipality_regions.region_code'))
    .select(['municipalities.code', 'municipalities.name', 'regions.code as region_code', 'regions.name as region_name'])
    .where('region_schemes.is_default', '=', true)
    .where('municipality_regions.valid_from', '<=', today)
    .where((eb) => eb.or([eb('municipality_regions.valid_to', 'is', null), eb('municipality_regions.valid_to', '>', today)]))
    .orderBy('municipalities.name')
    .execute();
}
