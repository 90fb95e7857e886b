import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { stillHoldsSql } from './still-holds.ts';

// Alerts and the push log are kept `alerts.retentionDays`, then deleted (their deliveries go with
// them). Never deleted, however old: an alert's row is also the key that says it was raised, so an
// alert whose condition still holds would be raised again without it. That is an alert about a hold
// that still holds (a hold still waiting), and the latest alert of a location per kind and user: its
// key names the last confirmation (`location_unconfirmed:<id>:<since>`), and a location unconfirmed
// since then is still that condition; an earlier one of the location is superseded and goes.

// Deleted in batches, so a first run over a long history does not hold locks for long.
const BATCH = 5_000;

export interface RetentionResult {
  alerts: number;
  pushLog: number;
}

export async function deleteOldAlerts(db: Db, config: Config): Promise<RetentionResult> {
  const before = sql<Date>`now() - make_interval(days => ${config.alerts.retentionDays})`;
  let alerts = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      DELETE FROM alerts WHERE id IN (
        SELECT a.id FROM alerts a
        WHERE a.created_at < ${before}
          AND CASE WHEN a.location_id IS NULL THEN NOT ${stillHoldsSql(config)}
            ELSE EXISTS (
              SELECT 1 FROM alerts b
              WHERE b.user_id = a.user_id AND b.kind = a.kind AND b.location_id = a.location_id
                AND (b.created_at, b.id) > (a.created_at, a.id)) END
        LIMIT ${BATCH})`.execute(db);
    alerts += Number(numAffectedRows ?? 0);
    if (Number(numAffectedRows ?? 0) < BATCH) break;
  }
  let pushLog = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      DELETE FROM push_log WHERE id IN (SELECT id FROM push_log WHERE sent_at < ${before} LIMIT ${BATCH})`.execute(db);
    pushLog += Number(numAffectedRows ?? 0);
    if (Number(numAffectedRows ?? 0) < BATCH) break;
  }
  return { alerts, pushLog };
}
