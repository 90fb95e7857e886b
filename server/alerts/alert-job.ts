import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { deliverDue } from './deliver.ts';
import { deriveAlerts } from './derive.ts';
import { loadVapidKeys } from './vapid.ts';

/**
 * Every node runs this: derive alerts (one node at a time), then send what is due (each delivery by
 * one node). A node that dies mid-tick loses nothing: alerts and deliveries are rows. Returns the stop
 * function, which waits for a tick under way.
 */
export function startAlertJob(db: Db, config: Config, log: (message: string, error?: unknown) => void = () => {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const keys = loadVapidKeys(db, config);
  const tick = async () => {
    try {
      const vapid = await keys;
      await deriveAlerts(db, config);
      if (!stopped) await deliverDue(db, config, vapid);
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
