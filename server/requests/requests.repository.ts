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

export async function insertRequest(db: Db, input: NewRequestInput, createdBy: string): Promise<RequestRow> {
  return db
    .insertInto('placement_requests')
    .values({
      created_by: createdBy,
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

/** Open requests first, then the most recent closed ones. */
export function listRequests(db: Db, options: { status?: RequestRow['status']; limit: number }): Promise<RequestRow[]> {
  return db
    .selectFrom('placement_requests')
    .selectAll()
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
    .orderBy((eb) => eb.case().when('status', '=', 'open').then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .limit(options.limit)
    .execute();
}
