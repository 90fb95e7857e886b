import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { cycles, importGraph } from '../helpers/import-graph.ts';

// Rules of the code's shape that tsc does not check: the database layer stands on its own (migrations,
// seeds and tools run without the server), the shared vocabulary is a leaf the browser can bundle, and
// no module imports one that imports it back.

const graph = importGraph(['server', 'db', 'shared', 'web', 'scripts']);
// A write in a route handler skips the domain function's policy check and audit entry (issue 19):
// routes parse, call a *.domain.ts function and map. Kysely's writes, a transaction, or raw SQL.
const WRITE = /\.(?:insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\.transaction\(\)|\b(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b/;
const writesIn = (text: string) => text.split('\n').filter((line) => WRITE.test(line));
const routeFiles = [...graph.keys()].filter((file) => file.startsWith('server/') && file.endsWith('.routes.ts'));
const importsOf = (prefix: string) =>
  [...graph].filter(([file]) => file.startsWith(prefix)).flatMap(([file, targets]) => targets.map((target) => `${file} -> ${target}`));

describe('architecture', () => {
  it('reads the graph', () => expect(graph.size).toBeGreaterThan(100));

  it('nothing in db/ imports the server', () => {
    expect(importsOf('db/').filter((edge) => edge.includes('-> server/'))).toEqual([]);
  });

  it('the vocabulary imports nothing', () => expect(importsOf('shared/')).toEqual([]));

  it('only server/index.ts imports app.ts (shared types live in server/context.ts)', () => {
    expect(importsOf('server/').filter((edge) => edge.endsWith('-> server/app.ts'))).toEqual(['server/index.ts -> server/app.ts']);
  });

  // A look-up used by several resources lives with its resource (server/regions/), not in one of its users.
  it('users/ borrows nothing from quality/', () => {
    expect(importsOf('server/users/').filter((edge) => edge.includes('-> server/quality/'))).toEqual([]);
  });

  it('has no import cycles', () => expect(cycles(graph)).toEqual([]));

  it('finds a write where there is one', () => {
    expect(writesIn("await db.deleteFrom('sessions').where('id', '=', id).execute();\nconst ok = 1;")).toHaveLength(1);
    expect(writesIn('await db.transaction().execute(async (trx) => {')).toHaveLength(1);
    expect(writesIn('sql`UPDATE users SET name = ${name}`')).toHaveLength(1);
    expect(writesIn("await db.selectFrom('users').selectAll().execute();")).toEqual([]);
  });

  it('route files write nothing themselves: every write goes through a domain function', () => {
    expect(routeFiles.length).toBeGreaterThan(20);
    const writes = routeFiles.flatMap((file) => writesIn(readFileSync(file, 'utf8')).map((line) => `${file}: ${line.trim()}`));
    expect(writes).toEqual([]);
  });
});
