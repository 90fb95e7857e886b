import { sql } from 'kysely';

import type { Db } from '../database.ts';
import { isEmpty } from './demo.ts';

// Any number, the same in every node: the advisory lock that makes seeding one node's job.
const SEED_LOCK = 20_261_124;

/**
 * Runs `seed` when the database is empty, once however many nodes start at the same moment: two nodes
 * with SEED_DEMO=always both found it empty and one exited on a duplicate demo user. The lock is held
 * by a transaction that stays open while `seed` writes through its own connections; the node that
 * waited for it then finds the data and skips. A node that dies while seeding ends its transaction,
 * which frees the lock. Returns whether this node seeded.
 */
export async function seedOnce(db: Db, seed: () => Promise<void>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    if (!(await isEmpty(db))) return false;
    await seed();
    return true;
  });
}
