import type { Db } from '../../db/database.ts';

/** A place's open stay (at most one), with the organisation the policy compares. */
export async function findOpenStay(db: Db, placeId: string) {
  return db.selectFrom('stays').selectAll('stays').where('place_id', '=', placeId).where('ended_at', 'is', null).executeTakeFirst();
}

export async function findStay(db: Db, stayId: string) {
  return db
    .selectFrom('stays')
    .innerJoin('places', 'places.id', 'stays.place_id')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .selectAll('stays')
    .select(['locations.organisation_id', 'places.kind', 'places.max_adults', 'places.max_children'])
    .where('stays.id', '=', stayId)
    .executeTakeFirst();
}

/** Open stays, of one organisation's places when given (shelter staff). */
export async function listOpenStays(db: Db, organisationId: string | undefined) {
  return db
    .selectFrom('stays')
    .innerJoin('places', 'places.id', 'stays.place_id')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .selectAll('stays')
    .where('stays.ended_at', 'is', null)
    .$if(organisationId !== undefined, (q) => q.where('locations.organisation_id', '=', organisationId!))
    .orderBy('stays.started_at')
    .execute();
}

/** The origin municipality's region in the default scheme today; undefined for an unknown code. */
export async function originRegion(db: Db, municipalityCode: string): Promise<{ region: string | null } | undefined> {
  const municipality = await db.selectFrom('municipalities').select('code').where('code', '=', municipalityCode).executeTakeFirst();
  if (!municipality) return undefined;
  const row = await db
    .selectFrom('municipality_regions')
    .innerJoin('region_schemes', 'region_schemes.code', 'municipality_regions.scheme_code')
    .select('municipality_regions.region_code')
    .where('region_schemes.is_default', '=', true)
    .where('municipality_regions.municipality_code', '=', municipalityCode)
    .where('municipality_regions.valid_from', '<=', new Date().toISOString().slice(0, 10))
    .where((eb) => eb.or([eb('municipality_regions.valid_to', 'is', null), eb('municipality_regions.valid_to', '>', new Date().toISOString().slice(0, 10))]))
    .executeTakeFirst();
  return { region: row?.region_code ?? null };
}
