import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export const WINDOW_MINUTES = 15;

/** Failed logins in the window, for this account and for this address. */
export async function recentFailures(db: Db, email: string, ip: string): Promise<{ account: number; ip: number }> {
  const since = sql<Date>`now() - make_interval(mins => ${WINDOW_MINUTES})`;
  const row = await db
    .selectFrom('login_attempts')
    .select([
      sql<string>`count(*) FILTER (WHERE email = ${email})`.as('account'),
      sql<string>`count(*) FILTER (WHERE ip = ${ip})`.as('ip'),
    ])
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { account: Number(row.account), ip: Number(row.ip) };
}

export async function recordAttempt(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ email, ip, succeeded }).execute();
}
