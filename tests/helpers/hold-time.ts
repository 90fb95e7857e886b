import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';

/**
 * Lets time pass for active holds (one, or all when `holdId` is left out): the whole hold moves back
 * so it ended a second ago, keeping its length (the table requires expires_at > created_at). The
 * expiry job then finds it due, as it would have after waiting.
 */
export async function moveHoldsPastExpiry(db: Db, holdId?: string): Promise<void> {
  await sql`
    UPDATE holds SET created_at = created_at - (expires_at - now() + interval '1 second'), expires_at = now() - interval '1 second'
    WHERE status = 'active' AND expires_at > now() - interval '1 second' ${holdId ? sql`AND id = ${holdId}` : sql``}
  `.execute(db);
}
