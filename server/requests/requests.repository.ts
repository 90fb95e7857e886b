import type { Db } from '../../db/database.ts';
import type { Selectable } from 'kysely';
import type { Household, PlacementRequestTable } from '../../db/schema.ts';

export type RequestRow = Selectable<PlacementRequestTable>;

export interface NewRequestInput {
  originRegion: string;
  household: Household;
  needs: { accessibility: RequestRow['accessibility']; pet: boolean };
  avoidRegions: string[];
  preferRegions: string[];
  urgency: RequestRow['urgency'];
}

/** A request belongs to its maker's crisis team (teamId), whose members all work on it. */
export async function insertRequest(db: Db, input: NewRequestInput, createdBy: { id: string; teamId: string }): Promise<RequestRow> {
  return db
    .insertInto('placement_requests')
    .values({
      created_by: createdBy.id,
      team_id: createdBy.teamId,
      origin_region: input.originRegion,
      household: JSON.stringify(input.household),
      adults: input.household.adults.length,
      children: input.household.children.length,
      accessibility: input.needs.accessibility,
      pet: input.needs.pet,
      avoid_regions: input.avoidRegions,
      prefer_regions: input.preferRegions,
      urgency: input.urgency,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
