import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { closeDays, lastDayToClose } from './rollups.ts';

/**
 * Closes every day up to yesterday at once (after loading history), reporting progress per day; the
 * server instead leaves this to its rollup job in the background.
 */
export async function closeAllDays(
  db: Db,
  options: { freshnessHours: number; progress?: (phase: string, done: number, total: number) => void },
): Promise<number> {
  const through = await lastDayToClose(db);
  const { rows } = await sql<{ days: number | null }>`
    SELECT ${through}::date - (min(occurred_at) AT TIME ZONE 'Europe/Amsterdam')::date + 1 AS days FROM place_events`.execute(db);
  const total = Math.max(1, rows[0]?.days ?? 1);
  let days = 0;
  const { closed } = await closeDays(db, {
    through,
    freshnessHours: options.freshnessHours,
    onClosed: () => options.progress?.('closing days', Math.min(total, ++days), total),
  });
  return closed;
}
