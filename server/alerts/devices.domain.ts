import { sql } from 'kysely';

import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { NotFound, Problem } from '../errors.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import { assertPushEndpoint, deviceLabel } from './endpoint.ts';

// A user's devices that receive alerts (Web Push subscriptions): adding one, removing one.

/** Devices one user may register: enough for a phone, a tablet and a few desktops. */
const MAX_DEVICES = 20;

/**
 * What the audit log keeps of a device: its kind as a code ("Chrome op Android" → "Chrome/Android",
 * the log keeps no spaces). Never the endpoint or the keys: with them anyone could push to that browser.
 */
const deviceKind = (label: string) => label.replace(' op ', '/');

export interface DeviceRow {
  id: string;
  device: string;
  created_at: Date;
  last_success_at: Date | null;
}

export interface NewSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The browser's User-Agent, of which only a label ("Chrome on Android") is kept. */
  userAgent: string | undefined;
}

export async function addAlertDevice({ db, actor, config }: WriteContext, { endpoint, keys, userAgent }: NewSubscription): Promise<DeviceRow> {
  assertMay(actor, 'alerts.devices');
  await assertPushEndpoint(endpoint, config.alerts.allowHttpLoopback);
  return db.transaction().execute(async (trx) => {
    // The user's row serialises their additions, so two at once cannot pass the limit together.
    await trx.selectFrom('users').select('id').where('id', '=', actor.id).forNoKeyUpdate().execute();
    const { n } = await trx
      .selectFrom('push_subscriptions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', actor.id)
      .where('endpoint', '<>', endpoint)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_DEVICES) throw new Problem(409, 'Too many devices', `At most ${MAX_DEVICES} devices; remove one first.`);
    // A browser shared by two users keeps one subscription: it follows whoever subscribed last.
    const device = await trx
      .insertInto('push_subscriptions')
      .values({ user_id: actor.id, endpoint, p256dh: keys.p256dh, auth: keys.auth, device: deviceLabel(userAgent) })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          user_id: actor.id,
          p256dh: keys.p256dh,
          auth: keys.auth,
          device: sql`excluded.device`,
          created_at: sql`now()`,
          last_success_at: null,
        }),
      )
      .returning(['id', 'device', 'created_at', 'last_success_at'])
      .executeTakeFirstOrThrow();
    const detail = { kind: deviceKind(device.device) };
    await audit(trx, { actorUserId: auditActorId(actor), action: 'device.added', subjectType: 'device', subjectId: device.id, detail });
    return device;
  });
}

/** Only the user's own: another user's device id is "not found", as if it did not exist. */
export async function removeAlertDevice({ db, actor }: WriteContext, deviceId: string): Promise<void> {
  assertMay(actor, 'alerts.devices');
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('push_subscriptions')
      .where('id', '=', deviceId)
      .where('user_id', '=', actor.id)
      .returning(['id', 'device'])
      .executeTakeFirst();
    if (!removed) throw new NotFound('Device');
    const detail = { kind: deviceKind(removed.device) };
    await audit(trx, { actorUserId: auditActorId(actor), action: 'device.removed', subjectType: 'device', subjectId: removed.id, detail });
  });
}
