import { type Kysely, sql } from 'kysely';

// Issue 15. Frozen once landed.
//
// stays_version: one counter that goes up, in the writing transaction, whenever the tables behind the
// published stay figures change (stay_region_days, stay_region_weeks, region_days): when a day is closed
// (server/statistics/rollups.ts) and when a stay written late corrects closed days (trigger
// stays_reclose, migration 2026_11_26_0200). The published stays answer is kept under it
// (server/statistics/stays-publication.ts): one row to read instead of an md5 over every sum row.
//
// Statement triggers with a transition table, so that a statement that changes no row (the correction
// of a stay that touches no closed day, the clean-up DELETE after most corrections) does not bump the
// counter, nor take its row lock. Every writer locks rollup_state first (FOR UPDATE to close a day,
// FOR SHARE to correct one), then this row: one order, no deadlock. Late corrections wait on each
// other here until the first commits; they are rare (a household entered after its day closed).

const TABLES = ['stay_region_days', 'stay_region_weeks', 'region_days'];
const EVENTS = [
  ['insert', 'INSERT', 'NEW'],
  ['update', 'UPDATE', 'NEW'],
  ['delete', 'DELETE', 'OLD'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE stays_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL
    );
    INSERT INTO stays_version (id, version) VALUES (true, 0);

    CREATE FUNCTION bump_stays_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM changed) THEN
        UPDATE stays_version SET version = version + 1;
      END IF;
      RETURN NULL;
    END $$;
  `.execute(db);
  for (const table of TABLES)
    for (const [name, event, rows] of EVENTS)
      await sql`
        CREATE TRIGGER ${sql.raw(`${table}_${name}_stays_version`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        REFERENCING ${sql.raw(rows)} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_stays_version()
      `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES)
    for (const [name] of EVENTS) await sql`DROP TRIGGER ${sql.raw(`${table}_${name}_stays_version`)} ON ${sql.table(table)}`.execute(db);
  await sql`
    DROP FUNCTION bump_stays_version();
    DROP TABLE stays_version;
  `.execute(db);
}
