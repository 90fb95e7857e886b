import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defaultConfig } from '../../server/config.ts';
import { problemOf } from '../helpers/app.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The crisis search and holds attacked from outside, over real HTTP: another team's request, a
// declined place offered again, includeEarlier on someone else's request, paging extremes, region
// lists unknown or huge, an origin that does not exist, and many holds on one place at once.

let server: TestServer;
let admin: Client;
let shelter: Client;
let crisis: Client;
let crisis2: Client;
let analyst: Client;
let locationId: string;

beforeAll(async () => {
  // Limits per worker out of the way: this file makes many holds on purpose.
  server = await startTestServer('demo', {
    holds: { ...defaultConfig.holds, maxActive: 100 },
    holdLimits: { ...defaultConfig.holdLimits, perHour: 1_000, flagReleases: 1_000 },
  });
  const http = overHttp(server.url);
  [admin, shelter, crisis, crisis2, analyst] = await Promise.all([
    loginAs(http, DEMO.admin),
    loginAs(http, DEMO.shelter),
    loginAs(http, DEMO.crisis),
    loginAs(http, DEMO.crisis2),
    loginAs(http, DEMO.analyst),
  ]);
  locationId = await newLocation(admin, await organisationOf(server.db, DEMO.shelter));
}, 120_000);
afterAll(() => server.stop());

const WOMAN = { originMunicipality: 'GM0344', household: { adults: [{ gender: 'female' }], children: [] } };

