import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

// Every route that takes typed text, attacked with a household's particulars written many ways: each
// is a 400 naming the field, nothing of it is stored, and the audit log keeps ids and codes only.

const ATTACKS = [
  'Fam. Jansen, BSN 123456782, geb. 12-03-1988, Dorpsstraat 5',
  'Fam Jansen BSN 123 456 782',
  'Jansen 1234.56.782',
  'Jansen １２３４５６７８２',
  'Jansen ١٢٣٤٥٦٧٨٢',
  'Jansen geb 12/03/1988',
  'Jansen 1988-03-12',
  'Jansen 12 maart 1988',
  'Jansen March 12 1988',
  'Jansen 3511 AB 5',
];
const MARK = 'Jansen';

let t: TestApp;
let admin: Client;
let ids: { organisation: string; location: string; place: string; user: string };

const LOCATION = {
  name: 'Huis aan de Vecht',
  municipalityCode: 'GM0344',
  serves: 'women',
  street: 'Geheimstraat 1',
  postalCode: '3511 AB',
  city: 'Utrecht',
  intakePhone: '030 123 45 67',
};
const BED = {
  kind: 'bed',
  status: 'available',
  label: 'Bed 1',
  beds: 1,
  maxAdults: 1,
  maxChildren: 0,
  maxBoyAge: null,
  accessibility: 'none',
  petsAllowed: false,
};

async function created(response: Promise<Response>): Promise<{ id: string }> {
  const r = await response;
  expect(r.status, await r.clone().text()).toBe(201);
  return r.json();
}

beforeAll(async () => {
  t = await createTestApp('demo');
  admin = await loginAs(t.app, DEMO.admin);
  const organisation = await created(admin.post('/organisations', { name: 'Opvang Noord', kind: 'vrouwenopvang' }));
  const location = await created(admin.post('/locations', { organisationId: organisation.id, ...LOCATION }));
  const place = await created(admin.post('/places', { locationId: location.id, ...BED }));
  const user = await created(admin.post('/users', { email: 'naam@test.nl', name: 'Naam Test', role: 'analyst', password: 'a-long-test-password' }));
  ids = { organisation: organisation.id, location: location.id, place: place.id, user: user.id };
});
afterAll(() => t.drop());

/** Each route and field that takes text, with a body that is valid but for that field. */
const DOORS: Array<{ door: string; field: string; send: (text: string) => Promise<Response> }> = [
  { door: 'POST /organisations', field: 'name', send: (text) => admin.post('/organisations', { name: text, kind: 'vrouwenopvang' }) },
  { door: 'PATCH /organisations/{id}', field: 'name', send: (text) => admin.patch(`/organisations/${ids.organisation}`, { name: text }) },
  ...(['name', 'street', 'city'] as const).flatMap((field) => [
    { door: 'POST /locations', field, send: (text: string) => admin.post('/locations', { organisationId: ids.organisation, ...LOCATION, [field]: text }) },
    { door: 'PATCH /locations/{id}', field, send: (text: string) => admin.patch(`/locations/${ids.location}`, { [field]: text }) },
  ]),
  { door: 'POST /places', field: 'label', send: (text) => admin.post('/places', { locationId: ids.location, ...BED, label: text }) },
  { door: 'PATCH /places/{id}', field: 'label', send: (text) => admin.patch(`/places/${ids.place}`, { version: 1, label: text }) },
  {
    door: 'POST /users',
    field: 'name',
    send: (text) => admin.post('/users', { email: 'ander@test.nl', name: text, role: 'analyst', password: 'a-long-test-password' }),
  },
  { door: 'PATCH /users/{id}', field: 'name', send: (text) => admin.patch(`/users/${ids.user}`, { name: text }) },
];

/** Every stored text column and JSON value that mentions the household. */
async function storedMentions(): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select (select count(*) from organisations where name ilike ${`%${MARK}%`})
      + (select count(*) from locations where name ilike ${`%${MARK}%`} or street_address ilike ${`%${MARK}%`} or city ilike ${`%${MARK}%`})
      + (select count(*) from places where label ilike ${`%${MARK}%`})
      + (select count(*) from users where name ilike ${`%${MARK}%`})
      + (select count(*) from audit_log where detail::text ilike ${`%${MARK}%`}) as n`.execute(t.db);
  return Number(rows[0]!.n);
}

describe.each(DOORS)('$door, field $field', ({ field, send }) => {
  it.each(ATTACKS)('refuses %s with a 400 naming the field', async (text) => {
    const response = await send(text);
    expect(response.status).toBe(400);
    const params = (await problemOf(response)).invalidParams as Array<{ name: string; code?: string }>;
    const param = params.find((p) => p.name === `body.${field}`);
    expect(param, JSON.stringify(params)).toBeDefined();
    // A text over a name's length is refused for that before its content is read.
    expect(['personal_data', 'name_pattern', 'too_big']).toContain(param!.code);
  });
});

describe('what passes', () => {
  it('names as shelters write them, and none of it reaches the audit log', async () => {
    expect((await admin.patch(`/organisations/${ids.organisation}`, { name: "Opvang 's-Hertogenbosch" })).status).toBe(200);
    expect((await admin.patch(`/locations/${ids.location}`, { name: 'Opvang Noord 2', street: 'Dorpsstraat 5' })).status).toBe(200);
    expect((await admin.patch(`/places/${ids.place}`, { version: 1, label: 'Kamer 3b' })).status).toBe(200);
    expect((await admin.patch(`/users/${ids.user}`, { name: 'Anna de Vries' })).status).toBe(200);
    const { rows } = await sql<{ detail: string }>`select detail::text as detail from audit_log`.execute(t.db);
    for (const text of ['Hertogenbosch', 'Noord 2', 'Dorpsstraat', 'Kamer 3b', 'Vries']) {
      expect(rows.filter((r) => r.detail.includes(text))).toEqual([]);
    }
  });

  it('nothing of the attacks was stored anywhere', async () => {
    expect(await storedMentions()).toBe(0);
  });
});

describe('the audit log', () => {
  it('refuses free text in a detail, so a future call that passes a name fails loudly in tests', async () => {
    const { audit } = await import('../../server/audit/audit.repository.ts');
    await expect(audit(t.db, { actorUserId: null, action: 'test.free_text', detail: { name: 'Fam. Jansen 12-03-1988' } })).rejects.toThrow(/free text/);
    await expect(
      audit(t.db, { actorUserId: null, action: 'test.codes', detail: { fields: ['label'], placeId: ids.place, places: 3, path: '/api/v1/places/:other' } }),
    ).resolves.toBeUndefined();
  });

  it('stores a refused path with what is not an id or a route word left out', async () => {
    const shelter = await loginAs(t.app, DEMO.shelter);
    expect((await shelter.request('/users/Jansen-123456782', { method: 'DELETE', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    const { rows } = await sql<{
      path: string;
    }>`select detail->>'path' as path from audit_log where action = 'access.refused' order by id desc limit 1`.execute(t.db);
    expect(rows[0]!.path).toBe('/api/v1/users/:other');
  });
});
