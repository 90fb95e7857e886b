import { type Kysely, sql } from 'kysely';

// Second factors (TOTP, passkeys) and recovery codes, sessions that have passed the password but not
// yet the factor, an atomic per-key login throttle, and one-time set-password links. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- A session that passed the password only may do nothing but verify or enrol a second factor.
    ALTER TABLE sessions ADD COLUMN factor_pending boolean NOT NULL DEFAULT false;
    -- The WebAuthn challenge of the ceremony this session has under way (one at a time).
    ALTER TABLE sessions ADD COLUMN webauthn_challenge text;

    -- One row per throttled key ('account:…', 'factor:…', 'ip:…'). An attempt is reserved with one
    -- INSERT … ON CONFLICT DO UPDATE … RETURNING before the password is checked, so parallel attempts
    -- are counted under the row lock and cannot all pass a limit read before any was written.
    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      last_failure_at timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL
    );

    -- confirmed_at is null while a TOTP enrolment waits for its first code.
    CREATE TABLE user_factors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('totp', 'passkey')),
      totp_secret text,
      credential_id text UNIQUE,
      public_key bytea,
      sign_count bigint NOT NULL DEFAULT 0,
      transports text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      CHECK ((kind = 'totp') = (totp_secret IS NOT NULL)),
      CHECK ((kind = 'passkey') = (credential_id IS NOT NULL AND public_key IS NOT NULL))
    );
    CREATE INDEX user_factors_user ON user_factors (user_id);

    -- Shown once; only a SHA-256 hash is kept.
    CREATE TABLE recovery_codes (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash bytea NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    );

    -- An admin's one-time link to set a password: only the token's SHA-256 hash is stored.
    CREATE TABLE password_links (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE password_links;
    DROP TABLE recovery_codes;
    DROP TABLE user_factors;
    DROP TABLE login_throttle;
    ALTER TABLE sessions DROP COLUMN webauthn_challenge;
    ALTER TABLE sessions DROP COLUMN factor_pending;
  `.execute(db);
}
