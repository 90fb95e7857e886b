import type { Db } from '../../db/database.ts';
import { syncLocationRegions } from '../../db/municipality-regions.ts';
import { closeDays, lastDayToClose } from '../statistics/rollups.ts';

// Keeps the place-time rollups closed up to yesterday: once at start (a fresh or long-stopped node
// catches up in the background, without delaying the server) and then every `everyMs`. When nothing
// is due a run costs two small queries. Several nodes may run it: closeDays serialises on the
// rollup_state row, so they share the work and each day is closed once.
export function startRollupJob(db: Db, options: { freshnessHours: number; everyMs?: number; log?: (message: string) => void }): () => void {
  let running = false;
  const run = async () => {
    // A catch-up of years can outlast the interval: never run two at once on one node.
    if (running) return;
    running = true;
    try {
      // A dated region mapping that starts today (1 January) moves the locations it concerns.
      const moved = await syncLocationRegions(db);
      if (moved > 0) options.log?.(`Regions: ${moved} location${moved === 1 ? '' : 's'} moved to the region of today.`);
      const { closed } = await closeDays(db, { through: await lastDayToClose(db), freshnessHours: options.freshnessHours });
      if (closed > 0) options.log?.(`Statistics: closed ${closed} day${closed === 1 ? '' : 's'} of place-time.`);
    } catch (error) {
      // A failed day rolls back whole and is retried on the next run.
      options.log?.(`Statistics: closing days failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), options.everyMs ?? 10 * 60_000);
  return () => clearInterval(timer);
}
