import { type Kysely, sql } from 'kysely';

// Issue 15: inhabitants per municipality from a shipped CBS table (db/seed/data/population-<year>.csv,
// loaded with the reference data at every start), for family places per 10,000 inhabitants beside the
// Istanbul-convention norm. `year` is the CBS reference year (population on 1 January of it). A
// municipality without a figure has no row: a region's rate is then unknown, never a partial sum.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE municipality_populations (
      municipality_code text NOT NULL REFERENCES municipalities (code),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      population integer NOT NULL CHECK (population > 0),
      source text NOT NULL,
      PRIMARY KEY (municipality_code, year)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE municipality_populations`.execute(db);
}
