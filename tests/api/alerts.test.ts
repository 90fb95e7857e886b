import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defaultConfig } from '../../server/config.ts';
import { newAccount } from '../helpers/accounts.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { testName } from '../helpers/factories.ts';
import { waitFor } from '../helpers/live.ts';
import { newLocation, newPlace } from '../helpers/places.ts';
import { type PushReceiver, startPushReceiver } from '../helpers/push-receiver.ts';
import { startServerOn, type TestServer } from '../helpers/server.ts';

// Issue 14, "Done when": a push receiver of the test's own on loopback, devices with real P-256 keys,
// each alert triggered through the API, decrypted and checked; two nodes on one database, and every
// alert arrives once per device.

const config = { alerts: { ...defaultConfig.alerts, allowHttpLoopback: true, tickSeconds: 0.2 } };
const SINGLE_WOMAN = { originRegion: 'VR09', household: { adults: [{ gender: 'female' }], children: [{ age: 4, sex: 'female' }] }, urgency: 'now' };
// What a push must never carry: the location's address and phone (newLocation), household words, names.
const SECRETS = ['Teststraat', '3511', '088 123', 'female', 'adult', 'child', 'household', 'Test '];

let nodes: TestServer[];
let receiver: PushReceiver;
let admin: Client;
let organisationId: string;
let locationId: string;
const users: Record<'staffA' | 'staffB' | 'staffOther' | 'crisis1' | 'crisis2' | 'crisisOther' | 'adminA', Client> = {} as never;