async function request(client: Client = crisis, body: object = WOMAN): Promise<string> {
  const response = await client.post('/placement-requests', body);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function expectRefused(response: Response, status: number, field?: string) {
  expect(response.status).toBe(status);
  const problem = await problemOf(response);
  if (field) expect(problem.invalidParams?.map((p) => p.name)).toContain(field);
}

type MatchList = { matches: Array<{ id: string }>; page: { totalItems: number } };

async function matchIds(requestId: string, query = ''): Promise<string[]> {
  const response = await crisis.get(`/placement-requests/${requestId}/matches?nearMisses=false&pageSize=500${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as MatchList).matches.map((m) => m.id);
}

async function hold(requestId: string, placeId: string, client: Client = crisis) {
  return client.post('/holds', { requestId, placeId });
}

describe('search and holds attacked from outside', () => {
  it("refuses another team's request for matches and holds (also with includeEarlier), and roles without search", async () => {
    const requestId = await request();
    const place = await newPlace(admin, locationId);
    await expectRefused(await crisis2.get(`/placement-requests/${requestId}/matches`), 403);
    await expectRefused(await crisis2.get(`/placement-requests/${requestId}/matches?includeEarlier=true&nearMisses=true`), 403);
    await expectRefused(await hold(requestId, place.id, crisis2), 403);
    await expectRefused(await crisis2.get(`/placement-requests/${requestId}`), 403);
    // Holds listed by another team's request: none of theirs, whatever the request.
    const held = (await (await hold(requestId, place.id)).json()) as { id: string };
    expect(((await (await crisis2.get(`/holds?requestId=${requestId}`)).json()) as { items: unknown[] }).items).toEqual([]);
    await expectRefused(await crisis2.get(`/holds/${held.id}`), 403);
    await expectRefused(await crisis2.patch(`/holds/${held.id}`, { action: 'release' }), 403);
    await expectRefused(await crisis2.patch(`/holds/${held.id}`, { action: 'accept' }), 403);
    expect((await crisis.patch(`/holds/${held.id}`, { action: 'release' })).status).toBe(200);
    for (const client of [shelter, analyst]) {
      await expectRefused(await client.get(`/placement-requests/${requestId}/matches`), 403);
      await expectRefused(await hold(requestId, place.id, client), 403);
    }
    const row = await server.db.selectFrom('places').select('status').where('id', '=', place.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('available');
  });

  it('never offers a place declined, released or expired for this request, unless asked with includeEarlier', async () => {
    const requestId = await request();
    const [declined, released] = await Promise.all([newPlace(admin, locationId), newPlace(admin, locationId)]);
    expect(await matchIds(requestId)).toEqual(expect.arrayContaining([declined.id, released.id]));

    const first = (await (await hold(requestId, declined.id)).json()) as { id: string };
    expect((await shelter.patch(`/holds/${first.id}`, { action: 'decline', reason: 'safety' })).status).toBe(200);
    const second = (await (await hold(requestId, released.id)).json()) as { id: string };
    expect((await crisis.patch(`/holds/${second.id}`, { action: 'release' })).status).toBe(200);

    const offered = await matchIds(requestId);
    expect(offered).not.toContain(declined.id);
    expect(offered).not.toContain(released.id);
    expect(await matchIds(requestId, '&includeEarlier=true')).toEqual(expect.arrayContaining([declined.id, released.id]));
    // Another request of the same household is a new search: nothing of the first is left out there.
    expect(await matchIds(await request())).toEqual(expect.arrayContaining([declined.id, released.id]));
    for (const value of ['1', 'yes', 'TRUE', '', 'true&includeEarlier=false']) {
      await expectRefused(await crisis.get(`/placement-requests/${requestId}/matches?includeEarlier=${value}`), 400, 'query.includeEarlier');
    }
  });

  it('refuses paging extremes with 400 naming the parameter, never a 500', async () => {
    const requestId = await request();
    for (const [query, field] of [
      ['page=0', 'query.page'],
      ['page=-1', 'query.page'],
      ['page=1.5', 'query.page'],
      ['page=abc', 'query.page'],
      ['page=1e400', 'query.page'],
      ['page=99999999999', 'query.page'],
      ['page=9007199254740993', 'query.page'],
      ['page=1000001', 'query.page'],
      ['pageSize=0', 'query.pageSize'],
      ['pageSize=501', 'query.pageSize'],
      ['pageSize=-50', 'query.pageSize'],
      ['pageSize=1e9', 'query.pageSize'],
    ] as const) {
      await expectRefused(await crisis.get(`/placement-requests/${requestId}/matches?${query}`), 400, field);
    }
    // The last page that can be asked for: empty, with the total.
    for (const query of ['page=1000000&pageSize=500', 'page=1000000&pageSize=1']) {
      const response = await crisis.get(`/placement-requests/${requestId}/matches?nearMisses=false&${query}`);
      expect(response.status, query).toBe(200);
      const body = (await response.json()) as MatchList;
      expect(body.matches).toEqual([]);
      expect(body.page.totalItems).toBeGreaterThan(0);
    }
  });

  it('refuses unknown, malformed or huge region lists, unknown origins and wrong types, naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ ...WOMAN, preferRegions: ['VR99'] }, 'body.preferRegions.0'],
      [{ ...WOMAN, avoidRegions: ['VR01', 'VR00'] }, 'body.avoidRegions.1'],
      [{ ...WOMAN, avoidRegions: ['vr01'] }, 'body.avoidRegions.0'],
      [{ ...WOMAN, preferRegions: Array.from({ length: 26 }, () => 'VR01') }, 'body.preferRegions'],
      [{ ...WOMAN, avoidRegions: Array.from({ length: 100_000 }, () => 'VR01') }, 'body.avoidRegions'],
      [{ ...WOMAN, preferRegions: 'VR01' }, 'body.preferRegions'],
      [{ ...WOMAN, originMunicipality: 'GM9999' }, 'body.originMunicipality'],
      [{ ...WOMAN, originMunicipality: 'GM0000' }, 'body.originMunicipality'],
      [{ ...WOMAN, originMunicipality: 'Amsterdam' }, 'body.originMunicipality'],
      [{ ...WOMAN, originMunicipality: 'GM0344', originRegion: 'VR13' }, 'body.originRegion'],
      [{ ...WOMAN, farAway: 'yes' }, 'body.farAway'],
      [{ ...WOMAN, farAway: 1 }, 'body.farAway'],
      [{ household: WOMAN.household }, 'body.originMunicipality'],
    ];
    for (const [body, field] of cases) await expectRefused(await crisis.post('/placement-requests', body), 400, field);
    // And on changing an open request.
    const requestId = await request();
    for (const [body, field] of [
      [{ originMunicipality: 'GM9999' }, 'body.originMunicipality'],
      [{ preferRegions: ['VR26'] }, 'body.preferRegions.0'],
      [{ avoidRegions: Array.from({ length: 26 }, () => 'VR02') }, 'body.avoidRegions'],
    ] as const) {
      await expectRefused(await crisis.patch(`/placement-requests/${requestId}/household`, body), 400, field);
    }
    const row = await server.db
      .selectFrom('placement_requests')
      .select(['origin_municipality', 'avoid_regions'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ origin_municipality: 'GM0344', avoid_regions: [] });
  });

  it('ranks far away on purpose and repeated preferred regions without error, and never offers an avoided region', async () => {
    const requestId = await request(crisis, { ...WOMAN, farAway: true, preferRegions: Array.from({ length: 25 }, () => 'VR09'), avoidRegions: ['VR13'] });
    const response = await crisis.get(`/placement-requests/${requestId}/matches?pageSize=500`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { matches: Array<{ location: { region: { code: string } }; preferredRegion: boolean; distanceKm: number }> };
    expect(body.matches.length).toBeGreaterThan(0);
    expect(body.matches.some((m) => m.location.region.code === 'VR13')).toBe(false);
    // Preferred first, then the most distant first.
    const preferred = body.matches.filter((m) => m.preferredRegion);
    expect(body.matches.slice(0, preferred.length)).toEqual(preferred);
    const rest = body.matches.slice(preferred.length).map((m) => m.distanceKm);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    // A place in an avoided region held by id is refused: it does not fit.
    const avoided = await server.db
      .selectFrom('places')
      .innerJoin('locations', 'locations.id', 'places.location_id')
      .select('places.id')
      .where('locations.region_code', '=', 'VR13')
      .where('places.status', '=', 'available')
      .where('places.kind', '=', 'bed')
      .where('locations.serves', '<>', 'men')
      .limit(1)
      .executeTakeFirstOrThrow();
    await expectRefused(await hold(requestId, avoided.id), 409);
  });

  it('lets exactly one of many parallel holds on one place win, from two teams at once', async () => {
    const place = await newPlace(admin, locationId);
    const requests = await Promise.all([...Array.from({ length: 8 }, () => request(crisis)), ...Array.from({ length: 8 }, () => request(crisis2))]);
    const responses = await Promise.all(requests.map((id, i) => hold(id, place.id, i < 8 ? crisis : crisis2)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(requests.length - 1);
    for (const response of responses.filter((r) => r.status === 409)) await problemOf(response);
    const active = await server.db.selectFrom('holds').select('id').where('place_id', '=', place.id).where('status', '=', 'active').execute();
    expect(active).toHaveLength(1);
    const row = await server.db.selectFrom('places').select(['status', 'version']).where('id', '=', place.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'held', version: place.version + 1 });
  }, 60_000);

  it('refuses holds for a closed request, an unknown place or request, and odd bodies, never a 500', async () => {
    const requestId = await request();
    const place = await newPlace(admin, locationId);
    expect((await crisis.patch(`/placement-requests/${requestId}`, { status: 'withdrawn' })).status).toBe(200);
    await expectRefused(await hold(requestId, place.id), 409);
    const open = await request();
    await expectRefused(await hold(open, '00000000-0000-4000-8000-000000000000'), 404);
    await expectRefused(await hold('00000000-0000-4000-8000-000000000000', place.id), 404);
    await expectRefused(await crisis.post('/holds', { requestId: open, placeId: place.id, placeIds: [place.id] }), 400, 'body');
    await expectRefused(await crisis.post('/holds', { requestId: open, placeId: 'x' }), 400, 'body.placeId');
    const text = await crisis.request('/holds', {
      method: 'POST',
      body: JSON.stringify({ requestId: open, placeId: place.id }),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const dup = await crisis.request('/holds', {
      method: 'POST',
      body: `{"requestId":"${open}","placeId":"00000000-0000-4000-8000-000000000000","placeId":"${place.id}"}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(dup.status).toBe(201);
    expect(((await dup.json()) as { place: { id: string } }).place.id).toBe(place.id);
  });
});
