import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';

/** Failures are forgotten this long after the last one. */
export const WINDOW_MINUTES = 15;
/** The longest a key waits between attempts, however many failures it has. */
const MAX_DELAY_SECONDS = WINDOW_MINUTES * 60;

export interface ThrottleRule {
  /** Failures allowed without delay within the window. */
  free: number;
  /** Wait after the last free failure; it doubles with every failure after that. */
  delaySeconds: number;
}

/**
 * Reserves one attempt for `key`, counted as a failure until `forgive` says otherwise, in ONE
 * statement under the row's lock: parallel attempts queue on the row and each sees the count the
 * one before it wrote, so at most `free` attempts pass at once and the rest wait their delay.
 * Returns false when the key must wait (the caller answers 429 and checks nothing).
 */
export async function reserveAttempt(db: Db, key: string, rule: ThrottleRule): Promise<boolean> {
  const window = sql`make_interval(mins => ${WINDOW_MINUTES})`;
  const failures = sql`CASE WHEN t.last_failure_at < now() - ${window} THEN 1 ELSE t.failures + 1 END`;
  const delay = (n: unknown) =>
    sql`make_interval(secs => CASE WHEN ${n} < ${rule.free}::int THEN 0 ELSE least(${MAX_DELAY_SECONDS}::int, ${rule.delaySeconds}::int * power(2, ${n} - ${rule.free}::int)) END)`;
  const { rows } = await sql<{ failures: number }>`
    INSERT INTO login_throttle AS t (key, failures, last_failure_at, next_attempt_at)
    VALUES (${key}::text, 1, now(), now() + ${delay(sql`1`)})
    ON CONFLICT (key) DO UPDATE SET
      failures = ${failures},
      last_failure_at = now(),
      next_attempt_at = now() + ${delay(failures)}
    WHERE t.last_failure_at < now() - ${window} OR t.failures < ${rule.free}::int OR t.next_attempt_at <= now()
    RETURNING t.failures`.execute(db);
  return rows.length === 1;
}

/** Seconds until `key` may try again (for Retry-After). */
export async function secondsToWait(db: Db, key: string): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .select(sql<number>`ceil(extract(epoch FROM next_attempt_at - now()))::int`.as('wait'))
    .where('key', '=', key)
    .executeTakeFirst();
  return Math.max(1, row?.wait ?? 1);
}

/** A reserved attempt that succeeded: an account or factor key starts afresh. */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** An address's reserved attempt that succeeded no longer counts against the others behind it. */
export async function forgiveAttempt(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ failures: sql`greatest(failures - 1, 0)` })
    .where('key', '=', key)
    .execute();
}

/** One row per password check made, the record of how many checks an account got. */
export async function recordCheck(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ email, ip, succeeded }).execute();
}
