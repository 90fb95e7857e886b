import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defaultConfig } from '../../server/config.ts';
import type { Change } from '../../server/realtime/contract.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { type LiveClient, liveClient, waitFor } from '../helpers/live.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// One placement, live: a crisis worker holds a place, the shelter accepts, marks the household ready
// to move on, and ends the stay. Listening on real sockets: an analyst and a region officer (figures
// only), a crisis worker of another team and staff of another shelter. None of them may learn of the
// household, the request or the team; analysts and region officers not even of the single change.

let server: TestServer;
let admin: Client;
let shelter: Client;
let crisis: Client;
const listeners: Record<'analyst' | 'region' | 'crisis2' | 'shelter2', LiveClient> = {} as never;
const figures = { analyst: 0, region: 0 };

beforeAll(async () => {
  server = await startTestServer('demo', { live: { ...defaultConfig.live, figuresSeconds: 1 } });
  const http = overHttp(server.url);
  [admin, shelter, crisis] = await Promise.all([loginAs(http, DEMO.admin), loginAs(http, DEMO.shelter), loginAs(http, DEMO.crisis)]);
  const emails = { analyst: DEMO.analyst, region: DEMO.region, crisis2: DEMO.crisis2, shelter2: DEMO.shelter2 } as const;
  for (const [name, email] of Object.entries(emails) as Array<[keyof typeof emails, string]>) {
    const live = liveClient(server.url, (await loginAs(http, email)).cookie);
    await live.connected();
    if (name === 'analyst' || name === 'region') live.socket.on('figures:changed', () => figures[name]++);
    listeners[name] = live;
  }
}, 120_000);
afterAll(async () => {
  for (const live of Object.values(listeners)) live.close();
  await server.stop();
});

// What a single change may carry: the place's status, never a hold, request, team or household.
const PLACE_CHANGE_KEYS = [
  'seq',
  'type',
  'regionCode',
  'kind',
  'occurredAt',
  'placeId',
  'locationId',
  'organisationId',
  'status',
  'unavailableReason',
  'version',
];
const REDUCED_KEYS = ['seq', 'type', 'regionCode', 'kind', 'occurredAt'];

describe('one placement, live', () => {
  it('reaches analysts and region officers as "figures changed" only, and others without household, request or team', async () => {
    const place = await newPlace(admin, await newLocation(admin, await organisationOf(server.db, DEMO.shelter)));
    const request = await crisis.post('/placement-requests', {
      originMunicipality: 'GM0363',
      household: { adults: [{ gender: 'female' }], children: [{ age: 6, sex: 'female' }] },
      needs: { accessibility: 'none', pet: true },
    });
    expect(request.status).toBe(201);
    const requestId = ((await request.json()) as { id: string }).id;
    const hold = await crisis.post('/holds', { requestId, placeId: place.id });
    expect(hold.status).toBe(201);
    const holdId = ((await hold.json()) as { id: string }).id;
    expect((await shelter.patch(`/holds/${holdId}`, { action: 'accept' })).status).toBe(200);
    const stay = (await (await shelter.get('/stays')).json()).items.find((s: { placeId: string }) => s.placeId === place.id);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    const ready = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since: today, waitingFor: 'housing' } });
    expect(ready.status).toBe(200);
    const { version } = await (await shelter.get(`/places/${place.id}`)).json();
    expect((await shelter.post(`/stays/${stay.id}/end`, { placeVersion: version, destination: 'own_housing' })).status).toBe(200);

    // registered, held, hold_accepted, status_changed (available): none for the readiness.
    const ofPlace = (changes: Change[]) => changes.filter((c) => 'placeId' in c && c.placeId === place.id);
    await waitFor(() => ofPlace(listeners.crisis2.received).length === 4);
    await waitFor(() => figures.analyst > 0 && figures.region > 0, 10_000);
    expect(ofPlace(listeners.crisis2.received).map((c) => c.type)).toEqual(['registered', 'held', 'hold_accepted', 'status_changed']);
    for (const change of ofPlace(listeners.crisis2.received)) expect(Object.keys(change).sort()).toEqual([...PLACE_CHANGE_KEYS].sort());
    await waitFor(() => listeners.shelter2.received.length >= 4);
    for (const change of listeners.shelter2.received) expect(Object.keys(change).sort()).toEqual([...REDUCED_KEYS].sort());
    expect(listeners.analyst.received).toEqual([]);
    expect(listeners.region.received).toEqual([]);
    // Nothing of the household, request or team in anything a listener got.
    const everything = JSON.stringify(Object.values(listeners).map((l) => l.received));
    for (const secret of [requestId, holdId, stay.id, 'GM0363', 'housing', 'own_housing']) expect(everything).not.toContain(secret);
    // Nor by replay: a figures-only reader resumes with nothing.
    for (const name of ['analyst', 'region'] as const) expect(await listeners[name].resume('0')).toMatchObject({ latestSeq: null, replayed: 0 });
  }, 60_000);
});
