import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoAccounts } from '../../db/seed/demo.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess } from '../helpers/server-process.ts';

// Issue 19: two nodes started at once with SEED_DEMO=always on one empty database; one exited on a
// duplicate demo user. The real program, twice, at the same moment: both migrate, both want to seed.

let database: TestDatabase;
const nodes: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];
beforeAll(async () => {
  database = await createTestDatabase('empty');
});
afterAll(async () => {
  for (const node of nodes) await node.kill();
  await database?.drop();
});

describe('two nodes started at once on an empty database with SEED_DEMO=always', () => {
  it('both start and serve; the demo is there once', async () => {
    const started = await Promise.allSettled([0, 1].map(() => startServerProcess(database.url, { SEED_DEMO: 'always' })));
    for (const outcome of started) if (outcome.status === 'fulfilled') nodes.push(outcome.value);
    expect(started.map((o) => (o.status === 'rejected' ? String(o.reason) : 'started'))).toEqual(['started', 'started']);

    for (const node of nodes) expect((await fetch(`${node.url}/api/v1/health`)).status).toBe(200);
    const users = await database.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email).sort()).toEqual(demoAccounts.map((a) => a.email).sort());
  }, 300_000);
});
