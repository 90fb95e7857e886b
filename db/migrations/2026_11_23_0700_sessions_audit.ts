import { type Kysely, sql } from 'kysely';

// Accounts in use: server-side sessions, login attempts for rate limiting, the audit log, and the
// event types of changes made through the API. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Only a SHA-256 hash of the session token is stored: a leaked table opens no session.
    CREATE TABLE sessions (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    -- Kept in the database, not in memory, so every node behind a load balancer sees the same count.
    CREATE TABLE login_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      succeeded boolean NOT NULL,
      attempted_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at);
    CREATE INDEX login_attempts_ip ON login_attempts (ip, attempted_at);

    -- Who did what, when: every change, every read of an address, every refused access.
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid REFERENCES users (id),
      action text NOT NULL,
      subject_type text,
      subject_id text,
      detail jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_occurred ON audit_log (occurred_at DESC);

    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'restrict_violation';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    ALTER TABLE place_events ADD FOREIGN KEY (actor_user_id) REFERENCES users (id);
    -- 'updated': an admin changed a place's attributes; the version rises, so it is an event too.
    ALTER TABLE place_events DROP CONSTRAINT place_events_type_check;
    ALTER TABLE place_events ADD CONSTRAINT place_events_type_check
      CHECK (type IN ('registered', 'status_changed', 'confirmed', 'updated'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE place_events DROP CONSTRAINT place_events_type_check;
    ALTER TABLE place_events ADD CONSTRAINT place_events_type_check CHECK (type IN ('registered', 'status_changed', 'confirmed'));
    ALTER TABLE place_events DROP CONSTRAINT place_events_actor_user_id_fkey;
    DROP TABLE audit_log;
    DROP FUNCTION audit_log_append_only;
    DROP TABLE login_attempts;
    DROP TABLE sessions;
  `.execute(db);
}
