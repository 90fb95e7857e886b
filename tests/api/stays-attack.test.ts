import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { problemOf } from '../helpers/app.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The stays routes attacked from outside, over real HTTP: another shelter's ids, impossible dates and
// households, wrong enum values, odd bodies, and two ends of one stay at once. Every refusal is a 4xx
// problem+json naming the field; nothing is a 500, and a refused change leaves the stay as it was.

let server: TestServer;
let admin: Client;
let shelter: Client;
let other: Client;
let crisis: Client;
let analyst: Client;
let locationId: string;
let otherLocationId: string;

beforeAll(async () => {
  server = await startTestServer('demo');
  const http = overHttp(server.url);
  [admin, shelter, other, crisis, analyst] = await Promise.all([
    loginAs(http, DEMO.admin),
    loginAs(http, DEMO.shelter),
    loginAs(http, DEMO.shelter2),
    loginAs(http, DEMO.crisis),
    loginAs(http, DEMO.analyst),
  ]);
  [locationId, otherLocationId] = await Promise.all([
    newLocation(admin, await organisationOf(server.db, DEMO.shelter)),
    newLocation(admin, await organisationOf(server.db, DEMO.shelter2)),
  ]);
}, 120_000);
afterAll(() => server.stop());

const FAMILY = { adults: 1, children: [{ age: 4, sex: 'female' }], originMunicipality: 'GM0344' };

interface Stay {
  id: string;
  placeId: string;
  version: number;
  endedAt: string | null;
  exitDestination: string | null;
  readiness: unknown;
}

/** A place of the shelter's location with an open stay (by intake), and the place's version after it. */
async function openStay(): Promise<{ stay: Stay; placeVersion: number }> {
  const place = await newPlace(admin, locationId);
  const response = await shelter.post(`/places/${place.id}/stay`, { version: place.version, ...FAMILY });
  expect(response.status).toBe(201);
  return { stay: (await response.json()) as Stay, placeVersion: place.version + 1 };
}

async function expectRefused(response: Response, status: number, field?: string) {
  expect(response.status).toBe(status);
  const problem = await problemOf(response);
  if (field) expect(problem.invalidParams?.map((p) => p.name)).toContain(field);
}

