import type { Selectable } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Household, PlacementRequestTable } from '../../db/schema.ts';

export type RequestRow = Selectable<PlacementRequestTable>;

export interface NewRequestInput {
  originRegion: string;
  originMunicipality?: string;
  household: Household;
  needs: { accessibility: RequestRow['accessibility']; pet: boolean };
  avoidRegions: string[];
  preferRegions: string[];
  farAway: boolean;
  urgency: RequestRow['urgency'];
}

export type RequestChange = Partial<Omit<NewRequestInput, 'originRegion'>> & { originRegion?: string };

/** The columns a change sets (undefined: left as is); adults and children are kept with the household. */
function requestColumns(input: RequestChange) {
  return {
    origin_region: input.originRegion,
    origin_municipality: input.originMunicipality,
    household: input.household && JSON.stringify(input.household),
    adults: input.household?.adults.length,
    children: input.household?.children.length,
    accessibility: input.needs?.accessibility,
    pet: input.needs?.pet,
    avoid_regions: input.avoidRegions,
    prefer_regions: input.preferRegions,
    far_away: input.farAway,
    urgency: input.urgency,
  };
}

/** A request belongs to its maker's crisis team (teamId), whose members all work on it. */
export async function insertRequest(db: Db, input: NewRequestInput, createdBy: { id: string; teamId: string }): Promise<RequestRow> {
  return db
    .insertInto('placement_requests')
    .values({
      created_by: createdBy.id,
      team_id: createdBy.teamId,
      origin_region: input.originRegion,
      origin_municipality: input.originMunicipality ?? null,
      household: JSON.stringify(input.household),
      adults: input.household.adults.length,
      children: input.household.children.length,
      accessibility: input.needs.accessibility,
      pet: input.needs.pet,
      avoid_regions: input.avoidRegions,
      prefer_regions: input.preferRegions,
      far_away: input.farAway,
      urgency: input.urgency,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes an open request that has no active hold; undefined when it has one or is closed. */
export async function changeOpenRequest(db: Db, id: string, change: RequestChange): Promise<RequestRow | undefined> {
  return db
    .updateTable('placement_requests')
    .set(requestColumns(change))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('holds').select('id').whereRef('holds.request_id', '=', 'placement_requests.id').where('holds.status', '=', 'active'))),
    )
    .returningAll()
    .executeTakeFirst();
}

export function findRequest(db: Db, id: string): Promise<RequestRow | undefined> {
  return db.selectFrom('placement_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Open requests first, then the most recent closed ones; of one team when teamId is given. */
export function listRequests(db: Db, options: { status?: RequestRow['status']; teamId?: string; limit: number }): Promise<RequestRow[]> {
  return db
    .selectFrom('placement_requests')
    .selectAll()
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
    .$if(options.teamId !== undefined, (q) => q.where('team_id', '=', options.teamId!))
    .orderBy((eb) => eb.case().when('status', '=', 'open').then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .limit(options.limit)
    .execute();
}
