import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

// What the admin page needs of the API: organisations, locations, places and users made and changed
// by admins, lists narrowed to one organisation or location, and errors that name the field.

let t: TestApp;
let admin: Client;
let shelter: Client;
let crisis: Client;

beforeAll(async () => {
  t = await createTestApp('demo');
  [admin, shelter, crisis] = await Promise.all([loginAs(t.app, DEMO.admin), loginAs(t.app, DEMO.shelter), loginAs(t.app, DEMO.crisis)]);
});
afterAll(() => t.drop());

const LOCATION = {
  name: 'Huis aan de Vecht',
  municipalityCode: 'GM0344',
  serves: 'women',
  street: 'Geheimstraat 1',
  postalCode: '3511 AB',
  city: 'Utrecht',
  intakePhone: '030 123 45 67',
};
const FAMILY_UNIT = {
  kind: 'family_unit',
  status: 'available',
  label: 'Gezinsplek 1',
  beds: 4,
  maxAdults: 1,
  maxChildren: 3,
  maxBoyAge: 12,
  accessibility: 'wheelchair',
  petsAllowed: true,
};

async function created<T>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as T;
}

async function newOrganisation(name: string) {
  return created<{ id: string; name: string; kind: string; locations: number }>(admin.post('/organisations', { name, kind: 'vrouwenopvang' }));
}

async function newLocation(organisationId: string) {
  return created<{ id: string; region: { code: string } }>(admin.post('/locations', { organisationId, ...LOCATION }));
}

describe('organisations', () => {
  it('are made and renamed by admins, and counted with their locations', async () => {
    const organisation = await newOrganisation('Stichting Test Opvang');
    expect(organisation).toMatchObject({ name: 'Stichting Test Opvang', kind: 'vrouwenopvang', locations: 0 });
    await newLocation(organisation.id);
    const renamed = await admin.patch(`/organisations/${organisation.id}`, { name: 'Stichting Vecht', kind: 'maatschappelijke_opvang' });
    expect(await renamed.json()).toMatchObject({ name: 'Stichting Vecht', kind: 'maatschappelijke_opvang', locations: 1 });
    expect((await shelter.post('/organisations', { name: 'Eigen', kind: 'vrouwenopvang' })).status).toBe(403);
  });

  it('refuse an empty name, naming the field', async () => {
    const problem = await problemOf(await admin.post('/organisations', { name: '  ', kind: 'vrouwenopvang' }));
    expect(problem.invalidParams?.map((p) => p.name)).toEqual(['body.name']);
  });
});

describe('locations', () => {
  it('are listed per organisation for admins, with the region from the municipality', async () => {
    const organisation = await newOrganisation('Stichting Lijst');
    const location = await newLocation(organisation.id);
    expect(location.region.code).toBe('VR09');
    const body = await (await admin.get(`/locations?organisationId=${organisation.id}`)).json();
    expect(body.items.map((l: { id: string }) => l.id)).toEqual([location.id]);
    expect(body.items[0].address).toEqual({ street: 'Geheimstraat 1', postalCode: '3511 AB', city: 'Utrecht' });
  });

  it('of another organisation are refused to shelter staff (403, audited), their own are listed', async () => {
    const organisation = await newOrganisation('Stichting Anders');
    await newLocation(organisation.id);
    expect((await problemOf(await shelter.get(`/locations?organisationId=${organisation.id}`))).status).toBe(403);
    const own = await (await shelter.get('/locations')).json();
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((l: { organisation: { id: string } }) => l.organisation.id === own.items[0].organisation.id)).toBe(true);
  });

  it('list every invalid field of a new location at once', async () => {
    const organisation = await newOrganisation('Stichting Fout');
    const problem = await problemOf(
      await admin.post('/locations', { organisationId: organisation.id, ...LOCATION, postalCode: '0123 A', intakePhone: 'bel mij' }),
    );
    expect(problem.invalidParams?.map((p) => p.name).sort()).toEqual(['body.intakePhone', 'body.postalCode']);
  });
});

describe('municipalities', () => {
  it("are listed by name with their region today, for choosing a location's municipality", async () => {
    const body = await (await admin.get('/municipalities')).json();
    const mapped = await t.db
      .selectFrom('municipality_regions')
      .select((eb) => eb.fn.count<string>('municipality_code').distinct().as('n'))
      .where('scheme_code', '=', 'veiligheidsregio')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    expect(body.items.length).toBe(Number(mapped.n));
    expect(body.items.find((m: { code: string }) => m.code === 'GM0344')).toEqual({
      code: 'GM0344',
      name: 'Utrecht',
      region: { code: 'VR09', name: 'Utrecht' },
    });
    const names = body.items.map((m: { name: string }) => m.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'nl')));
    expect((await t.app.request('/api/v1/municipalities')).status).toBe(401);
  });
});

