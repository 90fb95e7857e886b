import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { newHold } from '../helpers/factories.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { insertStay } from '../helpers/stays.ts';

// Retiring places and locations instead of deleting them (issue 18): the history stays, the place
// leaves lists, search and availability, and a place someone holds or stays in cannot be retired.

let t: TestApp;
let admin: Client;
let shelter: Client;
let crisis: Client;
let organisationId: string;
beforeAll(async () => {
  t = await createTestApp('demo');
  [admin, shelter, crisis] = await Promise.all([loginAs(t.app, DEMO.admin), loginAs(t.app, DEMO.shelter), loginAs(t.app, DEMO.crisis)]);
  organisationId = await organisationOf(t.db, DEMO.shelter);
});
afterAll(() => t.drop());

interface Problem {
  status: number;
  reason?: string;
  placeIds?: string[];
}

const familyUnitsIn = async (region: string) => {
  const body = (await (await admin.get('/availability')).json()) as { regions: Array<{ code: string; familyUnit: { places: { total: number } } }> };
  return body.regions.find((r) => r.code === region)!.familyUnit.places.total;
};

describe('POST /places/{id}/retirement', () => {
  it('retires a place: out of the lists and availability, its history and audit entry kept, no more changes', async () => {
    const locationId = await newLocation(admin, organisationId);
    const place = await newPlace(admin, locationId);
    const before = await familyUnitsIn('VR09');

    const response = await admin.post(`/places/${place.id}/retirement`, {});
    expect(response.status).toBe(201);
    const retired = await response.json();
    expect(retired).toMatchObject({ id: place.id, status: 'unavailable', version: place.version + 1 });
    expect(Date.parse(retired.retiredAt)).toBeGreaterThan(Date.now() - 60_000);

    expect(await familyUnitsIn('VR09')).toBe(before - 1);
    const listed = (await (await admin.get(`/places?locationId=${locationId}`)).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
    // History: the place is still there by its id, with every event, the last one `retired`.
    expect((await admin.get(`/places/${place.id}`)).status).toBe(200);
    const events = (await (await admin.get(`/places/${place.id}/events`)).json()) as { items: Array<{ type: string }> };
    expect(events.items.map((e) => e.type)).toEqual(['retired', 'registered']);
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('subject_id', '=', place.id)
      .where('action', '=', 'place.retired')
      .executeTakeFirst();
    expect(entry).toBeDefined();

    // A retired place changes no more: not by its shelter, nor by a second retirement.
    const change = await shelter.patch(`/places/${place.id}`, { version: retired.version, status: 'available' });
    expect(change.status).toBe(409);
    expect((await problemOf(change)).detail).toContain('retired');
    const again = await admin.post(`/places/${place.id}/retirement`, {});
    expect(again.status).toBe(409);
    expect(((await problemOf(again)) as Problem).reason).toBe('already_retired');
  });

  it('refuses a held place with 409 naming the hold, and leaves it as it was', async () => {
    const locationId = await newLocation(admin, organisationId, 'women');
    const hold = await newHold(t.db, crisis, locationId);
    const response = await admin.post(`/places/${hold.placeId}/retirement`, {});
    expect(response.status).toBe(409);
    const problem = (await problemOf(response)) as Problem & { detail: string };
    expect(problem).toMatchObject({ status: 409, reason: 'active_hold', placeIds: [hold.placeId] });
    expect(problem.detail).toMatch(/held/);
    const row = await t.db.selectFrom('places').select(['status', 'retired_at']).where('id', '=', hold.placeId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'held', retired_at: null });
  });

  it('refuses a place someone stays in with 409 naming the stay', async () => {
    const locationId = await newLocation(admin, organisationId);
    const stay = await insertStay(t.db, locationId);
    const response = await admin.post(`/places/${stay.placeId}/retirement`, {});
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({ reason: 'active_stay', placeIds: [stay.placeId] });
  });

  it('is for admins only; an unknown place is a 404 and a malformed id a 400 naming it', async () => {
    const locationId = await newLocation(admin, organisationId);
    const place = await newPlace(admin, locationId);
    expect((await shelter.post(`/places/${place.id}/retirement`, {})).status).toBe(403);
    expect((await crisis.post(`/places/${place.id}/retirement`, {})).status).toBe(403);
    expect((await admin.post('/places/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/retirement', {})).status).toBe(404);
    const bad = await admin.post('/places/nope/retirement', {});
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await problemOf(bad))).toContain('id');
  });
});

describe('POST /locations/{id}/retirement', () => {
  it('retires the location with all its places, all or none', async () => {
    const locationId = await newLocation(admin, organisationId, 'women');
    const free = await newPlace(admin, locationId);
    const hold = await newHold(t.db, crisis, locationId);

    const refused = await admin.post(`/locations/${locationId}/retirement`, {});
    expect(refused.status).toBe(409);
    expect(await problemOf(refused)).toMatchObject({ reason: 'active_hold', placeIds: [hold.placeId] });
    const freeRow = await t.db.selectFrom('places').select('retired_at').where('id', '=', free.id).executeTakeFirstOrThrow();
    expect(freeRow.retired_at).toBeNull();

    expect((await crisis.patch(`/holds/${hold.id}`, { action: 'release' })).status).toBe(200);

    const response = await admin.post(`/locations/${locationId}/retirement`, {});
    expect(response.status).toBe(201);
    expect(Date.parse((await response.json()).retiredAt)).toBeGreaterThan(0);
    const places = await t.db.selectFrom('places').select(['status', 'retired_at']).where('location_id', '=', locationId).execute();
    expect(places).toHaveLength(2);
    expect(places.every((p) => p.status === 'unavailable' && p.retired_at !== null)).toBe(true);
    const locations = (await (await admin.get(`/locations?organisationId=${organisationId}`)).json()) as { items: Array<{ id: string }> };
    expect(locations.items.map((l) => l.id)).not.toContain(locationId);
    expect((await admin.get(`/locations/${locationId}`)).status).toBe(200);
    expect((await shelter.post(`/locations/${locationId}/retirement`, {})).status).toBe(403);
  });
});
