import { sql } from 'kysely';
import webpush from 'web-push';

import type { Db } from '../../db/database.ts';
import type { PushResult } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { ALERT_PUSH, type AlertKind, type AlertPayload } from './kinds.ts';
import { sendPushRequest } from './push-request.ts';
import { stillHoldsSql } from './still-holds.ts';
import type { VapidKeys } from './vapid.ts';

/** Retries after 5 s, 10 s, 20 s, … ; then the delivery is given up (logged as failed). */
const MAX_ATTEMPTS = 8;
const backoffSeconds = (attempts: number) => 5 * 2 ** (attempts - 1);
/** A push service keeps an undelivered message this long for a device that is off. */
const TTL_SECONDS = 4 * 3600;

export function payloadOf(alert: { id: string; kind: string; location_id: string | null }): AlertPayload {
  const kind = alert.kind as AlertKind;
  return {
    kind,
    ...ALERT_PUSH[kind],
    tag: `${kind}-${alert.id}`,
    ...(kind === 'stale_soon' && alert.location_id ? { confirmLocation: alert.location_id } : {}),
  };
}

/**
 * Sends every delivery that is due, one per transaction: the row is locked (SKIP LOCKED) while its
 * push goes out, so another node never sends it too, and it is gone once the push service took it.
 * 404/410 end the device's subscription; other failures retry with backoff. Every try is logged
 * without its payload. Returns how many were sent.
 */
export async function deliverDue(db: Db, config: Config, vapid: VapidKeys): Promise<number> {
  let sent = 0;
  for (;;) {
    const went = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('push_deliveries as d')
        .innerJoin('alerts as a', 'a.id', 'd.alert_id')
        .innerJoin('push_subscriptions as s', 's.id', 'd.subscription_id')
        .select([
          'd.alert_id',
          'd.subscription_id',
          'd.attempts',
          'a.id',
          'a.kind',
          'a.user_id',
          'a.location_id',
          's.endpoint',
          's.p256dh',
          's.auth',
          stillHoldsSql(config).as('holds'),
        ])
        .where('d.next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('d.next_attempt_at')
        .limit(1)
        .forUpdate('d')
        .skipLocked()
        .executeTakeFirst();
      if (!due) return null;
      const done = () => trx.deleteFrom('push_deliveries').where('alert_id', '=', due.alert_id).where('subscription_id', '=', due.subscription_id).execute();
      const log = (result: PushResult, status: number | null) =>
        trx
          .insertInto('push_log')
          .values({ user_id: due.user_id, kind: due.kind, alert_id: due.alert_id, subscription_id: due.subscription_id, result, status })
          .execute();
      if (!due.holds) {
        await done();
        await log('dropped', null);
        return 'dropped';
      }
      const status = await send(due, payloadOf(due), config, vapid);
      if (status !== null && status >= 200 && status < 300) {
        await done();
        await trx
          .updateTable('push_subscriptions')
          .set({ last_success_at: sql`now()` })
          .where('id', '=', due.subscription_id)
          .execute();
        await log('delivered', status);
        return 'sent';
      }
      if (status === 404 || status === 410) {
        // The push service says the device unsubscribed: its deliveries go with it.
        await log('gone', status);
        await trx.deleteFrom('push_subscriptions').where('id', '=', due.subscription_id).execute();
        return 'gone';
      }
      const attempts = due.attempts + 1;
      const retry = (status === null || status === 429 || status >= 500) && attempts < MAX_ATTEMPTS;
      if (retry) {
        await trx
          .updateTable('push_deliveries')
          .set({ attempts, next_attempt_at: sql`now() + make_interval(secs => ${backoffSeconds(attempts)})` })
          .where('alert_id', '=', due.alert_id)
          .where('subscription_id', '=', due.subscription_id)
          .execute();
      } else {
        await done();
      }
      await log(retry ? 'retry' : 'failed', status);
      return 'tried';
    });
    if (went === null) return sent;
    if (went === 'sent') sent++;
  }
}

/** One encrypted push (RFC 8291 aes128gcm, VAPID RFC 8292); the HTTP status, or null when unreachable. */
async function send(sub: { endpoint: string; p256dh: string; auth: string }, payload: AlertPayload, config: Config, vapid: VapidKeys): Promise<number | null> {
  // web-push encrypts and signs; sendPushRequest connects only to public addresses.
  const details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify(payload), {
    vapidDetails: { subject: config.alerts.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: TTL_SECONDS,
    urgency: 'high',
    contentEncoding: 'aes128gcm',
  });
  return sendPushRequest(
    details.endpoint,
    { method: details.method, headers: details.headers as Record<string, string>, body: details.body ?? null },
    config.alerts.allowHttpLoopback,
  );
}
