import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { eventCount, placesOutOfStepWithEvents } from '../helpers/invariants.ts';
import { makeStale, newLocation, newPlace, organisationOf } from '../helpers/places.ts';

// Status changes and confirmations through PATCH /places/{id} and POST /locations/{id}/confirmations:
// every change names the version it is based on, an old version is refused with the current state,
// and every change leaves exactly one event.

let t: TestApp;
let shelter: Client;
let admin: Client;
let organisationId: string;
beforeAll(async () => {
  t = await createTestApp('demo');
  [shelter, admin] = await Promise.all([loginAs(t.app, DEMO.shelter), loginAs(t.app, DEMO.admin)]);
  organisationId = await organisationOf(t.db, DEMO.shelter);
});
afterAll(() => t.drop());

/** A new, available place at a new location of the shelter's own organisation: the test owns both. */
async function ownPlace() {
  const locationId = await newLocation(admin, organisationId);
  return { ...(await newPlace(admin, locationId)), location_id: locationId };
}

async function current(id: string) {
  return (await (await shelter.get(`/places/${id}`)).json()) as { version: number; status: string; stale: boolean; confirmedAt: string };
}

describe('PATCH /places/{id} with a version in the body', () => {
  it('changes the status, raises the version by one and returns it as ETag', async () => {
    const place = await ownPlace();
    const response = await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ id: place.id, status: 'occupied', version: place.version + 1, stale: false });
    expect(response.headers.get('etag')).toBe(`"${place.version + 1}"`);
    expect(await eventCount(t.db, place.id)).toBe(place.version + 1);
  });

  it('refuses an old version with 409 problem+json carrying the current state', async () => {
    const place = await ownPlace();
    expect((await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' })).status).toBe(200);
    const response = await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'unavailable', unavailableReason: 'staffing' });
    expect(response.status).toBe(409);
    const problem = (await problemOf(response)) as Awaited<ReturnType<typeof problemOf>> & { current: unknown };
    expect(problem).toMatchObject({ status: 409, title: 'Conflict' });
    expect(problem.detail).toContain(`version ${place.version + 1}`);
    expect(problem.current).toEqual(await current(place.id));
    expect(problem.current).toMatchObject({ status: 'occupied', version: place.version + 1 });
    expect(await eventCount(t.db, place.id)).toBe(place.version + 1);
  });

  it('refuses a version from the future the same way', async () => {
    const place = await ownPlace();
    expect((await shelter.patch(`/places/${place.id}`, { version: place.version + 5, status: 'occupied' })).status).toBe(409);
    expect((await current(place.id)).version).toBe(place.version);
  });
});

describe('PATCH /places/{id} with If-Match', () => {
  it('accepts the current version as "n" and W/"n"', async () => {
    const place = await ownPlace();
    const first = await shelter.patch(`/places/${place.id}`, { status: 'occupied' }, { 'If-Match': `"${place.version}"` });
    expect(first.status).toBe(200);
    const second = await shelter.patch(`/places/${place.id}`, { status: 'available' }, { 'If-Match': `W/"${place.version + 1}"` });
    expect(second.status).toBe(200);
    expect((await second.json()).version).toBe(place.version + 2);
  });

  it('refuses an old version with 412 problem+json carrying the current state', async () => {
    const place = await ownPlace();
    await shelter.patch(`/places/${place.id}`, { status: 'occupied' }, { 'If-Match': `"${place.version}"` });
    const response = await shelter.patch(`/places/${place.id}`, { status: 'available' }, { 'If-Match': `"${place.version}"` });
    expect(response.status).toBe(412);
    const problem = (await problemOf(response)) as Awaited<ReturnType<typeof problemOf>> & { current: unknown };
    expect(problem).toMatchObject({ status: 412, title: 'Precondition failed' });
    expect(problem.current).toEqual(await current(place.id));
  });

  it('refuses an If-Match that is not a version, and one that contradicts the body', async () => {
    const place = await ownPlace();
    const malformed = await problemOf(await shelter.patch(`/places/${place.id}`, { status: 'occupied' }, { 'If-Match': '"abc"' }));
    expect(malformed.status).toBe(400);
    expect(malformed.invalidParams?.map((p) => p.name)).toEqual(['header.If-Match']);
    const contradicting = await problemOf(
      await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' }, { 'If-Match': `"${place.version + 1}"` }),
    );
    expect(contradicting.invalidParams?.map((p) => p.name)).toEqual(['body.version']);
    expect((await current(place.id)).version).toBe(place.version);
  });
});

describe("a version past PostgreSQL's integer", () => {
  // Refused by the database before, as a 400 that named no field; now at the edge, naming it.
  it('is refused naming body.version, or header.If-Match, and changes nothing', async () => {
    const place = await ownPlace();
    const inBody = await shelter.patch(`/places/${place.id}`, { version: 2 ** 40, status: 'occupied' });
    expect(inBody.status).toBe(400);
    expect((await problemOf(inBody)).invalidParams?.map((p) => p.name)).toEqual(['body.version']);
    const inHeader = await shelter.patch(`/places/${place.id}`, { status: 'occupied' }, { 'If-Match': '"99999999999"' });
    expect(inHeader.status).toBe(400);
    expect((await problemOf(inHeader)).invalidParams?.map((p) => p.name)).toEqual(['header.If-Match']);
    expect(await current(place.id)).toMatchObject({ version: place.version, status: 'available' });
  });
});

