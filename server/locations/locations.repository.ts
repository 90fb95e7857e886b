import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';

// Reads locations with their confidential address. Callers must check the reader may see it and
// audit the read.
function locationsQuery(db: Db) {
  return db
    .selectFrom('locations')
    .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
    .innerJoin('municipalities', 'municipalities.code', 'locations.municipality_code')
    .innerJoin('regions', (join) => join.onRef('regions.scheme_code', '=', 'locations.region_scheme').onRef('regions.code', '=', 'locations.region_code'))
    .select((eb) => [
      'locations.id',
      'locations.name',
      'locations.serves',
      'locations.street_address',
      'locations.postal_code',
      'locations.city',
      'locations.intake_phone',
      'locations.retired_at',
      'organisations.id as organisation_id',
      'organisations.name as organisation_name',
      'municipalities.code as municipality_code',
      'municipalities.name as municipality_name',
      'regions.code as region_code',
      'regions.name as region_name',
      eb
        .selectFrom('places')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('places.location_id', '=', 'locations.id')
        .where('places.retired_at', 'is', null)
        .as('places'),
    ]);
}

export type LocationRow = Awaited<ReturnType<ReturnType<typeof locationsQuery>['executeTakeFirstOrThrow']>>;

export function listLocations(db: Db, organisationId: string | undefined): Promise<LocationRow[]> {
  // Retired locations are history: read one by its id, never listed.
  return locationsQuery(db)
    .where('locations.retired_at', 'is', null)
    .$if(organisationId !== undefined, (q) => q.where('locations.organisation_id', '=', organisationId!))
    .orderBy('organisations.name')
    .orderBy(sql`locations.name COLLATE natural_sort`)
    .execute();
}

export function findLocation(db: Db, id: string): Promise<LocationRow | undefined> {
  return locationsQuery(db).where('locations.id', '=', id).executeTakeFirst();
}
