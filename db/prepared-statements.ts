import { createHash } from 'node:crypto';
import { type Compilable, type CompiledQuery, createQueryId, type RawBuilder, sql } from 'kysely';
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

/** A value of a statement template, named: each run fills it in. */
class Slot {
  constructor(readonly name: string) {}
}

export type SlotOf<V> = (name: keyof V & string) => RawBuilder<unknown>;

/**
 * A PREPARED statement built and compiled once: `build` puts `slot(name)` wherever a value varies,
 * and each run only fills in the values by name. Building and compiling the long crisis search with
 * kysely on every run cost more Node CPU than the rest of the search (profile in BENCHMARKS.md).
 * Every parameter must be a slot: a value written into the template would be the first run's forever.
 */
export function preparedTemplate<V extends object, R>(build: (slot: SlotOf<V>) => Compilable<R>): (values: V) => CompiledQuery<R> {
  let template: { compiled: CompiledQuery<R>; names: Array<keyof V> } | undefined;
  const compile = () => {
    const compiled = build((name) => sql`${new Slot(name)}`).compile();
    const names = compiled.parameters.map((parameter) => {
      if (!(parameter instanceof Slot)) throw new Error(`A statement template holds the value ${String(parameter)}: pass it through a slot.`);
      return parameter.name as keyof V;
    });
    return { compiled: { ...compiled, sql: PREPARED + compiled.sql }, names };
  };
  return (values) => {
    template ??= compile();
    return { ...template.compiled, queryId: createQueryId(), parameters: template.names.map((name) => values[name]) };
  };
}
