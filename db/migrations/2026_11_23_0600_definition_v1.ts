import { type Kysely, sql } from 'kysely';

// The single capacity definition, v1 (docs/definition.md), as far as the database can enforce it.
// Frozen once landed: change the schema in a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE region_schemes (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
      name text NOT NULL,
      is_default boolean NOT NULL DEFAULT false
    );
    -- Exactly one scheme is the default (veiligheidsregio out of the box).
    CREATE UNIQUE INDEX region_schemes_one_default ON region_schemes (is_default) WHERE is_default;

    CREATE TABLE regions (
      scheme_code text NOT NULL REFERENCES region_schemes (code) ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[A-Z]{2}[0-9]{2,4}$'),
      name text NOT NULL,
      PRIMARY KEY (scheme_code, code)
    );

    CREATE TABLE municipalities (
      code text PRIMARY KEY CHECK (code ~ '^GM[0-9]{4}$'),
      name text NOT NULL
    );

    -- Municipalities are regrouped every 1 January, so the mapping is dated: valid_from inclusive, valid_to exclusive.
    CREATE TABLE municipality_regions (
      municipality_code text NOT NULL REFERENCES municipalities (code),
      scheme_code text NOT NULL,
      region_code text NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      PRIMARY KEY (municipality_code, scheme_code, valid_from),
      FOREIGN KEY (scheme_code, region_code) REFERENCES regions (scheme_code, code) ON DELETE CASCADE,
      CHECK (valid_to IS NULL OR valid_to > valid_from)
    );

    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(trim(name)) > 0),
      kind text NOT NULL CHECK (kind IN ('vrouwenopvang', 'maatschappelijke_opvang')),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE locations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations (id),
      name text NOT NULL CHECK (length(trim(name)) > 0),
      municipality_code text NOT NULL REFERENCES municipalities (code),
      -- Region in the default scheme, kept on the row because every search and count filters on it.
      region_scheme text NOT NULL,
      region_code text NOT NULL,
      serves text NOT NULL CHECK (serves IN ('women', 'men', 'all')),
      -- Confidential (geheim adres): only the location's own staff and admins may read these.
      street_address text NOT NULL,
      postal_code text NOT NULL CHECK (postal_code ~ '^[1-9][0-9]{3} ?[A-Z]{2}$'),
      city text NOT NULL,
      -- 24/7 intake phone: shown to a crisis worker only while they hold a place here.
      intake_phone text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (region_scheme, region_code) REFERENCES regions (scheme_code, code)
    );
    CREATE INDEX locations_organisation ON locations (organisation_id);
    CREATE INDEX locations_region ON locations (region_code);

    CREATE TABLE places (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      location_id uuid NOT NULL REFERENCES locations (id),
      label text NOT NULL CHECK (length(trim(label)) > 0),
      kind text NOT NULL CHECK (kind IN ('bed', 'family_unit')),
      beds integer NOT NULL,
      max_adults integer NOT NULL,
      max_children integer NOT NULL,
      max_boy_age integer,
      accessibility text NOT NULL CHECK (accessibility IN ('none', 'limited_mobility', 'wheelchair')),
      pets_allowed boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('available', 'held', 'occupied', 'unavailable')),
      unavailable_reason text CHECK (unavailable_reason IN ('maintenance', 'staffing', 'safety', 'other')),
      -- Optimistic concurrency: every change names the version it was based on and raises it by one.
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      status_changed_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- A bed is a sleeping place for one adult without children.
      CONSTRAINT bed_is_one_adult CHECK (
        kind <> 'bed' OR (beds = 1 AND max_adults = 1 AND max_children = 0 AND max_boy_age IS NULL)),
      -- A family unit is one place for one household with children, whatever its number of beds.
      CONSTRAINT family_unit_shape CHECK (
        kind <> 'family_unit' OR (beds >= 2 AND max_adults BETWEEN 1 AND 2 AND max_children >= 1
          AND (max_boy_age IS NULL OR max_boy_age BETWEEN 0 AND 17))),
      CONSTRAINT unavailable_needs_reason CHECK ((status = 'unavailable') = (unavailable_reason IS NOT NULL))
    );
    CREATE INDEX places_location ON places (location_id);
    CREATE INDEX places_status ON places (status, kind);

    -- Append-only history: the sequence is global and only grows; rows are never updated or deleted.
    CREATE TABLE place_events (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      place_id uuid NOT NULL REFERENCES places (id),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid,
      type text NOT NULL CHECK (type IN ('registered', 'status_changed', 'confirmed')),
      status text NOT NULL CHECK (status IN ('available', 'held', 'occupied', 'unavailable')),
      unavailable_reason text CHECK (unavailable_reason IN ('maintenance', 'staffing', 'safety', 'other')),
      version integer NOT NULL,
      CHECK ((status = 'unavailable') = (unavailable_reason IS NOT NULL)),
      UNIQUE (place_id, version)
    );
    CREATE INDEX place_events_place ON place_events (place_id, seq);

    CREATE FUNCTION place_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'place_events is append-only' USING ERRCODE = 'restrict_violation';
    END $$;
    CREATE TRIGGER place_events_no_update BEFORE UPDATE OR DELETE ON place_events
      FOR EACH ROW EXECUTE FUNCTION place_events_append_only();
    CREATE TRIGGER place_events_no_truncate BEFORE TRUNCATE ON place_events
      FOR EACH STATEMENT EXECUTE FUNCTION place_events_append_only();

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'shelter_staff', 'crisis_worker', 'analyst')),
      organisation_id uuid REFERENCES organisations (id),
      password_hash text NOT NULL,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- Shelter staff belong to exactly one organisation; other roles to none.
      CHECK ((role = 'shelter_staff') = (organisation_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX users_email ON users (email);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE users;
    DROP TABLE place_events;
    DROP FUNCTION place_events_append_only;
    DROP TABLE places;
    DROP TABLE locations;
    DROP TABLE organisations;
    DROP TABLE municipality_regions;
    DROP TABLE municipalities;
    DROP TABLE regions;
    DROP TABLE region_schemes;
  `.execute(db);
}
