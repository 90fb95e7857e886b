import { sql, type Transaction } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Database, PlaceEventType, PlaceStatus, UnavailableReason } from '../../db/schema.ts';

export const PLACE_EVENTS_CHANNEL = 'place_events';

// Any constant works; it names the one lock that orders event appends.
const APPEND_LOCK = 0x6e6f6f64;

export interface NewPlaceEvent {
  placeId: string;
  type: PlaceEventType;
  status: PlaceStatus;
  unavailableReason: UnavailableReason | null;
  version: number;
  actorUserId: string | null;
  holdId?: string | null;
}

/**
 * Appends events as the last step of a change's transaction and notifies listeners on commit.
 * The advisory lock (held until commit) makes sequence numbers commit in order, so a reader that
 * has seen seq N never later finds a smaller one appear: replay "after N" misses nothing.
 * The notification carries only the highest sequence number, never place or household data.
 */
export async function appendEvents(trx: Transaction<Database>, events: NewPlaceEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  await sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`.execute(trx);
  const rows = await trx
    .insertInto('place_events')
    .values(
      events.map((e) => ({
        place_id: e.placeId,
        type: e.type,
        status: e.status,
        unavailable_reason: e.unavailableReason,
        version: e.version,
        actor_user_id: e.actorUserId,
        hold_id: e.holdId ?? null,
      })),
    )
    .returning('seq')
    .execute();
  const seqs = rows.map((r) => r.seq);
  await sql`SELECT pg_notify(${PLACE_EVENTS_CHANNEL}, ${seqs[seqs.length - 1]!})`.execute(trx);
  return seqs;
}

export async function listPlaceEvents(db: Db, placeId: string) {
  return db
    .selectFrom('place_events')
    .leftJoin('users', 'users.id', 'place_events.actor_user_id')
    .select([
      'place_events.seq',
      'place_events.type',
      'place_events.status',
      'place_events.unavailable_reason',
      'place_events.version',
      'place_events.occurred_at',
      'users.name as actor_name',
    ])
    .where('place_events.place_id', '=', placeId)
    .orderBy('place_events.seq', 'desc')
    .execute();
}
