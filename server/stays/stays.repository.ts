import type { Db } from '../../db/database.ts';
import { regionOfMunicipality } from '../../db/municipality-regions.ts';

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

/** The origin municipality's region in the default scheme today (db/municipality-regions.ts); undefined for an unknown code. */
export async function originRegion(db: Db, municipalityCode: string): Promise<{ region: string | null } | undefined> {
  const municipality = await db.selectFrom('municipalities').select('code').where('code', '=', municipalityCode).executeTakeFirst();
  if (!municipality) return undefined;
  const row = await regionOfMunicipality(db, municipalityCode);
  return { region: row?.region_code ?? null };
}
