import { type Kysely, sql } from 'kysely';

// Crisis teams: a crisis worker belongs to one Veilig Thuis organisation (their team), and each
// placement request and hold belongs to the team of the worker who made it, so colleagues can take
// a case over at shift change and another team never sees it. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
    ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
      CHECK (kind IN ('vrouwenopvang', 'maatschappelijke_opvang', 'veilig_thuis'));

    -- Crisis workers made before teams existed join one team, which an admin can split up later.
    ALTER TABLE users DROP CONSTRAINT users_check;
    INSERT INTO organisations (name, kind)
      SELECT 'Veilig Thuis', 'veilig_thuis' WHERE EXISTS (SELECT 1 FROM users WHERE role = 'crisis_worker');
    UPDATE users SET organisation_id = (SELECT id FROM organisations WHERE kind = 'veilig_thuis' ORDER BY created_at LIMIT 1)
      WHERE role = 'crisis_worker';

    -- Shelter staff and crisis workers belong to exactly one organisation; admins and analysts to none.
    ALTER TABLE users ADD CONSTRAINT users_check
      CHECK ((role IN ('shelter_staff', 'crisis_worker')) = (organisation_id IS NOT NULL));

    -- ...and the right kind of organisation: a shelter's staff do not join a crisis team, nor the reverse.
    CREATE FUNCTION users_organisation_kind() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.organisation_id IS NOT NULL AND (NEW.role = 'crisis_worker') <>
         (SELECT kind = 'veilig_thuis' FROM organisations WHERE id = NEW.organisation_id) THEN
        RAISE EXCEPTION 'a % belongs to % organisation', NEW.role,
          CASE WHEN NEW.role = 'crisis_worker' THEN 'a veilig_thuis' ELSE 'a shelter' END
          USING ERRCODE = 'check_violation', CONSTRAINT = 'users_organisation_kind';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER users_organisation_kind BEFORE INSERT OR UPDATE OF role, organisation_id ON users
      FOR EACH ROW EXECUTE FUNCTION users_organisation_kind();

    ALTER TABLE placement_requests ADD COLUMN team_id uuid REFERENCES organisations (id);
    UPDATE placement_requests r SET team_id = u.organisation_id FROM users u WHERE u.id = r.created_by;
    ALTER TABLE placement_requests ALTER COLUMN team_id SET NOT NULL;
    CREATE INDEX placement_requests_team ON placement_requests (team_id, created_at);

    ALTER TABLE holds ADD COLUMN team_id uuid REFERENCES organisations (id);
    UPDATE holds h SET team_id = r.team_id FROM placement_requests r WHERE r.id = h.request_id;
    ALTER TABLE holds ALTER COLUMN team_id SET NOT NULL;
    CREATE INDEX holds_team ON holds (team_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE holds DROP COLUMN team_id;
    ALTER TABLE placement_requests DROP COLUMN team_id;
    DROP TRIGGER users_organisation_kind ON users;
    DROP FUNCTION users_organisation_kind();
    ALTER TABLE users DROP CONSTRAINT users_check;
    UPDATE users SET organisation_id = NULL WHERE role = 'crisis_worker';
    ALTER TABLE users ADD CONSTRAINT users_check CHECK ((role = 'shelter_staff') = (organisation_id IS NOT NULL));
    DELETE FROM organisations WHERE kind = 'veilig_thuis';
    ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
    ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('vrouwenopvang', 'maatschappelijke_opvang'));
  `.execute(db);
}
