import { sql, type Transaction } from 'kysely';

import type { Database } from '../../db/schema.ts';
import type { Owner } from '../policy/scope.ts';
import type { AlertKind } from './kinds.ts';
import { UNMUTABLE } from './kinds.ts';
import { recipientsSql } from './recipients.ts';

export interface AlertAbout {
  holdId?: string | null;
  placeId?: string | null;
  requestId?: string | null;
  locationId?: string | null;
}

/**
 * Raises one alert for every user of its audience, once: `key` names what it is about, and a second
 * node (or a second tick) deriving the same alert finds it there. Each new alert gets one delivery per
 * device of its user, unless the user switched the kind off (an escalation cannot be); the page shows
 * it either way.
 */
export async function raiseAlert(trx: Transaction<Database>, kind: AlertKind, key: string, about: AlertAbout, owner: Owner): Promise<number> {
  const muted = UNMUTABLE.has(kind)
    ? sql`false`
    : sql`EXISTS (SELECT 1 FROM alert_preferences ap WHERE ap.user_id = a.user_id AND ${kind} = ANY(ap.muted_kinds))`;
  const { rows } = await sql<{ n: string }>`
    WITH raised AS (
      INSERT INTO alerts (user_id, kind, key, hold_id, place_id, request_id, location_id)
      SELECT u.id, ${kind}, ${key}, ${about.holdId ?? null}::uuid, ${about.placeId ?? null}::uuid,
        ${about.requestId ?? null}::uuid, ${about.locationId ?? null}::uuid
      FROM users u WHERE ${recipientsSql(kind, owner)}
      ON CONFLICT (user_id, key) DO NOTHING
      RETURNING id, user_id
    ), queued AS (
      INSERT INTO push_deliveries (alert_id, subscription_id)
      SELECT a.id, s.id FROM raised a JOIN push_subscriptions s ON s.user_id = a.user_id WHERE NOT ${muted}
    )
    SELECT count(*) AS n FROM raised`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}
