import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createDb, type Db } from '../../db/database.ts';
import { preparedTemplate } from '../../db/prepared-statements.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The crisis search runs as a prepared statement (db/prepared-statements.ts): built and compiled
// once, parsed once per connection, then only bound and run. Each different text must be its own
// statement, with its own values each run, and a statement not marked must stay unprepared (the set
// must stay small).

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase('migrated');
  // One connection, so every run below meets the statements the earlier runs prepared.
  db = createDb(t.url, { max: 1 });
});
afterAll(async () => {
  await db.destroy();
  await t.drop();
});

const preparedTexts = async () => (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

it('prepares a template once per connection and binds new values on every run', async () => {
  const square = preparedTemplate<{ n: number }, { n: number }>((slot) => db.selectNoFrom(sql<number>`${slot('n')}::int * ${slot('n')}::int`.as('n')));
  const cube = preparedTemplate<{ n: number }, { n: number }>((slot) =>
    db.selectNoFrom(sql<number>`${slot('n')}::int * ${slot('n')}::int * ${slot('n')}::int`.as('n')),
  );
  const results = [];
  for (const n of [2, 3, 4]) results.push((await db.executeQuery(square({ n }))).rows[0]!.n, (await db.executeQuery(cube({ n }))).rows[0]!.n);
  expect(results).toEqual([4, 8, 9, 27, 16, 64]);
  await sql`SELECT ${5}::int AS unmarked`.execute(db);
  const texts = await preparedTexts();
  expect(texts.filter((text) => text.includes('$2::int as "n"'))).toHaveLength(1);
  expect(texts.filter((text) => text.includes('$3::int as "n"'))).toHaveLength(1);
  expect(texts.some((text) => text.includes('unmarked'))).toBe(false);
});

it('refuses a template that holds a value instead of a slot: every run would get the first value', () => {
  const frozen = preparedTemplate<{ n: number }, { n: number }>((slot) => db.selectNoFrom(sql<number>`${slot('n')}::int + ${7}::int`.as('n')));
  expect(() => frozen({ n: 1 })).toThrow(/holds the value 7: pass it through a slot/);
});
