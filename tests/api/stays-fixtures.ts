import type { Insertable } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { insertBed } from '../helpers/factories.ts';

/** What a test says of each stay; the rest is one adult's household with no children. */
export type StayDetails = Partial<Omit<Insertable<Database['stays']>, 'place_id' | 'began_by' | 'started_at'>>;

/** `count` beds at the location, each registered occupied at `from` by a household whose stay began then. */
export async function householdsFrom(db: Db, locationId: string, count: number, from: Date, stay: StayDetails = {}): Promise<void> {
  for (let i = 0; i < count; i++) {
    const place = await insertBed(db, locationId);
    await db.insertInto('place_events').values({ place_id: place.id, occurred_at: from, type: 'registered', status: 'occupied', version: 1 }).execute();
    await db
      .insertInto('stays')
      .values({ place_id: place.id, began_by: 'intake', started_at: from, adults: 1, child_ages: [], child_sexes: [], ...stay })
      .execute();
  }
}
