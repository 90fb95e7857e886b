import type { Db } from '../../db/database.ts';
import { insertBed } from './factories.ts';

/** A fresh bed, occupied (version 1), with an open stay of one adult, straight into the tables. */
export async function insertStay(db: Db, locationId: string): Promise<{ id: string; placeId: string }> {
  const place = await insertBed(db, locationId);
  await db.updateTable('places').set({ status: 'occupied' }).where('id', '=', place.id).execute();
  const stay = await db
    .insertInto('stays')
    .values({
      place_id: place.id,
      began_by: 'intake',
      started_at: new Date(),
      adults: 1,
      child_ages: [],
      child_sexes: [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: stay.id, placeId: place.id };
}
