import { type Kysely, sql } from 'kysely';

// The region officer (centrumgemeente): a user of one region of a scheme, who sees that region's
// aggregates, data-quality flags and explanations, and signs off its quarterly figures. Explanations of
// flags and periods by shelters and region officers. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check
      CHECK (role IN ('admin', 'shelter_staff', 'crisis_worker', 'analyst', 'region_officer'));
    ALTER TABLE users ADD COLUMN region_scheme text, ADD COLUMN region_code text;
    ALTER TABLE users ADD CONSTRAINT users_region FOREIGN KEY (region_scheme, region_code) REFERENCES regions (scheme_code, code);
    -- A region officer has exactly one region; nobody else has one.
    ALTER TABLE users ADD CONSTRAINT users_region_check
      CHECK ((role = 'region_officer') = (region_code IS NOT NULL AND region_scheme IS NOT NULL)
             AND (region_code IS NULL) = (region_scheme IS NULL));

    -- An explanation of a data-quality flag (rule_id set) or of a whole period (rule_id NULL), for one
    -- location (written by its shelter or the region) or for the region as a whole.
    CREATE TABLE quality_explanations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_scheme text NOT NULL,
      region_code text NOT NULL,
      location_id uuid REFERENCES locations (id),
      rule_id text,
      period_start date NOT NULL,
      period_end date NOT NULL,
      reason text NOT NULL CHECK (reason IN ('data_entry_late', 'building_works', 'staff_shortage', 'policy_change', 'system_error', 'correct_as_reported', 'other')),
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (region_scheme, region_code) REFERENCES regions (scheme_code, code),
      CHECK (period_start <= period_end)
    );
    CREATE INDEX quality_explanations_region ON quality_explanations (region_scheme, region_code, period_start);

    -- A quarter's report of one region (region_code set) or the nation (both NULL): drafted when the
    -- quarter has closed, signed off by the region officer (an admin for the nation), then frozen: the
    -- snapshot holds the published figures as they were, under the named definition and disclosure versions.
    CREATE TABLE quarterly_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_scheme text,
      region_code text,
      quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
      period_start date NOT NULL,
      period_end date NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'question', 'signed_off')),
      drafted_at timestamptz NOT NULL DEFAULT now(),
      signed_off_by uuid REFERENCES users (id),
      signed_off_at timestamptz,
      snapshot jsonb,
      definition_version text,
      disclosure_version text,
      FOREIGN KEY (region_scheme, region_code) REFERENCES regions (scheme_code, code),
      CHECK ((region_code IS NULL) = (region_scheme IS NULL)),
      -- Signed off is frozen: a snapshot and its versions, and nothing before.
      CHECK ((status = 'signed_off') = (snapshot IS NOT NULL AND signed_off_at IS NOT NULL AND definition_version IS NOT NULL AND disclosure_version IS NOT NULL))
    );
    CREATE UNIQUE INDEX quarterly_reports_one ON quarterly_reports (coalesce(region_scheme, ''), coalesce(region_code, ''), quarter);
    CREATE FUNCTION quarterly_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'signed_off' THEN
        RAISE EXCEPTION 'a signed-off report is frozen' USING ERRCODE = 'check_violation', CONSTRAINT = 'quarterly_reports_frozen';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER quarterly_reports_frozen BEFORE UPDATE OR DELETE ON quarterly_reports
      FOR EACH ROW EXECUTE FUNCTION quarterly_reports_frozen();

    -- A question the region officer sends back to a shelter about a location in a report under review.
    CREATE TABLE report_questions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      report_id uuid NOT NULL REFERENCES quarterly_reports (id),
      location_id uuid NOT NULL REFERENCES locations (id),
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE report_questions;
    DROP TRIGGER quarterly_reports_frozen ON quarterly_reports;
    DROP FUNCTION quarterly_reports_frozen();
    DROP TABLE quarterly_reports;
    DROP TABLE quality_explanations;
    DELETE FROM users WHERE role = 'region_officer';
    ALTER TABLE users DROP CONSTRAINT users_region_check, DROP CONSTRAINT users_region;
    ALTER TABLE users DROP COLUMN region_scheme, DROP COLUMN region_code;
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'shelter_staff', 'crisis_worker', 'analyst'));
  `.execute(db);
}
