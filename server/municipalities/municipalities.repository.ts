import type { Db } from '../../db/database.ts';
import { currentDefaultMappings } from '../../db/municipality-regions.ts';

/** Municipalities with the default-scheme region each belongs to today, by name. */
export function listMunicipalities(db: Db) {
  return currentDefaultMappings(db)
    .innerJoin('municipalities', 'municipalities.code', 'municipality_regions.municipality_code')
    .innerJoin('regions', (join) =>
      join.onRef('regions.scheme_code', '=', 'municipality_regions.scheme_code').onRef('regions.code', '=', 'municipality_regions.region_code'),
    )
    .select(['municipalities.code', 'municipalities.name', 'regions.code as region_code', 'regions.name as region_name'])
    .orderBy('municipalities.name')
    .execute();
}
