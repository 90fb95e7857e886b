import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { newHold } from '../helpers/factories.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';

// Stays through the API: begun by intake or by an accepted hold, changed (composition, readiness)
// and ended with a destination, always in step with the place; refused for other shelters, for
// personal data and for bad input (4xx naming the field, never 500).

let t: TestApp;
let admin: Client;
let shelter: Client;
let other: Client;
let crisis: Client;
let locationId: string;

beforeAll(async () => {
  t = await createTestApp('demo');
  [admin, shelter, other, crisis] = await Promise.all([
    loginAs(t.app, DEMO.admin),
    loginAs(t.app, DEMO.shelter),
    loginAs(t.app, DEMO.shelter2),
    loginAs(t.app, DEMO.crisis),
  ]);
  locationId = await newLocation(admin, await organisationOf(t.db, DEMO.shelter));
});
afterAll(() => t.drop());

const FAMILY = {
  adults: 1,
  children: [
    { age: 2, sex: 'male' },
    { age: 9, sex: 'female' },
  ],
  originMunicipality: 'GM0363',
};

async function intake(body: object = FAMILY) {
  const place = await newPlace(admin, locationId);
  const response = await shelter.post(`/places/${place.id}/stay`, { version: place.version, ...body });
  return { place, response };
}

describe('stays', () => {
  it('an intake makes the place occupied and opens a stay with the household in numbers and its origin region', async () => {
    const { place, response } = await intake();
    expect(response.status).toBe(201);
    const stay = await response.json();
    expect(stay).toMatchObject({ placeId: place.id, beganBy: 'intake', endedAt: null, composition: FAMILY, originRegion: 'VR13', readiness: null });
    const placeNow = await (await shelter.get(`/places/${place.id}`)).json();
    expect(placeNow.status).toBe('occupied');
    const event = await t.db
      .selectFrom('place_events')
      .select('effective_at')
      .where('place_id', '=', place.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(stay.startedAt).toBe(event.effective_at.toISOString());
    const list = await (await shelter.get('/stays')).json();
    expect(list.items.map((s: { id: string }) => s.id)).toContain(stay.id);
    // Another organisation's staff neither see nor change it.
    expect((await (await other.get('/stays')).json()).items.map((s: { id: string }) => s.id)).not.toContain(stay.id);
    expect((await other.patch(`/stays/${stay.id}`, { version: stay.version, readiness: null })).status).toBe(403);
    expect((await other.post(`/stays/${stay.id}/end`, { placeVersion: placeNow.version, destination: 'unknown' })).status).toBe(403);
    expect((await crisis.get('/stays')).status).toBe(403);
  });

  it('refuses personal data, impossible households and unknown municipalities, naming the field', async () => {
    for (const [body, field] of [
      [{ ...FAMILY, name: 'Anna' }, 'body'],
      [{ ...FAMILY, children: [{ age: 3, sex: 'male', birthDate: '2023-01-01' }] }, 'body.children.0'],
      [{ ...FAMILY, adults: 3 }, 'body.adults'],
      [{ ...FAMILY, children: [{ age: 18, sex: 'female' }] }, 'body.children.0.age'],
      [{ ...FAMILY, originMunicipality: 'GM9999' }, 'body.originMunicipality'],
      [{ ...FAMILY, originMunicipality: 'Amsterdam' }, 'body.originMunicipality'],
      [{ ...FAMILY, children: [1, 2, 3, 4].map(() => ({ age: 1, sex: 'male' })) }, 'body.children'],
    ] as const) {
      const { response } = await intake(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(response)).invalidParams?.map((p) => p.name).join(' '), JSON.stringify(body)).toContain(field);
    }
  });

  it('marks readiness (the place stays occupied), refuses a date in the future or before the stay, and ends with a destination', async () => {
    const { place, response } = await intake();
    const stay = await response.json();
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
    const future = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since: '2999-01-01', waitingFor: 'housing' } });
    expect((await problemOf(future)).invalidParams?.[0]?.name).toBe('body.readiness.since');
    const early = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since: '2020-01-01', waitingFor: 'housing' } });
    expect(early.status).toBe(400);
    const badCode = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since: today, waitingFor: 'luck' } });
    expect((await problemOf(badCode)).invalidParams?.[0]?.name).toBe('body.readiness.waitingFor');
    const ready = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: { since: today, waitingFor: 'urgency_declaration' } });
    expect(ready.status).toBe(200);
    const readyStay = await ready.json();
    expect(readyStay.readiness).toEqual({ since: today, waitingFor: 'urgency_declaration' });
    // An old version is a conflict, not a lost update.
    expect((await shelter.patch(`/stays/${stay.id}`, { version: stay.version, readiness: null })).status).toBe(409);
    const placeNow = await (await shelter.get(`/places/${place.id}`)).json();
    expect(placeNow.status).toBe('occupied');
    expect((await shelter.post(`/stays/${stay.id}/end`, { placeVersion: placeNow.version, destination: 'abroad' })).status).toBe(400);
    const ended = await shelter.post(`/stays/${stay.id}/end`, { placeVersion: placeNow.version, destination: 'family_or_friends' });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ exitDestination: 'family_or_friends', readiness: { since: today, waitingFor: 'urgency_declaration' } });
    expect((await (await shelter.get(`/places/${place.id}`)).json()).status).toBe('available');
    expect((await shelter.post(`/stays/${stay.id}/end`, { placeVersion: placeNow.version + 1, destination: 'unknown' })).status).toBe(409);
  });

  it('a second intake on an occupied place is a conflict; freeing the place by a status change ends the stay as unknown', async () => {
    const { place, response } = await intake();
    const stay = await response.json();
    const placeNow = await (await shelter.get(`/places/${place.id}`)).json();
    const again = await shelter.post(`/places/${place.id}/stay`, { version: placeNow.version, ...FAMILY });
    expect(again.status).toBe(409);
    const freed = await shelter.patch(`/places/${place.id}`, { version: placeNow.version, status: 'unavailable', unavailableReason: 'maintenance' });
    expect(freed.status).toBe(200);
    const row = await t.db.selectFrom('stays').selectAll().where('id', '=', stay.id).executeTakeFirstOrThrow();
    expect(row.exit_destination).toBe('unknown');
    expect(row.ended_at).not.toBeNull();
  });

  it('a plain "occupied" opens a stay of unknown composition that staff fill in later; a bed takes no children', async () => {
    const place = await newPlace(admin, locationId);
    expect((await shelter.patch(`/places/${place.id}`, { version: place.version, status: 'occupied' })).status).toBe(200);
    const stay = (await (await shelter.get('/stays')).json()).items.find((s: { placeId: string }) => s.placeId === place.id);
    expect(stay.composition).toBeNull();
    // The origin municipality the shelter enters later is checked as at intake.
    for (const code of ['GM9999', 'GM363', '']) {
      const unknown = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, composition: { ...FAMILY, originMunicipality: code } });
      expect(unknown.status, code).toBe(400);
      expect(
        (await problemOf(unknown)).invalidParams?.map((p) => p.name),
        code,
      ).toContain('body.composition.originMunicipality');
    }
    const filled = await shelter.patch(`/stays/${stay.id}`, { version: stay.version, composition: FAMILY });
    expect((await filled.json()).composition).toEqual(FAMILY);

    const hold = await newHold(t.db, crisis, locationId);
    const bedStay = await t.db.selectFrom('stays').select('id').where('place_id', '=', hold.placeId).executeTakeFirst();
    expect(bedStay).toBeUndefined();
    expect((await shelter.patch(`/holds/${hold.id}`, { action: 'accept' })).status).toBe(200);
    const fromHold = await t.db.selectFrom('stays').selectAll().where('hold_id', '=', hold.id).executeTakeFirstOrThrow();
    expect(fromHold).toMatchObject({ place_id: hold.placeId, began_by: 'hold', adults: 1, child_ages: [], origin_region_code: 'VR13' });
    const bed = await shelter.patch(`/stays/${fromHold.id}`, { version: fromHold.version, composition: FAMILY });
    expect((await problemOf(bed)).invalidParams?.[0]?.name).toBe('body.composition.children');
  });
});
