import { type Kysely, sql } from 'kysely';

// Alerts by Web Push (issue 14). Alerts are derived from the events table and from time (a hold left
// unanswered, a status about to go stale) by whichever node takes the cursor's row lock; each alert is
// unique per user and key, and each delivery per alert and device, so with many nodes every alert
// reaches a device once. The push log keeps who, which kind, when and the result, never the payload.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- The VAPID key pair made at the first start (unless given in the environment): one row.
    CREATE TABLE push_keys (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      public_key text NOT NULL,
      private_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE push_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      endpoint text NOT NULL UNIQUE,
      p256dh text NOT NULL,
      auth text NOT NULL,
      device text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_success_at timestamptz
    );
    CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

    -- The kinds a user switched off (escalations cannot be switched off).
    CREATE TABLE alert_preferences (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      muted_kinds text[] NOT NULL DEFAULT '{}'
    );

    CREATE TABLE alerts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      -- What makes the alert one: e.g. the hold it is about; a second node deriving it finds it there.
      key text NOT NULL,
      hold_id uuid REFERENCES holds (id) ON DELETE CASCADE,
      place_id uuid REFERENCES places (id) ON DELETE CASCADE,
      request_id uuid REFERENCES placement_requests (id) ON DELETE CASCADE,
      location_id uuid REFERENCES locations (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, key)
    );
    CREATE INDEX alerts_user_time ON alerts (user_id, created_at);
    CREATE INDEX alerts_key ON alerts (key);

    CREATE TABLE push_deliveries (
      alert_id bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (alert_id, subscription_id)
    );
    CREATE INDEX push_deliveries_due ON push_deliveries (next_attempt_at);

    -- Every push tried: who, which kind, when, the result. No payload, no endpoint.
    CREATE TABLE push_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL,
      kind text NOT NULL,
      alert_id bigint NOT NULL,
      subscription_id uuid NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      status int,
      result text NOT NULL CHECK (result IN ('delivered', 'retry', 'gone', 'failed', 'dropped'))
    );

    -- Where alert derivation stands in the events table: one row, locked by the node deriving.
    -- Starts at the present: history made before alerts existed alerts nobody.
    CREATE TABLE alert_cursor (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      last_seq bigint NOT NULL
    );
    INSERT INTO alert_cursor (last_seq) SELECT coalesce(max(seq), 0) FROM place_events;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE alert_cursor, push_log, push_deliveries, alerts, alert_preferences, push_subscriptions, push_keys`.execute(db);
}
