import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceKind, PlaceStatus } from '../../db/schema.ts';
import { PLACE_ATTRIBUTE_SELECTION } from './place-attributes.ts';

export interface PlaceFilters {
  /** Scope: only places of this organisation (shelter staff see their own). */
  organisationId?: string;
  locationId?: string;
  regionCode?: string;
  kind?: PlaceKind;
  status?: PlaceStatus;
  stale?: boolean;
}

/** True when a place's confirmation is older than the freshness window (definition rule 4). */
export function staleExpression(freshnessHours: number) {
  // A literal, not a parameter, so that the same expression can be grouped by. The value is a
  // number parsed from config, never user input.
  const seconds = sql.lit(Math.round(freshnessHours * 3600));
  return sql<boolean>`(places.confirmed_at < now() - make_interval(secs => ${seconds}))`;
}

// The one query shape for reading places. It selects no address column, so no caller can leak one.
export function placesQuery(db: Db, freshnessHours: number) {
  return db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
    .innerJoin('municipalities', 'municipalities.code', 'locations.municipality_code')
    .innerJoin('regions', (join) => join.onRef('regions.scheme_code', '=', 'locations.region_scheme').onRef('regions.code', '=', 'locations.region_code'))
    .select([
      'places.id',
      'places.kind',
      ...PLACE_ATTRIBUTE_SELECTION,
      'places.status',
      'places.unavailable_reason',
      'places.version',
      'places.confirmed_at',
      'places.status_changed_at',
      'places.retired_at',
      'locations.id as location_id',
      'locations.name as location_name',
      'locations.serves',
      'municipalities.code as municipality_code',
      'municipalities.name as municipality_name',
      'regions.code as region_code',
      'regions.name as region_name',
      'organisations.id as organisation_id',
      'organisations.name as organisation_name',
      staleExpression(freshnessHours).as('stale'),
    ]);
}

export type PlaceRow = Awaited<ReturnType<ReturnType<typeof placesQuery>['executeTakeFirstOrThrow']>>;

export async function listPlaces(
  db: Db,
  freshnessHours: number,
  filters: PlaceFilters,
  paging: { page: number; pageSize: number },
): Promise<{ rows: PlaceRow[]; total: number }> {
  // Retired places are history: read one by its id, never listed.
  let query = placesQuery(db, freshnessHours).where('places.retired_at', 'is', null);
  if (filters.organisationId) query = query.where('locations.organisation_id', '=', filters.organisationId);
  if (filters.locationId) query = query.where('places.location_id', '=', filters.locationId);
  if (filters.regionCode) query = query.where('locations.region_code', '=', filters.regionCode);
  if (filters.kind) query = query.where('places.kind', '=', filters.kind);
  if (filters.status) query = query.where('places.status', '=', filters.status);
  if (filters.stale !== undefined) query = query.where(staleExpression(freshnessHours), '=', filters.stale);
  const [rows, count] = await Promise.all([
    query
      .orderBy('regions.code')
      .orderBy('locations.name')
      .orderBy('places.kind')
      // As people count: "Bed 2" before "Bed 10" (the natural_sort collation, ICU's numeric ordering).
      .orderBy(sql`places.label COLLATE natural_sort`)
      .orderBy('places.id')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findPlace(db: Db, freshnessHours: number, id: string): Promise<PlaceRow | undefined> {
  return placesQuery(db, freshnessHours).where('places.id', '=', id).executeTakeFirst();
}
