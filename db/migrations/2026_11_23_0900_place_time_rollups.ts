import { type Kysely, sql } from 'kysely';

// Place-time rollups (docs: figures "place-time by status"). Derived from place_events and closed one
// calendar day (Europe/Amsterdam, 23 or 25 hours on DST days) at a time by server/statistics/rollups.ts,
// so that trend queries cost days x regions instead of the number of events.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- One row per place per day it existed. Stale overrides the status: the four status columns count
    -- only confirmed time, and the five columns add up to the seconds the place existed that day.
    -- kind, beds and municipality are copied so a closed day never changes when the place does later.
    CREATE TABLE place_days (
      place_id uuid NOT NULL REFERENCES places (id),
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('bed', 'family_unit')),
      beds integer NOT NULL,
      municipality_code text NOT NULL,
      available_seconds integer NOT NULL CHECK (available_seconds >= 0),
      held_seconds integer NOT NULL CHECK (held_seconds >= 0),
      occupied_seconds integer NOT NULL CHECK (occupied_seconds >= 0),
      unavailable_seconds integer NOT NULL CHECK (unavailable_seconds >= 0),
      stale_seconds integer NOT NULL CHECK (stale_seconds >= 0),
      PRIMARY KEY (place_id, day)
    );
    CREATE INDEX place_days_day ON place_days (day);

    -- place_days summed per region of every scheme (municipality_regions valid on that day).
    -- No foreign key to regions: a closed day is history and must survive a scheme being re-imported.
    CREATE TABLE region_days (
      scheme_code text NOT NULL,
      region_code text NOT NULL,
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('bed', 'family_unit')),
      places integer NOT NULL,
      beds integer NOT NULL,
      available_seconds bigint NOT NULL,
      held_seconds bigint NOT NULL,
      occupied_seconds bigint NOT NULL,
      unavailable_seconds bigint NOT NULL,
      stale_seconds bigint NOT NULL,
      PRIMARY KEY (scheme_code, region_code, kind, day)
    );
    -- Trend queries filter a scheme and a date range across all regions.
    CREATE INDEX region_days_scheme_day ON region_days (scheme_code, day);

    -- Exactly one row: the last closed day (NULL: nothing closed yet). Locked FOR UPDATE while closing,
    -- so several nodes running the job close each day once.
    CREATE TABLE rollup_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      closed_through date
    );
    INSERT INTO rollup_state (id, closed_through) VALUES (true, NULL);

    -- Closing a day reads each place's state at midnight (its last event, and its last confirming event,
    -- before then) and the day's events; without these that is a scan of the whole history per day.
    -- The type list is the one in server/statistics/rollups.ts (the planner needs the same predicate).
    CREATE INDEX place_events_place_time ON place_events (place_id, occurred_at, seq);
    CREATE INDEX place_events_place_confirmed ON place_events (place_id, occurred_at, seq)
      WHERE type IN ('registered', 'status_changed', 'confirmed', 'hold_accepted', 'hold_declined');
    CREATE INDEX place_events_time ON place_events (occurred_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX place_events_time;
    DROP INDEX place_events_place_confirmed;
    DROP INDEX place_events_place_time;
    DROP TABLE rollup_state;
    DROP TABLE region_days;
    DROP TABLE place_days;
  `.execute(db);
}
