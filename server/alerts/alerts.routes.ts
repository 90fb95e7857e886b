import { createRoute } from '@hono/zod-openapi';
import { sql } from 'kysely';

import type { AppDeps } from '../context.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { AlertSettings, AlertSettingsChange, Device, DeviceIdParams, DeviceList, NewDevice, OpenAlertList, PushKey } from './alerts.schema.ts';
import { addAlertDevice, type DeviceRow, removeAlertDevice } from './devices.domain.ts';
import { ALERT_PUSH, type AlertKind } from './kinds.ts';
import { alertSettingsOf, changeAlertSettings } from './settings.domain.ts';
import { stillHoldsSql } from './still-holds.ts';
import { loadVapidKeys } from './vapid.ts';

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

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
const deviceOf = (row: DeviceRow) => ({ id: row.id, device: row.device, createdAt: iso(row.created_at)!, lastSuccessAt: iso(row.last_success_at) });

export function alertsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(pushKey, async (c) => c.json({ publicKey: (await loadVapidKeys(db, config)).publicKey }, 200))
    .openapi(listDevices, async (c) => {
      const rows = await db
        .selectFrom('push_subscriptions')
        .select(['id', 'device', 'created_at', 'last_success_at'])
        .where('user_id', '=', c.var.actor.id)
        .orderBy('created_at')
        .execute();
      return c.json({ items: rows.map(deviceOf) }, 200);
    })
    .openapi(addDevice, async (c) => {
      const row = await addAlertDevice({ db, config, actor: c.var.actor }, { ...c.req.valid('json'), userAgent: c.req.header('user-agent') });
      return c.json(deviceOf(row), 201);
    })
    .openapi(removeDevice, async (c) => {
      await removeAlertDevice({ db, config, actor: c.var.actor }, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(getSettings, async (c) => c.json(await alertSettingsOf(db, c.var.actor), 200))
    .openapi(putSettings, async (c) => c.json(await changeAlertSettings({ db, config, actor: c.var.actor }, c.req.valid('json').muted), 200))
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
