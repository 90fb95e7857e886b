import { type Kysely, sql } from 'kysely';

// Rollups in commit order (issue 15). occurred_at is the transaction's start (now()), so a hold whose
// transaction began before a confirmation of the same place and committed after it has the earlier
// time but the later sequence number; closing a day by occurred_at then put the hold first and counted
// the held time as available. effective_at is the time rollups use: an event's occurred_at, but never
// earlier than the place's previous event (in sequence order, which per place is commit order: the
// place row lock orders the writers and the append lock orders the sequence numbers).
// A trigger fills it so that every writer (the write path, the history generator, tests) gets it.
//
// Stays (docs/definition.md, "Stays (v2)"): one household in one place, begun by an accepted hold or
// the shelter's intake, ended when the place is freed; written only inside the place write path's
// transactions (server/places/place-changes.ts, server/holds/hold-changes.ts). The household is kept
// in numbers only: adults, and each child's age and sex at the start. Never names or birth dates.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE place_events ADD COLUMN effective_at timestamptz;
    -- The one update this append-only table ever gets: filling the new column for the history so far.
    ALTER TABLE place_events DISABLE TRIGGER place_events_no_update;
    UPDATE place_events e SET effective_at = r.effective_at
    FROM (
      SELECT seq, max(occurred_at) OVER (PARTITION BY place_id ORDER BY seq ROWS UNBOUNDED PRECEDING) AS effective_at
      FROM place_events
    ) r
    WHERE r.seq = e.seq;
    ALTER TABLE place_events ENABLE TRIGGER place_events_no_update;
    ALTER TABLE place_events ALTER COLUMN effective_at SET NOT NULL;

    -- Rows of one multi-row INSERT see the rows before them (a volatile function's query takes a new
    -- snapshot that includes the command's own earlier rows), so a batch is ordered within itself too.
    CREATE FUNCTION place_events_effective_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.effective_at := greatest(NEW.occurred_at,
        (SELECT max(effective_at) FROM place_events WHERE place_id = NEW.place_id));
      RETURN NEW;
    END $$;
    CREATE TRIGGER place_events_effective_at BEFORE INSERT ON place_events
      FOR EACH ROW EXECUTE FUNCTION place_events_effective_at();

    -- The rollup indexes of migration 0900, on the effective time; the trigger's max() uses the first.
    CREATE INDEX place_events_place_effective ON place_events (place_id, effective_at, seq);
    CREATE INDEX place_events_place_effective_confirmed ON place_events (place_id, effective_at, seq)
      WHERE type IN ('registered', 'status_changed', 'confirmed', 'hold_accepted', 'hold_declined');
    CREATE INDEX place_events_effective ON place_events (effective_at);
    DROP INDEX place_events_place_time;
    DROP INDEX place_events_place_confirmed;
    DROP INDEX place_events_time;

    CREATE TABLE stays (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      place_id uuid NOT NULL REFERENCES places (id),
      -- An accepted hold (its request gave the household) or the shelter's own intake.
      began_by text NOT NULL CHECK (began_by IN ('hold', 'intake')),
      hold_id uuid UNIQUE REFERENCES holds (id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      -- NULL: not (yet) entered by the shelter; the stay counts in lengths, not in children.
      adults smallint CHECK (adults BETWEEN 1 AND 2),
      child_ages smallint[] CHECK (0 <= ALL (child_ages) AND 17 >= ALL (child_ages)),
      child_sexes text[] CHECK (child_sexes <@ ARRAY['female', 'male']),
      origin_municipality_code text REFERENCES municipalities (code),
      origin_region_code text,
      exit_destination text CHECK (exit_destination IN
        ('own_housing', 'family_or_friends', 'other_shelter', 'former_home', 'care_institution', 'unknown')),
      ready_since date,
      waiting_for text CHECK (waiting_for IN ('housing', 'urgency_declaration', 'income_or_debts', 'care', 'other')),
      version integer NOT NULL DEFAULT 1,
      CHECK ((ended_at IS NULL) = (exit_destination IS NULL)),
      CHECK (ended_at IS NULL OR ended_at >= started_at),
      CHECK ((ready_since IS NULL) = (waiting_for IS NULL)),
      CHECK ((adults IS NULL) = (child_ages IS NULL) AND (child_ages IS NULL) = (child_sexes IS NULL)),
      CHECK (cardinality(child_ages) = cardinality(child_sexes)),
      CHECK (hold_id IS NOT NULL OR began_by = 'intake')
    );
    -- At most one household in a place at a time (definition: a place houses one household).
    CREATE UNIQUE INDEX stays_one_open_per_place ON stays (place_id) WHERE ended_at IS NULL;
    CREATE INDEX stays_started ON stays (started_at);
    CREATE INDEX stays_ended ON stays (ended_at);
    -- Closing a day finds the stays that overlap it (server/statistics/stay-rollups.ts).
    CREATE INDEX stays_period ON stays USING gist (tstzrange(started_at, ended_at, '[)'));

    -- Places occupied before stays existed get one of unknown composition, from their last status change.
    INSERT INTO stays (place_id, began_by, started_at)
    SELECT id, 'intake', status_changed_at FROM places WHERE status = 'occupied';

    -- Closed days of stays per region of every scheme (the region of the place's municipality that day),
    -- beside region_days: households in shelter, blocked place-days, children by age band. A stay is
    -- in shelter on a day when it overlaps it; it is blocked on days from its ready_since on.
    CREATE TABLE stay_region_days (
      scheme_code text NOT NULL,
      region_code text NOT NULL,
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('bed', 'family_unit')),
      stays integer NOT NULL,
      blocked integer NOT NULL,
      children_0_3 integer NOT NULL,
      children_4_11 integer NOT NULL,
      children_12_17 integer NOT NULL,
      PRIMARY KEY (scheme_code, region_code, kind, day)
    );
    CREATE INDEX stay_region_days_scheme_day ON stay_region_days (scheme_code, day);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE stay_region_days;
    DROP TABLE stays;
    CREATE INDEX place_events_place_time ON place_events (place_id, occurred_at, seq);
    CREATE INDEX place_events_place_confirmed ON place_events (place_id, occurred_at, seq)
      WHERE type IN ('registered', 'status_changed', 'confirmed', 'hold_accepted', 'hold_declined');
    CREATE INDEX place_events_time ON place_events (occurred_at);
    DROP INDEX place_events_effective;
    DROP INDEX place_events_place_effective_confirmed;
    DROP INDEX place_events_place_effective;
    DROP TRIGGER place_events_effective_at ON place_events;
    DROP FUNCTION place_events_effective_at();
    ALTER TABLE place_events DROP COLUMN effective_at;
  `.execute(db);
}
