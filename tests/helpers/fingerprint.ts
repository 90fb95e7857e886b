import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';

export interface FingerprintOptions {
  /** Tables left out entirely. */
  exceptTables?: string[];
  /** Columns left out of a table's hash, per table. */
  exceptColumns?: Record<string, string[]>;
}

/**
 * Row count and a hash of the contents of every table in the public schema, so a test can show that
 * a run of requests changed nothing. Rows are hashed as JSON in a stable order.
 */
export async function databaseFingerprint(db: Db, options: FingerprintOptions = {}): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const fingerprint: Record<string, string> = {};
  for (const { name } of tables.rows.filter((t) => !options.exceptTables?.includes(t.name))) {
    const columns = options.exceptColumns?.[name] ?? [];
    const { rows } = await sql<{ count: string; hash: string | null }>`
      select count(*)::text as count,
        md5(string_agg((to_jsonb(t) - ${columns}::text[])::text, '|' order by (to_jsonb(t) - ${columns}::text[])::text)) as hash
      from ${sql.table(name)} as t`.execute(db);
    fingerprint[name] = `${rows[0]!.count} rows, ${rows[0]!.hash ?? 'empty'}`;
  }
  return fingerprint;
}
