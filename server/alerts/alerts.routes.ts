import { createRoute } from '@hono/zod-openapi';
import { sql } from 'kysely';

import type { Role } from '../../db/schema.ts';
import type { AppDeps } from '../context.ts';
import { NotFound, Problem } from '../errors.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { ALERT_AUDIENCE } from '../policy/audience.ts';
import { policy } from '../policy/route-policy.ts';
import { AlertSettings, AlertSettingsChange, Device, DeviceIdParams, DeviceList, NewDevice, OpenAlertList, PushKey } from './alerts.schema.ts';
import { assertPushEndpoint, deviceLabel } from './endpoint.ts';
import { ALERT_KINDS, ALERT_PUSH, type AlertKind, UNMUTABLE } from './kinds.ts';
import { stillHoldsSql } from './still-holds.ts';
import { loadVapidKeys } from './vapid.ts';

/** Devices one user may register: enough for a phone, a tablet and a few desktops. */
const MAX_DEVICES = 20;

export const pushKey = createRoute({
  method: 'get',
  path: '/push-key',
  ...policy('alerts.devices'),
  tags: ['Alerts'],
  summary: 'The VAPID public key a device subscribes with',
  responses: { 200: jsonResponse(PushKey, 'The key.'), ...problems(401) },
});
export const listDevices = createRoute({
  method: 'get',
  path: '/account/devices',
  ...policy('alerts.devices'),
  tags: ['Alerts'],
  summary: 'My devices that receive alerts',
  responses: { 200: jsonResponse(DeviceList, 'The devices.'), ...problems(401) },
});
export const addDevice = createRoute({
  method: 'post',
  path: '/account/devices',
  ...policy('alerts.devices'),
  tags: ['Alerts'],
  summary: 'Receive alerts on this device (its PushSubscription)',
  request: { body: { required: true, content: { 'application/json': { schema: NewDevice } } } },
  responses: { 201: jsonResponse(Device, 'Subscribed.'), ...problems(400, 401, 409, 415) },
});
export const removeDevice = createRoute({
  method: 'delete',
  path: '/account/devices/{id}',
  ...policy('alerts.devices'),
  tags: ['Alerts'],
  summary: 'Stop alerts on one of my devices',
  request: { params: DeviceIdParams },
  responses: { 204: emptyResponse('Removed.'), ...problems(400, 401, 404) },
});
export const getSettings = createRoute({
  method: 'get',
  path: '/account/alert-settings',
  ...policy('alerts.settings'),
  tags: ['Alerts'],
  summary: 'Which alerts I get',
  responses: { 200: jsonResponse(AlertSettings, 'The alerts of my role, each on or off.'), ...problems(401) },
});
export const putSettings = createRoute({
  method: 'put',
  path: '/account/alert-settings',
  ...policy('alerts.settings'),
  tags: ['Alerts'],
  summary: 'Switch alerts off or on',
  request: { body: { required: true, content: { 'application/json': { schema: AlertSettingsChange } } } },
  responses: { 200: jsonResponse(AlertSettings, 'The alerts of my role, each on or off.'), ...problems(400, 401, 415) },
});
export const openAlerts = createRoute({
  method: 'get',
  path: '/alerts',
  ...policy('alerts.read'),
  tags: ['Alerts'],
  summary: 'My alerts that still hold (last 24 hours)',
  responses: { 200: jsonResponse(OpenAlertList, 'Newest first.'), ...problems(401) },
});

