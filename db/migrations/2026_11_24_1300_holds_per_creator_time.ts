import { type Kysely, sql } from 'kysely';

// The hourly hold limit (issue 12) counts a crisis worker's holds of the last hour, whatever became of
// them, under a lock on the worker's row: an index keeps that count to the worker's recent holds.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX holds_creator_time ON holds (created_by, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX holds_creator_time`.execute(db);
}