async function subscribe(client: Client, name: string) {
  const response = await client.post('/account/devices', receiver.device(name).subscription);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

const kinds = (device: string) => receiver.payloads(device).map((p) => p.kind);
const countOf = (device: string, kind: string) => kinds(device).filter((k) => k === kind).length;
/** Waits for the alerts, then a while longer, so a second copy from the other node would have come. */
async function settle(check: () => boolean) {
  await waitFor(check, 15_000).catch((error: Error) => {
    // Say what did arrive: a bare "timed out" tells nothing about which device missed which alert.
    const seen = Object.fromEntries(Object.keys(users).map((name) => [name, kinds(name)]));
    throw new Error(`${error.message}; alerts received per device: ${JSON.stringify(seen)}`);
  });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

async function hold(crisis: Client, placeId: string) {
  const request = await crisis.post('/placement-requests', SINGLE_WOMAN);
  expect(request.status).toBe(201);
  const { id: requestId } = (await request.json()) as { id: string };
  const response = await crisis.post('/holds', { requestId, placeId });
  expect(response.status).toBe(201);
  return { requestId, holdId: ((await response.json()) as { id: string }).id };
}

beforeAll(async () => {
  const database = await createTestDatabase('demo');
  nodes = [await startServerOn(database, config, { keepDatabase: true }), await startServerOn(database, config, { keepDatabase: true })];
  const [one, two] = nodes.map((node) => overHttp(node.url)) as [ReturnType<typeof overHttp>, ReturnType<typeof overHttp>];
  receiver = await startPushReceiver();
  admin = await loginAs(one, DEMO.admin);
  // Everything confirmed now: the demo's old confirmations would alert the test's admin.
  await sql`UPDATE places SET confirmed_at = now()`.execute(database.db);
  const made = async (body: object) => ((await (await admin.post('/organisations', body)).json()) as { id: string }).id;
  organisationId = await made({ name: `Opvang ${testName()}`, kind: 'vrouwenopvang' });
  const otherShelter = await made({ name: `Opvang ${testName()}`, kind: 'vrouwenopvang' });
  const team = await made({ name: `Veilig Thuis ${testName()}`, kind: 'veilig_thuis' });
  locationId = await newLocation(admin, organisationId);
  users.staffA = await newAccount(one, admin, 'shelter_staff', organisationId);
  users.staffB = await newAccount(two, admin, 'shelter_staff', organisationId);
  users.staffOther = await newAccount(one, admin, 'shelter_staff', otherShelter);
  users.crisis1 = await newAccount(one, admin, 'crisis_worker', team);
  users.crisis2 = await newAccount(two, admin, 'crisis_worker', team);
  users.crisisOther = await newAccount(two, admin, 'crisis_worker');
  users.adminA = await newAccount(one, admin, 'admin');
  for (const [name, client] of Object.entries(users)) await subscribe(client, name);
  // staffB wants no alert of each incoming hold, but the escalation reaches them all the same.
  const muted = await users.staffB.request('/account/alert-settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ muted: ['hold_incoming', 'hold_unanswered'] }),
  });
  expect(((await muted.json()) as { kinds: Array<{ kind: string; enabled: boolean }> }).kinds).toEqual(
    expect.arrayContaining([
      { kind: 'hold_incoming', enabled: false, canSwitchOff: true },
      { kind: 'hold_unanswered', enabled: true, canSwitchOff: false },
    ]),
  );
}, 120_000);

afterAll(async () => {
  // Every push, whatever the test: once per device, checked by the receiver (VAPID, aes128gcm), and nothing personal in it.
  expect(receiver.problems).toEqual([]);
  const tags = receiver.received.map((r) => `${r.device} ${JSON.parse(r.text).tag}`);
  expect(new Set(tags).size).toBe(tags.length);
  for (const push of receiver.received) {
    for (const secret of SECRETS) expect(push.text).not.toContain(secret);
    expect(Object.keys(JSON.parse(push.text)).sort()).toEqual(expect.arrayContaining(['kind', 'open', 'tag', 'title']));
    expect(Object.keys(JSON.parse(push.text)).every((key) => ['kind', 'open', 'tag', 'title', 'confirmLocation'].includes(key))).toBe(true);
  }
  const log = await nodes[0]!.db.selectFrom('push_log').selectAll().execute();
  expect(log.filter((l) => l.result === 'delivered').length).toBe(receiver.received.length);
  await Promise.all(nodes.map((node) => node.stop()));
  await nodes[0]!.drop();
  await receiver.close();
}, 60_000);

describe('alerts by Web Push, two nodes', () => {
  it("an incoming hold alerts the organisation's staff who want it, once each; unanswered, it alerts all of them", async () => {
    const place = await newPlace(admin, locationId);
    const { holdId, requestId } = await hold(users.crisis1, place.id);
    await settle(() => countOf('staffA', 'hold_incoming') === 1);
    expect(receiver.payloads('staffA')[0]).toMatchObject({ kind: 'hold_incoming', title: 'Nieuwe reservering — open Noodbed', open: '/opvang' });
    expect(countOf('staffB', 'hold_incoming')).toBe(0);
    expect(countOf('staffOther', 'hold_incoming')).toBe(0);
    expect(kinds('crisis1')).not.toContain('hold_incoming');
    const alerts = await (await users.staffB.get('/alerts')).json();
    expect(alerts.items.map((a: { kind: string }) => a.kind)).toContain('hold_incoming');

    await nodes[0]!.db
      .updateTable('holds')
      .set({ created_at: sql`now() - interval '16 minutes'` })
      .where('id', '=', holdId)
      .execute();
    await settle(() => countOf('staffA', 'hold_unanswered') === 1 && countOf('staffB', 'hold_unanswered') === 1);
    expect(countOf('staffOther', 'hold_unanswered')).toBe(0);
    expect(await users.crisis1.patch(`/holds/${holdId}`, { action: 'release' }).then((r) => r.status)).toBe(200);
    expect((await (await users.staffA.get('/alerts')).json()).items).toEqual([]);
    await users.crisis1.patch(`/placement-requests/${requestId}`, { status: 'withdrawn' });
  });

  it('the team hears that a hold is about to expire and that it was answered; another team hears nothing', async () => {
    const place = await newPlace(admin, locationId);
    const { holdId } = await hold(users.crisis2, place.id);
    await nodes[1]!.db
      .updateTable('holds')
      .set({ expires_at: sql`now() + interval '5 minutes'` })
      .where('id', '=', holdId)
      .execute();
    await settle(() => countOf('crisis1', 'hold_expiring') === 1 && countOf('crisis2', 'hold_expiring') === 1);
    expect(await users.staffA.patch(`/holds/${holdId}`, { action: 'accept' }).then((r) => r.status)).toBe(200);
    await settle(() => countOf('crisis1', 'hold_answered') === 1 && countOf('crisis2', 'hold_answered') === 1);
    expect(receiver.payloads('crisis1').find((p) => p.kind === 'hold_answered')).toMatchObject({
      title: 'Reservering beantwoord — open Noodbed',
      open: '/zoeken',
    });
    expect(kinds('crisisOther')).toEqual([]);
  });

  it("a fitting place coming free alerts the waiting request's team; the alert clears when another team takes the place", async () => {
    // An earlier test's request may already have heard of a place coming free: count from here.
    const before = { crisis1: countOf('crisis1', 'place_free'), crisis2: countOf('crisis2', 'place_free') };
    const request = await users.crisis1.post('/placement-requests', SINGLE_WOMAN);
    const { id: requestId } = (await request.json()) as { id: string };
    const place = await newPlace(admin, locationId);
    await settle(() => countOf('crisis1', 'place_free') === before.crisis1 + 1 && countOf('crisis2', 'place_free') === before.crisis2 + 1);
    expect(kinds('crisisOther')).not.toContain('place_free');
    const open = async () => ((await (await users.crisis1.get('/alerts')).json()) as { items: Array<{ kind: string }> }).items.map((a) => a.kind);
    expect(await open()).toContain('place_free');
    const taken = await hold(users.crisisOther, place.id);
    expect(await open()).not.toContain('place_free');
    await users.crisisOther.patch(`/holds/${taken.holdId}`, { action: 'release' });
    await users.crisisOther.patch(`/placement-requests/${taken.requestId}`, { status: 'withdrawn' });
    await users.crisis1.patch(`/placement-requests/${requestId}`, { status: 'withdrawn' });
  });

  it('statuses about to go stale alert the staff, with the location to confirm; a location unconfirmed for 48 hours alerts admins', async () => {
    const location = await newLocation(admin, organisationId);
    await newPlace(admin, location);
    await nodes[0]!.db
      .updateTable('places')
      .set({ confirmed_at: sql`now() - interval '23 hours'` })
      .where('location_id', '=', location)
      .execute();
    await settle(() => countOf('staffA', 'stale_soon') === 1 && countOf('staffB', 'stale_soon') === 1);
    expect(receiver.payloads('staffA').find((p) => p.kind === 'stale_soon')).toMatchObject({ confirmLocation: location, open: '/opvang' });
    // "Alles klopt": the notification's action confirms, and the alert no longer holds.
    expect((await users.staffA.post(`/locations/${location}/confirmations`)).status).toBe(201);
    expect(((await (await users.staffA.get('/alerts')).json()) as { items: Array<{ kind: string }> }).items.map((a) => a.kind)).not.toContain('stale_soon');

    await nodes[0]!.db
      .updateTable('places')
      .set({ confirmed_at: sql`now() - interval '49 hours'` })
      .where('location_id', '=', location)
      .execute();
    await settle(() => countOf('adminA', 'location_unconfirmed') === 1);
    expect(kinds('staffA').filter((k) => k === 'location_unconfirmed')).toEqual([]);
  });

  it('a device the push service says is gone is removed; a failed push is tried again', async () => {
    const staff = await newAccount(overHttp(nodes[1]!.url), admin, 'shelter_staff', organisationId);
    const gone = await subscribe(staff, 'gone');
    await subscribe(staff, 'flaky');
    receiver.answerNext('gone', 410);
    receiver.answerNext('flaky', 500);
    const place = await newPlace(admin, locationId);
    const { holdId, requestId } = await hold(users.crisis2, place.id);
    await settle(() => countOf('flaky', 'hold_incoming') === 1);
    const devices = (await (await staff.get('/account/devices')).json()) as { items: Array<{ id: string }> };
    expect(devices.items.map((d) => d.id)).not.toContain(gone.id);
    const results = await nodes[0]!.db.selectFrom('push_log').select(['result', 'status']).where('kind', '=', 'hold_incoming').execute();
    expect(results).toEqual(
      expect.arrayContaining([
        { result: 'gone', status: 410 },
        { result: 'retry', status: 500 },
      ]),
    );
    await users.crisis2.patch(`/holds/${holdId}`, { action: 'release' });
    await users.crisis2.patch(`/placement-requests/${requestId}`, { status: 'withdrawn' });
  }, 40_000);
});
