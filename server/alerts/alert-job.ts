import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { deliverDue } from './deliver.ts';
import { deriveAlerts } from './derive.ts';
import { deleteOldAlerts } from './retention.ts';
import { loadVapidKeys } from './vapid.ts';

/** Old alerts and push log rows are deleted at most this often (and at start). */
const RETENTION_EVERY_MS = 60 * 60_000;

/**
 * Every node runs this: derive alerts (one node at a time), then send what is due (each delivery by
 * one node); once an hour it deletes what is past its retention (retention.ts). A node that dies mid-tick loses nothing: alerts and deliveries are rows. Returns the stop
 * function, which waits for a tick under way.
 */
export function startAlertJob(db: Db, config: Config, log: (message: string, error?: unknown) => void = () => {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const keys = loadVapidKeys(db, config);
  let retainedAt = -Infinity;
  const tick = async () => {
    try {
      const vapid = await keys;
      await deriveAlerts(db, config);
      if (!stopped) await deliverDue(db, config, vapid);
      if (!stopped && performance.now() - retainedAt >= RETENTION_EVERY_MS) {
        retainedAt = performance.now();
        await deleteOldAlerts(db, config);
      }
    } catch (error) {
      if (!stopped) log('alerts: a tick failed', error);
    }
  };
  let busy = false;
  // A tick slower than the interval is not stacked up behind: the next one starts after it.
  const start = () => {
    if (busy) return;
    busy = true;
    running = tick().finally(() => {
      busy = false;
    });
  };
  const timer = setInterval(start, config.alerts.tickSeconds * 1000);
  start();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
