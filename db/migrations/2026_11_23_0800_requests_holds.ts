import { type Kysely, sql } from 'kysely';

// Demand and holds (docs/definition.md: placement request, hold). A household is described by
// composition only: no names, birth dates, BSN or addresses, and no column that could hold them.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE placement_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      origin_region text NOT NULL,
      -- {"adults":[{"gender":"female"}],"children":[{"age":14,"sex":"male"}]}: validated by the API.
      household jsonb NOT NULL,
      adults integer NOT NULL CHECK (adults BETWEEN 1 AND 2),
      children integer NOT NULL CHECK (children BETWEEN 0 AND 12),
      accessibility text NOT NULL CHECK (accessibility IN ('none', 'limited_mobility', 'wheelchair')),
      pet boolean NOT NULL,
      avoid_regions text[] NOT NULL DEFAULT '{}',
      prefer_regions text[] NOT NULL DEFAULT '{}',
      urgency text NOT NULL CHECK (urgency IN ('now', 'today', 'this_week')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'placed', 'no_place', 'withdrawn')),
      outcome_reason text CHECK (outcome_reason IN ('no_fitting_place', 'no_capacity', 'household_declined', 'other')),
      placed_place_id uuid REFERENCES places (id),
      placed_region text,
      closed_at timestamptz,
      CHECK ((status = 'placed') = (placed_place_id IS NOT NULL AND placed_region IS NOT NULL)),
      CHECK ((status = 'no_place') = (outcome_reason IS NOT NULL)),
      CHECK ((status = 'open') = (closed_at IS NULL))
    );
    CREATE INDEX placement_requests_open ON placement_requests (created_by) WHERE status = 'open';
    CREATE INDEX placement_requests_created ON placement_requests (created_at);

    CREATE TABLE holds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      request_id uuid NOT NULL REFERENCES placement_requests (id),
      place_id uuid NOT NULL REFERENCES places (id),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      extended boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'accepted', 'declined', 'released', 'expired')),
      decline_reason text CHECK (decline_reason IN ('does_not_fit', 'no_staff', 'safety', 'other')),
      ended_at timestamptz,
      CHECK ((status = 'active') = (ended_at IS NULL)),
      CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
      CHECK (expires_at > created_at)
    );
    -- Exactly one live hold per place and per request, whatever the concurrency.
    CREATE UNIQUE INDEX holds_one_active_per_place ON holds (place_id) WHERE status = 'active';
    CREATE UNIQUE INDEX holds_one_active_per_request ON holds (request_id) WHERE status = 'active';
    CREATE INDEX holds_active_expiry ON holds (expires_at) WHERE status = 'active';
    CREATE INDEX holds_creator_active ON holds (created_by) WHERE status = 'active';

    ALTER TABLE place_events ADD COLUMN hold_id uuid REFERENCES holds (id);
    ALTER TABLE place_events DROP CONSTRAINT place_events_type_check;
    ALTER TABLE place_events ADD CONSTRAINT place_events_type_check CHECK (type IN (
      'registered', 'status_changed', 'confirmed', 'updated',
      'held', 'hold_accepted', 'hold_declined', 'hold_released', 'hold_expired'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE place_events DROP CONSTRAINT place_events_type_check;
    ALTER TABLE place_events ADD CONSTRAINT place_events_type_check
      CHECK (type IN ('registered', 'status_changed', 'confirmed', 'updated'));
    ALTER TABLE place_events DROP COLUMN hold_id;
    DROP TABLE holds;
    DROP TABLE placement_requests;
  `.execute(db);
}