describe('places of a location', () => {
  it('are listed for admins by location, and a family unit registered there shows up', async () => {
    const location = await newLocation((await newOrganisation('Stichting Plekken')).id);
    const place = await created<{ id: string }>(admin.post('/places', { locationId: location.id, ...FAMILY_UNIT }));
    const body = await (await admin.get(`/places?locationId=${location.id}`)).json();
    expect(body.items.map((p: { id: string }) => p.id)).toEqual([place.id]);
    expect(body.items[0]).toMatchObject({
      kind: 'family_unit',
      beds: 4,
      maxAdults: 1,
      maxChildren: 3,
      maxBoyAge: 12,
      accessibility: 'wheelchair',
      petsAllowed: true,
    });
    expect(body.page.totalItems).toBe(1);
  });

  it('refuse a family unit with one bed, naming the field, on registering and on changing it', async () => {
    const location = await newLocation((await newOrganisation('Stichting Regels')).id);
    const registering = await problemOf(await admin.post('/places', { locationId: location.id, ...FAMILY_UNIT, beds: 1 }));
    expect(registering.invalidParams?.map((p) => p.name)).toEqual(['body.beds']);

    const place = await created<{ id: string; version: number }>(admin.post('/places', { locationId: location.id, ...FAMILY_UNIT }));
    const changing = await problemOf(await admin.patch(`/places/${place.id}`, { version: place.version, beds: 1, maxChildren: 0 }));
    expect(changing.invalidParams?.map((p) => p.name).sort()).toEqual(['body.beds', 'body.maxChildren']);
    const changed = await admin.patch(`/places/${place.id}`, { version: place.version, beds: 5, petsAllowed: false, label: 'Gezinsplek groot' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ beds: 5, petsAllowed: false, label: 'Gezinsplek groot', version: place.version + 1 });
  });
});

