import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';

import { migrations } from './migrations/index.ts';
import { PreparingClient } from './prepared-statements.ts';
import type { Database } from './schema.ts';

// Dates (not timestamps) stay 'YYYY-MM-DD' strings: a date has no time zone to shift it.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Db = Kysely<Database>;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 20, Client: PreparingClient });
  // A client losing its connection (e.g. PostgreSQL restarting) must not crash the process. The pool
  // handles this for idle clients only; a checked-out one (say, between the queries of a transaction)
  // emits 'error' with no listener, which is an uncaught exception. Its running or next query fails
  // instead (answered 503), and the pool drops it on release as no longer queryable.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    // No failed migration: none could run, e.g. the database cannot be reached.
    throw new Error(failed ? `migration ${failed.migrationName} failed: ${String(error)}` : `migrations could not run: ${String(error)}`);
  }
}
