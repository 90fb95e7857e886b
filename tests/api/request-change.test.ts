import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newAccount } from '../helpers/accounts.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { insertBed, newRequest } from '../helpers/factories.ts';

// Changing the household of an open request (PATCH …/household): only the worker who recorded it,
// never while a place is held for it, never once closed; bad input is a 400 naming the field.

let t: TestApp;
let crisis: Client;
let otherWorker: Client;
let locationId: string;

beforeAll(async () => {
  t = await createTestApp('demo');
  const admin = await loginAs(t.app, DEMO.admin);
  crisis = await loginAs(t.app, DEMO.crisis);
  otherWorker = await newAccount(t.app, admin, 'crisis_worker');
  ({ id: locationId } = await t.db.selectFrom('locations').select('id').where('serves', '<>', 'men').executeTakeFirstOrThrow());
});
afterAll(() => t.drop());

const FAMILY = { originMunicipality: 'GM0363', household: { adults: [{ gender: 'female' }], children: [{ age: 6, sex: 'female' }] } };

describe('PATCH /placement-requests/{id}/household', () => {
  it('changes only the fields sent, and the search follows the new household', async () => {
    const request = await newRequest(crisis, FAMILY);
    const before = await (await crisis.get(`/placement-requests/${request.id}/matches?pageSize=1`)).json();
    const response = await crisis.patch(`/placement-requests/${request.id}/household`, {
      household: {
        adults: [{ gender: 'female' }],
        children: [
          { age: 14, sex: 'male' },
          { age: 6, sex: 'female' },
        ],
      },
      needs: { pet: true },
      avoidRegions: ['VR13'],
    });
    expect(response.status).toBe(200);
    const changed = await response.json();
    expect(changed).toMatchObject({
      originMunicipality: 'GM0363',
      originRegion: 'VR13',
      needs: { pet: true, accessibility: 'none' },
      avoidRegions: ['VR13'],
      status: 'open',
    });
    expect(changed.household.children).toHaveLength(2);
    const after = await (await crisis.get(`/placement-requests/${request.id}/matches?pageSize=50`)).json();
    expect(after.page.totalItems).toBeLessThan(before.page.totalItems);
    for (const place of after.matches) expect(place.petsAllowed && place.location.region.code !== 'VR13').toBe(true);
    const moved = await (await crisis.patch(`/placement-requests/${request.id}/household`, { originMunicipality: 'GM0935' })).json();
    expect(moved).toMatchObject({ originMunicipality: 'GM0935', originRegion: 'VR24' });
  });

  it("is refused for another worker's request (403), with an active hold (409) and once closed (409)", async () => {
    const request = await newRequest(crisis, FAMILY);
    expect((await otherWorker.patch(`/placement-requests/${request.id}/household`, { needs: { pet: true } })).status).toBe(403);
    const bed = await insertBed(t.db, locationId);
    const single = await newRequest(crisis, { originMunicipality: 'GM0344', household: { adults: [{ gender: 'female' }], children: [] } });
    const hold = await crisis.post('/holds', { requestId: single.id, placeId: bed.id });
    expect(hold.status).toBe(201);
    const held = await crisis.patch(`/placement-requests/${single.id}/household`, { needs: { pet: true } });
    expect(held.status).toBe(409);
    expect((await problemOf(held)).detail).toMatch(/Release the active hold/);
    await crisis.patch(`/placement-requests/${request.id}`, { status: 'withdrawn' });
    expect((await crisis.patch(`/placement-requests/${request.id}/household`, { needs: { pet: true } })).status).toBe(409);
  });

  it('answers bad input with 400 naming each field, never a 500', async () => {
    const request = await newRequest(crisis, FAMILY);
    const cases: Array<[object, string[]]> = [
      [{ household: { adults: [{ gender: 'female' }], children: [{ age: 18, sex: 'male' }] } }, ['body.household.children.0.age']],
      [{ household: { adults: [{ gender: 'female' }], children: [{ age: 3, sex: null }] } }, ['body.household.children.0.sex']],
      [{ originMunicipality: 'GM9999' }, ['body.originMunicipality']],
      [{ originMunicipality: 'Amsterdam' }, ['body.originMunicipality']],
      [{ name: 'Jansen' }, ['body']],
      [{ farAway: 'yes' }, ['body.farAway']],
    ];
    for (const [body, names] of cases) {
      const response = await crisis.patch(`/placement-requests/${request.id}/household`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(
        (await problemOf(response)).invalidParams?.map((p) => p.name),
        JSON.stringify(body),
      ).toEqual(names);
    }
  });
});