describe('the status rules', () => {
  it('needs a reason for unavailable, naming the field', async () => {
    const place = await ownPlace();
    const problem = await problemOf(await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'unavailable' }));
    expect(problem.status).toBe(400);
    expect(problem.invalidParams?.map((p) => p.name)).toEqual(['body.unavailableReason']);
    const done = await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'unavailable', unavailableReason: 'maintenance' });
    expect(await done.json()).toMatchObject({ status: 'unavailable', unavailableReason: 'maintenance' });
  });

  it('allows a reason only with unavailable, and clears it when the place comes back', async () => {
    const place = await ownPlace();
    const problem = await problemOf(await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'occupied', unavailableReason: 'safety' }));
    expect(problem.invalidParams?.map((p) => p.name)).toEqual(['body.unavailableReason']);
    await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'unavailable', unavailableReason: 'safety' });
    const back = await (await shelter.patch(`/places/${place.id}`, { version: place.version + 1, status: 'available' })).json();
    expect(back).toMatchObject({ status: 'available', unavailableReason: null });
  });

  it('needs a version, and never sets held by hand', async () => {
    const place = await ownPlace();
    expect((await problemOf(await shelter.patch(`/places/${place.id}`, { status: 'occupied' }))).invalidParams?.map((p) => p.name)).toEqual(['body.version']);
    expect((await problemOf(await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'held' }))).invalidParams?.map((p) => p.name)).toEqual(
      ['body.status'],
    );
  });

  it("does not let shelter staff touch another organisation's place", async () => {
    const other = await loginAs(t.app, DEMO.shelter2);
    const place = await ownPlace();
    expect((await other.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' })).status).toBe(403);
    expect((await current(place.id)).version).toBe(place.version);
  });
});

describe('POST /locations/{id}/confirmations', () => {
  it('confirms every place of the location: one event each, confirmedAt now, stale cleared, status kept', async () => {
    const { id, location_id } = await ownPlace();
    const second = await newPlace(admin, location_id);
    await shelter.patch(`/places/${id}`, { version: 1, status: 'unavailable', unavailableReason: 'maintenance' });
    await shelter.patch(`/places/${second.id}`, { version: 1, status: 'occupied' });
    await newPlace(admin, location_id);
    await makeStale(t.db, location_id);
    const before = await t.db.selectFrom('places').select(['id', 'version', 'status']).where('location_id', '=', location_id).orderBy('id').execute();
    expect(before.length).toBeGreaterThan(1);
    for (const place of before) expect((await current(place.id)).stale).toBe(true);

    const response = await shelter.post(`/locations/${location_id}/confirmations`);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.places).toBe(before.length);

    for (const place of before) {
      const after = await current(place.id);
      expect(after).toMatchObject({ status: place.status, version: place.version + 1, stale: false, confirmedAt: body.confirmedAt });
      const [newest] = (await (await shelter.get(`/places/${place.id}/events`)).json()).items;
      expect(newest).toMatchObject({ type: 'confirmed', status: place.status, version: place.version + 1 });
    }
    expect(await placesOutOfStepWithEvents(t.db)).toEqual([]);
  });

  it("refuses another organisation's location and an unknown one", async () => {
    const other = await loginAs(t.app, DEMO.shelter2);
    const { location_id } = await ownPlace();
    expect((await problemOf(await other.post(`/locations/${location_id}/confirmations`))).status).toBe(403);
    expect((await problemOf(await shelter.post('/locations/00000000-0000-4000-8000-000000000000/confirmations'))).status).toBe(404);
  });

  it('makes a change based on the version before the confirmation a conflict', async () => {
    const place = await ownPlace();
    await shelter.post(`/locations/${place.location_id}/confirmations`);
    const response = await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' });
    expect(response.status).toBe(409);
  });
});

describe('GET /places/{id}/events', () => {
  it('shows the whole history, newest first, with versions counting down to the registration', async () => {
    const place = await ownPlace();
    let version = place.version;
    const steps = [{ status: 'occupied' }, { status: 'unavailable', unavailableReason: 'staffing' }, { status: 'available' }] as const;
    for (const step of steps) expect((await shelter.patch(`/places/${place.id}`, { version: version++, ...step })).status).toBe(200);

    const { items } = await (await shelter.get(`/places/${place.id}/events`)).json();
    expect(items).toHaveLength(version);
    expect(items.map((e: { version: number }) => e.version)).toEqual(Array.from({ length: version }, (_, i) => version - i));
    const seqs = items.map((e: { seq: string }) => BigInt(e.seq));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i - 1] > seqs[i]).toBe(true);
    expect(items.slice(0, 3).map((e: { type: string; status: string; unavailableReason: string | null }) => [e.type, e.status, e.unavailableReason])).toEqual([
      ['status_changed', 'available', null],
      ['status_changed', 'unavailable', 'staffing'],
      ['status_changed', 'occupied', null],
    ]);
    expect(items[0].actor).toBe('Demo Opvang Utrecht');
    expect(items.at(-1)).toMatchObject({ type: 'registered', version: 1 });
    expect(items.every((e: { occurredAt: string }) => e.occurredAt.endsWith('Z'))).toBe(true);
  });

  it("is for the place's own shelter and admins, not crisis workers or other shelters", async () => {
    const place = await ownPlace();
    expect((await (await loginAs(t.app, DEMO.admin)).get(`/places/${place.id}/events`)).status).toBe(200);
    expect((await (await loginAs(t.app, DEMO.shelter2)).get(`/places/${place.id}/events`)).status).toBe(403);
    expect((await (await loginAs(t.app, DEMO.crisis)).get(`/places/${place.id}/events`)).status).toBe(403);
  });
});
