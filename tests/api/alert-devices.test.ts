import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs } from '../helpers/client.ts';

// The doors of the devices API: the server POSTs to whatever endpoint is stored, so only a push
// service over https by host name gets in (a test's http loopback receiver only when configured),
// with keys that are really a P-256 point and a 16-byte secret; each user sees and removes their own.

let t: TestApp;
let staff: Client;
let crisis: Client;

function keys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

beforeAll(async () => {
  t = await createTestApp('demo');
  [staff, crisis] = await Promise.all([loginAs(t.app, DEMO.shelter), loginAs(t.app, DEMO.crisis)]);
});
afterAll(() => t.drop());

describe('devices for alerts', () => {
  it('refuses endpoints the server should not call, naming the field', async () => {
    for (const endpoint of [
      'http://127.0.0.1:9/push',
      'http://push.example.com/x',
      'https://10.0.0.1/push',
      'https://[::1]/push',
      'https://localhost/push',
      'https://intranet/push',
      'https://u:p@push.example.com/x',
      'ftp://push.example.com/x',
    ]) {
      const response = await staff.post('/account/devices', { endpoint, keys: keys() });
      expect(response.status, endpoint).toBe(400);
      expect((await problemOf(response)).invalidParams?.map((p) => p.name)).toEqual(['body.endpoint']);
    }
  });

  it('refuses keys that are not a P-256 point and a 16-byte secret', async () => {
    const notOnCurve = Buffer.concat([Buffer.from([4]), randomBytes(64)]).toString('base64url');
    const cases: Array<[object, string]> = [
      [{ ...keys(), p256dh: notOnCurve }, 'body.keys.p256dh'],
      [{ ...keys(), p256dh: 'AAAA' }, 'body.keys.p256dh'],
      [{ ...keys(), auth: randomBytes(15).toString('base64url') }, 'body.keys.auth'],
      [{ p256dh: keys().p256dh }, 'body.keys.auth'],
    ];
    for (const [bad, field] of cases) {
      const response = await staff.post('/account/devices', { endpoint: 'https://push.example.com/a', keys: bad });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).invalidParams?.map((p) => p.name)).toContain(field);
    }
  });

  it('lists and removes only my own devices', async () => {
    const added = await staff.post('/account/devices', { endpoint: `https://push.example.com/${randomBytes(8).toString('hex')}`, keys: keys() });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    expect(((await (await crisis.get('/account/devices')).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await crisis.delete(`/account/devices/${id}`)).status).toBe(404);
    expect(((await (await staff.get('/account/devices')).json()) as { items: Array<{ id: string }> }).items.map((d) => d.id)).toContain(id);
    expect((await staff.delete(`/account/devices/${id}`)).status).toBe(204);
    expect((await staff.delete(`/account/devices/${id}`)).status).toBe(404);
  });

  it('offers each role its own alerts and refuses unknown kinds', async () => {
    const staffKinds = ((await (await staff.get('/account/alert-settings')).json()) as { kinds: Array<{ kind: string }> }).kinds.map((k) => k.kind);
    expect(staffKinds).toEqual(['hold_incoming', 'hold_unanswered', 'stale_soon']);
    const crisisKinds = ((await (await crisis.get('/account/alert-settings')).json()) as { kinds: Array<{ kind: string }> }).kinds.map((k) => k.kind);
    expect(crisisKinds).toEqual(['place_free', 'hold_answered', 'hold_expiring']);
    const bad = await staff.request('/account/alert-settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ muted: ['everything'] }),
    });
    expect((await problemOf(bad)).invalidParams?.[0]?.name).toBe('body.muted.0');
  });

  it('needs a login, and gives the public key to a logged-in user', async () => {
    expect((await clientWithCookie(t.app, null).get('/push-key')).status).toBe(401);
    const { publicKey } = (await (await staff.get('/push-key')).json()) as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    // Made once, at the first start, and kept: asked again, the same key.
    expect(((await (await crisis.get('/push-key')).json()) as { publicKey: string }).publicKey).toBe(publicKey);
  });
});
