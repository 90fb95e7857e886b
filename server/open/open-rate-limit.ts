import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';

// The open-data rate limit, counted in PostgreSQL so that every node behind the load balancer draws on
// the same bucket per address (a per-node count lets an address through once per node). A token
// bucket: `capacity` requests at once, then `perSecond` more each second.

export interface BucketRule {
  capacity: number;
  perSecond: number;
}

/**
 * Takes one token of `address`'s bucket in ONE statement under the row's lock: parallel requests, from
 * any node, queue on the row and each sees the level the one before it left. Returns 0 when taken, else
 * the seconds until a token is back (for Retry-After).
 */
export async function takeToken(db: Db, address: string, rule: BucketRule): Promise<number> {
  // Refilled since `at`; a request that waited on the lock may have started before the last `at`.
  const level = sql`least(${rule.capacity}::float8, b.tokens + greatest(0, extract(epoch FROM now() - b.at)) * ${rule.perSecond}::float8)`;
  const { rows } = await sql`
    INSERT INTO open_data_buckets AS b (address, tokens, at) VALUES (${address}, ${rule.capacity - 1}::float8, now())
    ON CONFLICT (address) DO UPDATE SET tokens = ${level} - 1, at = greatest(b.at, now())
    WHERE ${level} >= 1
    RETURNING 1`.execute(db);
  if (rows.length === 1) return 0;
  const { rows: wait } = await sql<{ seconds: number }>`
    SELECT (1 - ${level}) / ${rule.perSecond}::float8 AS seconds FROM open_data_buckets b WHERE address = ${address}`.execute(db);
  return Math.max(1, Math.ceil(wait[0]?.seconds ?? 1));
}

/** A bucket that has filled up again is the same as no bucket: forgets those. */
export async function pruneBuckets(db: Db, rule: BucketRule): Promise<void> {
  await sql`DELETE FROM open_data_buckets WHERE at < now() - make_interval(secs => ${rule.capacity / rule.perSecond})`.execute(db);
}