const kindsOf = (role: Role) => ALERT_KINDS.filter((kind) => (ALERT_AUDIENCE[kind].roles as readonly Role[]).includes(role));
const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function alertsRoutes({ db, config }: AppDeps) {
  const settingsOf = async (userId: string, role: Role) => {
    const row = await db.selectFrom('alert_preferences').select('muted_kinds').where('user_id', '=', userId).executeTakeFirst();
    const muted = new Set(row?.muted_kinds ?? []);
    return { kinds: kindsOf(role).map((kind) => ({ kind, enabled: UNMUTABLE.has(kind) || !muted.has(kind), canSwitchOff: !UNMUTABLE.has(kind) })) };
  };
  return createRouter()
    .openapi(pushKey, async (c) => c.json({ publicKey: (await loadVapidKeys(db, config)).publicKey }, 200))
    .openapi(listDevices, async (c) => {
      const rows = await db
        .selectFrom('push_subscriptions')
        .select(['id', 'device', 'created_at', 'last_success_at'])
        .where('user_id', '=', c.var.actor.id)
        .orderBy('created_at')
        .execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, device: r.device, createdAt: iso(r.created_at)!, lastSuccessAt: iso(r.last_success_at) })) }, 200);
    })
    .openapi(addDevice, async (c) => {
      const { endpoint, keys } = c.req.valid('json');
      await assertPushEndpoint(endpoint, config.alerts.allowHttpLoopback);
      const user = c.var.actor;
      const row = await db.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('id').where('id', '=', user.id).forNoKeyUpdate().execute();
        const { n } = await trx
          .selectFrom('push_subscriptions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('user_id', '=', user.id)
          .where('endpoint', '<>', endpoint)
          .executeTakeFirstOrThrow();
        if (Number(n) >= MAX_DEVICES) throw new Problem(409, 'Too many devices', `At most ${MAX_DEVICES} devices; remove one first.`);
        // A browser shared by two users keeps one subscription: it follows whoever subscribed last.
        return trx
          .insertInto('push_subscriptions')
          .values({ user_id: user.id, endpoint, p256dh: keys.p256dh, auth: keys.auth, device: deviceLabel(c.req.header('user-agent')) })
          .onConflict((oc) =>
            oc.column('endpoint').doUpdateSet({
              user_id: user.id,
              p256dh: keys.p256dh,
              auth: keys.auth,
              device: sql`excluded.device`,
              created_at: sql`now()`,
              last_success_at: null,
            }),
          )
          .returning(['id', 'device', 'created_at', 'last_success_at'])
          .executeTakeFirstOrThrow();
      });
      return c.json({ id: row.id, device: row.device, createdAt: iso(row.created_at)!, lastSuccessAt: iso(row.last_success_at) }, 201);
    })
    .openapi(removeDevice, async (c) => {
      const removed = await db
        .deleteFrom('push_subscriptions')
        .where('id', '=', c.req.valid('param').id)
        .where('user_id', '=', c.var.actor.id)
        .returning('id')
        .executeTakeFirst();
      if (!removed) throw new NotFound('Device');
      return c.body(null, 204);
    })
    .openapi(getSettings, async (c) => c.json(await settingsOf(c.var.actor.id, c.var.actor.role), 200))
    .openapi(putSettings, async (c) => {
      const muted = [...new Set(c.req.valid('json').muted)].filter((kind) => !UNMUTABLE.has(kind));
      await db
        .insertInto('alert_preferences')
        .values({ user_id: c.var.actor.id, muted_kinds: muted })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ muted_kinds: muted }))
        .execute();
      return c.json(await settingsOf(c.var.actor.id, c.var.actor.role), 200);
    })
    .openapi(openAlerts, async (c) => {
      const rows = await db
        .selectFrom('alerts as a')
        .select(['a.id', 'a.kind', 'a.created_at'])
        .where('a.user_id', '=', c.var.actor.id)
        .where('a.created_at', '>', sql<Date>`now() - interval '24 hours'`)
        .where(stillHoldsSql(config))
        .orderBy('a.id', 'desc')
        .limit(100)
        .execute();
      return c.json(
        { items: rows.map((r) => ({ id: r.id, kind: r.kind as AlertKind, createdAt: iso(r.created_at)!, open: ALERT_PUSH[r.kind as AlertKind].open })) },
        200,
      );
    });
}