describe('users', () => {
  it('are paged and filtered by role and organisation, for admins only', async () => {
    const organisation = await newOrganisation('Stichting Mensen');
    for (const n of [1, 2, 3]) {
      await created(
        admin.post('/users', {
          email: `mens${n}@test.nl`,
          name: `Mens ${n}`,
          role: 'shelter_staff',
          organisationId: organisation.id,
          password: 'a-long-test-password',
        }),
      );
    }
    const first = await (await admin.get(`/users?organisationId=${organisation.id}&pageSize=2`)).json();
    expect(first.items.map((u: { email: string }) => u.email)).toEqual(['mens1@test.nl', 'mens2@test.nl']);
    expect(first.page).toEqual({ number: 1, size: 2, totalItems: 3, totalPages: 2 });
    const second = await (await admin.get(`/users?organisationId=${organisation.id}&pageSize=2&page=2`)).json();
    expect(second.items.map((u: { email: string }) => u.email)).toEqual(['mens3@test.nl']);
    const admins = await (await admin.get('/users?role=admin')).json();
    expect(admins.items.every((u: { role: string }) => u.role === 'admin')).toBe(true);
    expect(admins.items.map((u: { email: string }) => u.email)).toContain(DEMO.admin);
    expect((await crisis.get('/users')).status).toBe(403);
    expect((await problemOf(await admin.get('/users?pageSize=0'))).invalidParams?.map((p) => p.name)).toEqual(['query.pageSize']);
  });

  it('leave their organisation when moved to a role without one', async () => {
    const organisation = await newOrganisation('Stichting Wissel');
    const user = await created<{ id: string }>(
      admin.post('/users', {
        email: 'wissel@test.nl',
        name: 'Wissel',
        role: 'shelter_staff',
        organisationId: organisation.id,
        password: 'a-long-test-password',
      }),
    );
    const moved = await admin.patch(`/users/${user.id}`, { role: 'analyst' });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ role: 'analyst', organisationId: null });
    const back = await problemOf(await admin.patch(`/users/${user.id}`, { role: 'shelter_staff' }));
    expect(back.invalidParams?.map((p) => p.name)).toEqual(['body.organisationId']);
  });

  it('become region officers with a region, change region, and leave it with the role; a missing or unknown region is a 400 naming regionCode', async () => {
    const user = await created<{ id: string }>(
      admin.post('/users', { email: 'regio@test.nl', name: 'Regio', role: 'analyst', password: 'a-long-test-password' }),
    );
    const invalid = async (body: object) => (await problemOf(await admin.patch(`/users/${user.id}`, body))).invalidParams?.map((p) => p.name);
    expect(await invalid({ role: 'region_officer' })).toEqual(['body.regionCode']);
    expect(await invalid({ role: 'region_officer', regionCode: 'VR99' })).toEqual(['body.regionCode']);
    expect(await invalid({ regionCode: 'VR09' })).toEqual(['body.regionCode']);
    const officer = await admin.patch(`/users/${user.id}`, { role: 'region_officer', regionCode: 'VR09' });
    expect(officer.status).toBe(200);
    expect(await officer.json()).toMatchObject({ role: 'region_officer', regionCode: 'VR09' });
    expect(await (await admin.patch(`/users/${user.id}`, { regionCode: 'VR13' })).json()).toMatchObject({ regionCode: 'VR13' });
    expect(await invalid({ regionCode: null })).toEqual(['body.regionCode']);
    // Another role leaves the region, as a role without an organisation leaves the organisation.
    expect(await (await admin.patch(`/users/${user.id}`, { role: 'analyst' })).json()).toMatchObject({ role: 'analyst', regionCode: null });
  });

  it('crisis workers join a Veilig Thuis team, shelter staff a shelter: the other kind is a 400 naming organisationId', async () => {
    const shelter = await newOrganisation('Stichting Team');
    const team = await created<{ id: string }>(admin.post('/organisations', { name: 'Veilig Thuis Proef', kind: 'veilig_thuis' }));
    const user = { email: 'team@test.nl', name: 'Team', password: 'a-long-test-password' };
    const invalid = async (body: object) => (await problemOf(await admin.post('/users', { ...user, ...body }))).invalidParams?.map((p) => p.name);
    expect(await invalid({ role: 'crisis_worker' })).toEqual(['body.organisationId']);
    expect(await invalid({ role: 'crisis_worker', organisationId: shelter.id })).toEqual(['body.organisationId']);
    expect(await invalid({ role: 'shelter_staff', organisationId: team.id })).toEqual(['body.organisationId']);
    const worker = await created<{ id: string; organisationId: string }>(admin.post('/users', { ...user, role: 'crisis_worker', organisationId: team.id }));
    expect(worker.organisationId).toBe(team.id);
    // Moved to a shelter's staff: a team is no shelter, so a shelter must be named.
    expect((await problemOf(await admin.patch(`/users/${worker.id}`, { role: 'shelter_staff' }))).invalidParams?.map((p) => p.name)).toEqual([
      'body.organisationId',
    ]);
    expect(await (await admin.patch(`/users/${worker.id}`, { role: 'shelter_staff', organisationId: shelter.id })).json()).toMatchObject({
      organisationId: shelter.id,
    });
    // A team has no locations (its members would hold their own places).
    const location = await problemOf(
      await admin.post('/locations', {
        organisationId: team.id,
        name: 'Geen opvang',
        municipalityCode: 'GM0344',
        serves: 'women',
        street: 'Proefstraat 1',
        postalCode: '3511 AB',
        city: 'Utrecht',
        intakePhone: '030 123 45 67',
      }),
    );
    expect(location.invalidParams?.map((p) => p.name)).toEqual(['body.organisationId']);
  });

  it('disabled cannot log in; enabled again they can', async () => {
    const user = await created<{ id: string }>(admin.post('/users', { email: 'uit@test.nl', name: 'Uit', role: 'analyst', password: 'a-long-test-password' }));
    await loginAs(t.app, 'uit@test.nl', 'a-long-test-password');
    expect(await (await admin.patch(`/users/${user.id}`, { disabled: true })).json()).toMatchObject({ disabled: true });
    await expect(loginAs(t.app, 'uit@test.nl', 'a-long-test-password')).rejects.toThrow(/401/);
    expect(await (await admin.patch(`/users/${user.id}`, { disabled: false })).json()).toMatchObject({ disabled: false });
    await loginAs(t.app, 'uit@test.nl', 'a-long-test-password');
  });

  it('with an email address already in use is a 409', async () => {
    const response = await admin.post('/users', { email: DEMO.crisis, name: 'Dubbel', role: 'analyst', password: 'a-long-test-password' });
    expect(response.status).toBe(409);
  });
});

describe('audit log', () => {
  it('records who made what, newest first', async () => {
    const organisation = await newOrganisation('Stichting Spoor');
    const body = await (await admin.get('/audit-log?action=organisation.created&pageSize=1')).json();
    expect(body.items[0]).toMatchObject({
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: organisation.id,
      actor: { email: DEMO.admin },
    });
  });
});
