import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery } from 'kysely';
import pg from 'pg';

// A statement whose text starts with PREPARED runs as a named prepared statement: each connection
// parses it once and PostgreSQL may keep a generic plan, instead of parsing and planning it on every
// run. For the crisis search, whose text is long and whose joins take longer to plan than to run,
// that halves its cost in PostgreSQL. Only for texts from a small fixed set (parameters, not
// literals, carry what varies): every distinct text stays prepared on every connection.

export const PREPARED = '/* prepared */ ';

// The name of each PREPARED text, made once per text (the set is small, see above).
const names = new Map<string, string>();
const nameOf = (text: string) => names.get(text) ?? names.set(text, `noodbed_${createHash('sha1').update(text).digest('base64url')}`).get(text)!;

/** The pool's client: names a PREPARED statement after its text, so a connection prepares it once. */
export class PreparingClient extends pg.Client {
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARED)) return super.query({ name: nameOf(config), text: config, values }, callback);
    return super.query(config, values, callback);
  }
}

/** The query compiled as a PREPARED statement: run it with db.executeQuery. */
export function prepared<R>(query: Compilable<R>): CompiledQuery<R> {
  const compiled = query.compile();
  return { ...compiled, sql: PREPARED + compiled.sql };
}
