import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

// Adding or removing a device for alerts and changing which alerts one gets are writes like any
// other: each leaves an audit entry, read back through the audit log. The entry names the device by
// its id and kind, never by the push endpoint or its keys (a capability to send to that browser).

let t: TestApp;
let admin: Client;
let staff: Client;
let staffId: string;

beforeAll(async () => {
  t = await createTestApp('demo');
  [admin, staff] = await Promise.all([loginAs(t.app, DEMO.admin), loginAs(t.app, DEMO.shelter)]);
  staffId = (await t.db.selectFrom('users').select('id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow()).id;
});
afterAll(() => t.drop());

interface Entry {
  action: string;
  actor: { id: string } | null;
  subjectType: string | null;
  subjectId: string | null;
  detail: Record<string, unknown>;
}

async function entries(action: string): Promise<Entry[]> {
  const response = await admin.get(`/audit-log?action=${action}&actorId=${staffId}&pageSize=100`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Entry[] }).items;
}

function subscription() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: `https://push.example.com/send/${randomBytes(12).toString('hex')}`,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

it('audits adding and removing a device by its id and kind, without the endpoint or keys', async () => {
  const device = subscription();
  const added = await staff.request('/account/devices', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36' },
    body: JSON.stringify(device),
  });
  expect(added.status).toBe(201);
  const { id } = (await added.json()) as { id: string };

  const [entry] = (await entries('device.added')).filter((e) => e.subjectId === id);
  expect(entry).toMatchObject({ actor: { id: staffId }, subjectType: 'device', subjectId: id, detail: { kind: 'Chrome/Android' } });

  expect((await staff.delete(`/account/devices/${id}`)).status).toBe(204);
  const [removed] = (await entries('device.removed')).filter((e) => e.subjectId === id);
  expect(removed).toMatchObject({ actor: { id: staffId }, subjectType: 'device', subjectId: id, detail: { kind: 'Chrome/Android' } });

  // Nothing of the subscription itself is kept: not the endpoint's path, not a key.
  const stored = JSON.stringify(await t.db.selectFrom('audit_log').select(['detail', 'subject_id']).where('subject_id', '=', id).execute());
  for (const secret of [device.endpoint, device.endpoint.split('/').pop()!, device.keys.p256dh, device.keys.auth, 'push.example.com']) {
    expect(stored).not.toContain(secret);
  }
});

it('a removal refused (not the user’s device) leaves no entry', async () => {
  const added = await staff.post('/account/devices', subscription());
  const { id } = (await added.json()) as { id: string };
  const crisis = await loginAs(t.app, DEMO.crisis);
  expect((await crisis.delete(`/account/devices/${id}`)).status).toBe(404);
  expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'device.removed').where('subject_id', '=', id).execute()).toEqual([]);
});

it('audits a change of alert settings with the kinds switched off', async () => {
  const response = await staff.request('/account/alert-settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ muted: ['stale_soon'] }),
  });
  expect(response.status).toBe(200);
  const [entry] = await entries('alert_settings.changed');
  expect(entry).toMatchObject({ actor: { id: staffId }, subjectType: 'user', subjectId: staffId, detail: { muted: ['stale_soon'] } });

  // Switched back on: a second entry, with nothing muted.
  await staff.request('/account/alert-settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ muted: [] }) });
  const after = await entries('alert_settings.changed');
  expect(after).toHaveLength(2);
  expect(after[0]!.detail).toEqual({ muted: [] });
});
