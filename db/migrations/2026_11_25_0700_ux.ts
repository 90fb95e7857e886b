import { type Kysely, sql } from 'kysely';

// Issue 18 (the users' view of the registry). Frozen once landed.
// - natural_sort: labels ordered as people count ("Bed 2" before "Bed 10"); ICU's numeric ordering.
// - organisations.phone: how a shelter reaches the crisis team that holds its place (shown only as the
//   intake phone is: to the other side of a live or recently accepted hold).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE COLLATION natural_sort (provider = icu, locale = 'und-u-kn-true')`.execute(db);
  await sql`ALTER TABLE organisations ADD COLUMN phone text CHECK (phone ~ '^[0-9 +()-]{6,20}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organisations DROP COLUMN phone`.execute(db);
  await sql`DROP COLLATION natural_sort`.execute(db);
}