async function stayRow(id: string) {
  return server.db.selectFrom('stays').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('stays attacked from outside', () => {
  it('refuses readiness dates that do not exist, naming the field, and leaves the stay unchanged', async () => {
    const { stay } = await openStay();
    for (const since of ['2026-02-31', '2026-13-01', '2026-00-10', '0000-01-01', '2026-11-00']) {
      const response = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since, waitingFor: 'housing' } });
      await expectRefused(response, 400, 'body.readiness.since');
    }
    expect((await stayRow(stay.id)).ready_since).toBeNull();
  });

  it('refuses readiness in the future, long before the stay, and on an ended stay', async () => {
    const { stay, placeVersion } = await openStay();
    for (const since of ['2099-01-01', '1900-01-01', '2000-01-01']) {
      await expectRefused(
        await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since, waitingFor: 'care' } }),
        400,
        'body.readiness.since',
      );
    }
    expect((await shelter.post(`/stays/${stay.id}/end`, { placeVersion, destination: 'own_housing' })).status).toBe(200);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    await expectRefused(await shelter.patch(`/stays/${stay.id}`, { version: stay.version + 1, readiness: { since: today, waitingFor: 'care' } }), 409);
  });

  it("refuses another shelter's stays and places, and roles without stays, with 403 and no change", async () => {
    const { stay, placeVersion } = await openStay();
    await expectRefused(await other.post(`/stays/${stay.id}/end`, { placeVersion, destination: 'unknown' }), 403);
    await expectRefused(await other.patch(`/stays/${stay.id}`, { version: stay.version, composition: { ...FAMILY, adults: 2 } }), 403);
    for (const client of [crisis, analyst]) {
      await expectRefused(await client.post(`/stays/${stay.id}/end`, { placeVersion, destination: 'unknown' }), 403);
      await expectRefused(await client.patch(`/stays/${stay.id}`, { version: stay.version, readiness: null }), 403);
    }
    // An intake on a place of another organisation.
    const foreign = await newPlace(admin, otherLocationId);
    await expectRefused(await shelter.post(`/places/${foreign.id}/stay`, { version: foreign.version, ...FAMILY }), 403);
    const row = await stayRow(stay.id);
    expect(row).toMatchObject({ ended_at: null, adults: 1, version: stay.version });
    const foreignRow = await server.db.selectFrom('places').select(['status', 'version']).where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(foreignRow).toEqual({ status: 'available', version: foreign.version });
  });

  it('ends a stay once when two ends race: one 200, the other 409, one destination recorded', async () => {
    const { stay, placeVersion } = await openStay();
    const destinations = ['own_housing', 'other_shelter', 'family_or_friends', 'care_institution'];
    const responses = await Promise.all(destinations.map((destination) => shelter.post(`/stays/${stay.id}/end`, { placeVersion, destination })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(destinations.length - 1);
    const winner = destinations[statuses.indexOf(200)];
    const row = await stayRow(stay.id);
    expect(row.exit_destination).toBe(winner);
    expect(row.ended_at).not.toBeNull();
    // Ending again, with the place's new version, is a 409 too: the place is free, the stay over.
    await expectRefused(await shelter.post(`/stays/${stay.id}/end`, { placeVersion: placeVersion + 1, destination: 'unknown' }), 409);
    const place = await server.db.selectFrom('places').select(['status', 'version']).where('id', '=', stay.placeId).executeTakeFirstOrThrow();
    expect(place).toEqual({ status: 'available', version: placeVersion + 1 });
  });

  it('refuses impossible households, wrong enum values and out-of-range numbers, naming the field', async () => {
    const place = await newPlace(admin, locationId);
    const cases: Array<[object, string]> = [
      [{ ...FAMILY, children: [{ age: -1, sex: 'female' }] }, 'body.children.0.age'],
      [{ ...FAMILY, children: [{ age: 1e9, sex: 'female' }] }, 'body.children.0.age'],
      [{ ...FAMILY, children: [{ age: 2.5, sex: 'female' }] }, 'body.children.0.age'],
      [{ ...FAMILY, children: [{ age: 3, sex: 'other' }] }, 'body.children.0.sex'],
      [{ ...FAMILY, children: Array.from({ length: 13 }, () => ({ age: 3, sex: 'male' })) }, 'body.children'],
      [{ ...FAMILY, children: Array.from({ length: 10_000 }, () => ({ age: 3, sex: 'male' })) }, 'body.children'],
      [{ ...FAMILY, adults: 0 }, 'body.adults'],
      [{ ...FAMILY, adults: -5 }, 'body.adults'],
      [{ ...FAMILY, adults: '1' }, 'body.adults'],
      [{ ...FAMILY, originMunicipality: 'GM0000' }, 'body.originMunicipality'],
      [{ ...FAMILY, originMunicipality: ['GM0344'] }, 'body.originMunicipality'],
      // A family unit for 3 children is offered 4: the place's own limit.
      [{ ...FAMILY, children: [1, 2, 3, 4].map((age) => ({ age, sex: 'male' })) }, 'body.children'],
    ];
    for (const [body, field] of cases) {
      await expectRefused(await shelter.post(`/places/${place.id}/stay`, { version: place.version, ...body }), 400, field);
    }
    for (const version of [0, -1, 1e20, 2 ** 31, 1.5, '1']) {
      const response = await shelter.post(`/places/${place.id}/stay`, { ...FAMILY, version });
      expect(response.status, `version ${version}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `version ${version}`).toBeLessThan(500);
      await problemOf(response);
    }
    const { stay, placeVersion } = await openStay();
    await expectRefused(await shelter.post(`/stays/${stay.id}/end`, { placeVersion, destination: 'hotel' }), 400, 'body.destination');
    await expectRefused(await shelter.post(`/stays/${stay.id}/end`, { placeVersion, destination: null }), 400, 'body.destination');
    await expectRefused(await shelter.post(`/stays/${stay.id}/end`, { placeVersion: 2 ** 40, destination: 'unknown' }), 400, 'body.placeVersion');
    await expectRefused(
      await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since: '2026-11-01', waitingFor: 'luck' } }),
      400,
      'body.readiness.waitingFor',
    );
    await expectRefused(await shelter.patch(`/stays/${stay.id}`, { version: 2 ** 40, readiness: null }), 400, 'body.version');
    await expectRefused(await shelter.patch('/stays/not-a-uuid', { version: 1, readiness: null }), 400, 'param.id');
    expect((await stayRow(stay.id)).ended_at).toBeNull();
    const unchanged = await server.db.selectFrom('places').select(['status', 'version']).where('id', '=', place.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ status: 'available', version: place.version });
  });

  it('answers odd bodies with 4xx, never a 500: other Content-Types, no body, not JSON, duplicate keys', async () => {
    const { stay, placeVersion } = await openStay();
    const raw = (path: string, method: string, body: string | undefined, contentType?: string) =>
      shelter.request(path, { method, body, headers: contentType ? { 'Content-Type': contentType } : {} });
    const end = `/stays/${stay.id}/end`;
    const good = JSON.stringify({ placeVersion, destination: 'unknown' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', undefined]) {
      const response = await raw(end, 'POST', good, contentType);
      expect(response.status, String(contentType)).toBe(415);
      await problemOf(response);
    }
    for (const body of ['', '{', 'null', '[]', '"x"', '{"placeVersion":1,', '\u0000']) {
      const response = await raw(end, 'POST', body, 'application/json');
      expect(response.status, JSON.stringify(body)).toBe(400);
      await problemOf(response);
    }
    // Duplicate keys: the last one counts (JSON.parse), for the checks and the write alike.
    await expectRefused(
      await raw(
        `/stays/${stay.id}`,
        'PATCH',
        `{"version":${stay.version},"readiness":null,"composition":{"adults":1,"adults":9,"children":[],"originMunicipality":null}}`,
        'application/json',
      ),
      400,
      'body.composition.adults',
    );
    const response = await raw(
      `/stays/${stay.id}`,
      'PATCH',
      `{"version":${stay.version},"composition":{"adults":9,"adults":2,"children":[],"originMunicipality":"GM9999","originMunicipality":null}}`,
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(await stayRow(stay.id)).toMatchObject({ adults: 2, child_ages: [], origin_municipality_code: null, ended_at: null });
  });

  it('refuses an intake on a held place and a second intake on an occupied one', async () => {
    const { stay, placeVersion } = await openStay();
    await expectRefused(await shelter.post(`/places/${stay.placeId}/stay`, { version: placeVersion, ...FAMILY }), 409);
    const place = await newPlace(admin, locationId);
    const request = await crisis.post('/placement-requests', { originMunicipality: 'GM0344', household: { adults: [{ gender: 'female' }], children: [] } });
    expect(request.status).toBe(201);
    const hold = await crisis.post('/holds', { requestId: ((await request.json()) as { id: string }).id, placeId: place.id });
    expect(hold.status).toBe(201);
    await expectRefused(await shelter.post(`/places/${place.id}/stay`, { version: place.version + 1, ...FAMILY }), 409);
    const held = await server.db.selectFrom('places').select('status').where('id', '=', place.id).executeTakeFirstOrThrow();
    expect(held.status).toBe('held');
    const stays = await server.db.selectFrom('stays').select('id').where('place_id', '=', place.id).execute();
    expect(stays).toHaveLength(0);
  });
});
