import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PlaceAttribute, PlaceAttributes } from '../../server/places/place-attributes.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { testName } from '../helpers/factories.ts';

// Every attribute an admin sets survives the trip: registered with a value other than its default,
// read back through the API, changed, read back again. The values are typed as every attribute
// (PlaceAttributes), so an attribute added to the schema fails `tsc` here until it is given one;
// one dropped by a mapping fails the comparison.

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp('demo');
  admin = await loginAs(t.app, DEMO.admin);
});
afterAll(() => t.drop());

const registered: PlaceAttributes = {
  label: testName(),
  beds: 4,
  maxAdults: 2,
  maxChildren: 2,
  maxBoyAge: 12,
  accessibility: 'wheelchair',
  petsAllowed: true,
};
const changed: PlaceAttributes = {
  label: testName(),
  beds: 3,
  maxAdults: 1,
  maxChildren: 1,
  maxBoyAge: 9,
  accessibility: 'limited_mobility',
  petsAllowed: false,
};

const pick = (place: Record<string, unknown>) => Object.fromEntries(Object.keys(registered).map((key) => [key, place[key as PlaceAttribute]]));

describe('place attributes', () => {
  it('are each stored and shown, on registering and on changing a place', async () => {
    const location = await t.db.selectFrom('locations').select('id').orderBy('id').executeTakeFirstOrThrow();
    const created = await admin.post('/places', { locationId: location.id, kind: 'family_unit', status: 'available', ...registered });
    expect(created.status).toBe(201);
    const place = await created.json();
    expect(pick(place)).toEqual(registered);
    expect(pick(await (await admin.get(`/places/${place.id}`)).json())).toEqual(registered);

    const patched = await admin.patch(`/places/${place.id}`, { version: place.version, ...changed });
    expect(patched.status).toBe(200);
    expect(pick(await (await admin.get(`/places/${place.id}`)).json())).toEqual(changed);
  });
});
