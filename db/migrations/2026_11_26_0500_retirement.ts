import { type Kysely, sql } from 'kysely';

// Issue 18: places and locations are retired, never deleted, so their history (events, holds, stays,
// place-time) stays whole. A retired place leaves search, availability and capacity from the day it
// was retired; its last event is `retired`. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE places ADD COLUMN retired_at timestamptz;
    ALTER TABLE locations ADD COLUMN retired_at timestamptz;
    ALTER TABLE place_events DROP CONSTRAINT place_events_type_check;
    ALTER TABLE place_events ADD CONSTRAINT place_events_type_check CHECK (type IN (
      'registered', 'status_changed', 'confirmed', 'updated',
      'held', 'hold_accepted', 'hold_declined', 'hold_released', 'hold_expired', 'retired'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE place_events DROP CONSTRAINT place_events_type_check;
    ALTER TABLE place_events ADD CONSTRAINT place_events_type_check CHECK (type IN (
      'registered', 'status_changed', 'confirmed', 'updated',
      'held', 'hold_accepted', 'hold_declined', 'hold_released', 'hold_expired'));
    ALTER TABLE locations DROP COLUMN retired_at;
    ALTER TABLE places DROP COLUMN retired_at;
  `.execute(db);
}
