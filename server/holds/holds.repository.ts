import type { Db } from '../../db/database.ts';
import type { HoldStatus } from '../../db/schema.ts';

// Holds with their place and household. Selects the intake phone but never the address; the
// mapper shows the phone only to whom it belongs.
function holdsQuery(db: Db) {
  return db
    .selectFrom('holds')
    .innerJoin('placement_requests as r', 'r.id', 'holds.request_id')
    .innerJoin('places', 'places.id', 'holds.place_id')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
    .innerJoin('municipalities', 'municipalities.code', 'locations.municipality_code')
    .innerJoin('organisations as team', 'team.id', 'holds.team_id')
    .innerJoin('regions', (join) => join.onRef('regions.scheme_code', '=', 'locations.region_scheme').onRef('regions.code', '=', 'locations.region_code'))
    .select([
      'holds.id',
      'holds.request_id',
      'holds.status',
      'holds.created_at',
      'holds.expires_at',
      'holds.extended',
      'holds.decline_reason',
      'holds.ended_at',
      'holds.created_by',
      'holds.team_id',
      'places.id as place_id',
      'places.label',
      'places.kind',
      'places.beds',
      'locations.id as location_id',
      'locations.name as location_name',
      'locations.intake_phone',
      'locations.organisation_id',
      'municipalities.name as municipality_name',
      'regions.code as region_code',
      'regions.name as region_name',
      'organisations.name as organisation_name',
      'team.name as team_name',
      'team.phone as team_phone',
      'r.household',
      'r.accessibility',
      'r.pet',
    ]);
}

export type HoldRow = Awaited<ReturnType<ReturnType<typeof holdsQuery>['executeTakeFirstOrThrow']>>;

/** organisationId: holds on that shelter organisation's places; teamId: that crisis team's holds. */
export function listHolds(db: Db, filters: { status?: HoldStatus; organisationId?: string; teamId?: string; requestId?: string }): Promise<HoldRow[]> {
  return holdsQuery(db)
    .$if(filters.status !== undefined, (q) => q.where('holds.status', '=', filters.status!))
    .$if(filters.organisationId !== undefined, (q) => q.where('locations.organisation_id', '=', filters.organisationId!))
    .$if(filters.teamId !== undefined, (q) => q.where('holds.team_id', '=', filters.teamId!))
    .$if(filters.requestId !== undefined, (q) => q.where('holds.request_id', '=', filters.requestId!))
    .orderBy('holds.created_at', 'desc')
    .limit(200)
    .execute();
}

export function findHold(db: Db, id: string): Promise<HoldRow | undefined> {
  return holdsQuery(db).where('holds.id', '=', id).executeTakeFirst();
}
