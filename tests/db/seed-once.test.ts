import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDb, type Db } from '../../db/database.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from '../../db/seed/demo.ts';
import { seedOnce } from '../../db/seed/seed-once.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// Issue 19: two nodes started at once with SEED_DEMO=always both found the database empty, both
// seeded, and one exited on a duplicate demo user. Two pools stand for the two nodes.

let database: TestDatabase;
let nodes: Db[];
let passwordHash: string;
beforeAll(async () => {
  database = await createTestDatabase('migrated');
  nodes = [createDb(database.url, { max: 3 }), createDb(database.url, { max: 3 })];
  passwordHash = await hashPassword(DEMO_PASSWORD);
});
afterAll(async () => {
  for (const db of nodes ?? []) await db.destroy();
  await database?.drop();
});

describe('seeding the demo from two nodes at once', () => {
  it('seeds once: one node seeds, the other waits and skips, neither fails', async () => {
    const outcomes = await Promise.allSettled(nodes.map((db) => seedOnce(db, () => seedDemo(db, { passwordHash }))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const seeded = outcomes.map((o) => (o as PromiseFulfilledResult<boolean>).value);
    expect(seeded.filter(Boolean)).toHaveLength(1);

    const users = await database.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email).sort()).toEqual(demoAccounts.map((a) => a.email).sort());
    // 30 shelter organisations and 2 Veilig Thuis teams, once: a second seeding would have doubled them.
    const organisations = await database.db.selectFrom('organisations').select(database.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(organisations.n)).toBe(32);
  }, 60_000);

  it('leaves a seeded database alone on a later start', async () => {
    let called = false;
    expect(await seedOnce(nodes[0]!, async () => void (called = true))).toBe(false);
    expect(called).toBe(false);
  });
});
