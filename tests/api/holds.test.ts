import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newAccount } from '../helpers/accounts.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

let t: TestApp;
let crisis: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp('demo', { holds: { minutes: 60, extendMinutes: 30, maxActive: 3 } });
  [crisis, admin] = await Promise.all([loginAs(t.app, DEMO.crisis), loginAs(t.app, DEMO.admin)]);
});
afterAll(() => t.drop());

const FAMILY = {
  originRegion: 'VR13',
  household: {
    adults: [{ gender: 'female' }],
    children: [
      { age: 14, sex: 'male' },
      { age: 6, sex: 'female' },
    ],
  },
  needs: { accessibility: 'none', pet: true },
  avoidRegions: ['VR13'],
  preferRegions: ['VR09'],
  urgency: 'now',
};

async function newRequest(body: object = FAMILY) {
  const response = await crisis.post('/placement-requests', body);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; status: string };
}

/** Shelter staff of the organisation that runs `placeId`. */
async function shelterOf(placeId: string): Promise<Client> {
  const row = await t.db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select('locations.organisation_id')
    .where('places.id', '=', placeId)
    .executeTakeFirstOrThrow();
  const email = `staff-${row.organisation_id}@test.nl`;
  await admin.post('/users', { email, name: 'Test staff', role: 'shelter_staff', organisationId: row.organisation_id, password: 'a-long-test-password' });
  return loginAs(t.app, email, 'a-long-test-password');
}

describe('placement requests', () => {
  it('records a household by composition only and refuses personal data', async () => {
    const request = await newRequest();
    expect(request.status).toBe('open');
    for (const extra of [{ name: 'Anna' }, { bsn: '123456782' }, { address: 'Kerkpad 1' }]) {
      const response = await crisis.post('/placement-requests', { ...FAMILY, ...extra });
      expect(response.status).toBe(400);
    }
    const child = await crisis.post('/placement-requests', {
      ...FAMILY,
      household: { adults: [{ gender: 'female' }], children: [{ age: 3, sex: 'male', birthDate: '2023-01-01' }] },
    });
    expect((await problemOf(child)).invalidParams?.[0]?.name).toMatch(/^body\.household\.children\.0/);
  });

  it('finds fitting places, preferred regions first, never in an avoided region, with near misses explained', async () => {
    const request = await newRequest();
    const body = await (await crisis.get(`/placement-requests/${request.id}/matches`)).json();
    expect(body.matches.length).toBeGreaterThan(0);
    for (const place of body.matches) {
      expect(place.status).toBe('available');
      expect(place.stale).toBe(false);
      expect(place.location.region.code).not.toBe('VR13');
      expect(place.kind).toBe('family_unit');
      expect(place.petsAllowed).toBe(true);
      expect(place.maxBoyAge === null || place.maxBoyAge >= 14).toBe(true);
    }
    const preferredFlags = body.matches.map((p: { preferredRegion: boolean }) => p.preferredRegion);
    expect(preferredFlags).toEqual([...preferredFlags].sort((a, b) => Number(b) - Number(a)));
    const boyMiss = body.nearMisses.find((m: { rule: string }) => m.rule === 'boyAge')?.places[0];
    if (boyMiss) expect(boyMiss.failure.message).toBe(`sons up to ${boyMiss.place.maxBoyAge}; this household has a son of 14`);
    expect(JSON.stringify(body)).not.toMatch(/street|postal|intake/i);
  });

  it('pages the matches, best first, with the total that fits', async () => {
    const request = await newRequest();
    const all = await (await crisis.get(`/placement-requests/${request.id}/matches?pageSize=500`)).json();
    expect(all.page.totalItems).toBe(all.matches.length);
    expect(all.matches.length).toBeGreaterThan(3);
    const second = await (await crisis.get(`/placement-requests/${request.id}/matches?page=2&pageSize=2`)).json();
    expect(second.page).toEqual({ number: 2, size: 2, totalItems: all.page.totalItems, totalPages: Math.ceil(all.page.totalItems / 2) });
    expect(second.matches.map((p: { id: string }) => p.id)).toEqual(all.matches.slice(2, 4).map((p: { id: string }) => p.id));
    const bad = await crisis.get(`/placement-requests/${request.id}/matches?pageSize=0`);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).invalidParams?.[0]?.name).toBe('query.pageSize');
  });
});

describe('holds', () => {
  it('holds the best match, shows the intake phone, and the shelter accepts: placed and occupied', async () => {
    const request = await newRequest();
    const { matches } = await (await crisis.get(`/placement-requests/${request.id}/matches`)).json();
    const placeId = matches[0].id;
    const held = await crisis.post('/holds', { requestId: request.id, placeId });
    expect(held.status).toBe(201);
    const hold = await held.json();
    expect(hold.status).toBe('active');
    expect(hold.intakePhone).toMatch(/^088 /);
    expect(JSON.stringify(hold)).not.toMatch(/street|postal/i);
    const minutes = (Date.parse(hold.expiresAt) - Date.parse(hold.createdAt)) / 60_000;
    expect(Math.round(minutes)).toBe(60);
    expect((await (await crisis.get(`/places/${placeId}`)).json()).status).toBe('held');

    const shelter = await shelterOf(placeId);
    const incoming = await (await shelter.get('/holds?status=active')).json();
    const seen = incoming.items.find((h: { id: string }) => h.id === hold.id);
    expect(seen.household.children).toEqual([
      { age: 14, sex: 'male' },
      { age: 6, sex: 'female' },
    ]);
    expect(seen.intakePhone).toBeNull();
    const accepted = await shelter.patch(`/holds/${hold.id}`, { action: 'accept' });
    expect(accepted.status).toBe(200);
    expect((await (await crisis.get(`/places/${placeId}`)).json()).status).toBe('occupied');
    const closed = await (await crisis.get(`/placement-requests/${request.id}`)).json();
    expect(closed).toMatchObject({ status: 'placed', placedPlaceId: placeId });
  });

  it('refuses a second hold on the same place, a place that does not fit, and a second hold for one request', async () => {
    const [a, b] = [await newRequest(), await newRequest()];
    const { matches } = await (await crisis.get(`/placement-requests/${a.id}/matches`)).json();
    const first = await crisis.post('/holds', { requestId: a.id, placeId: matches[0].id });
    expect(first.status).toBe(201);
    expect((await crisis.post('/holds', { requestId: b.id, placeId: matches[0].id })).status).toBe(409);
    expect((await crisis.post('/holds', { requestId: a.id, placeId: matches[1].id })).status).toBe(409);
    const bed = await t.db.selectFrom('places').select('id').where('kind', '=', 'bed').where('status', '=', 'available').limit(1).executeTakeFirstOrThrow();
    const misfit = await problemOf(await crisis.post('/holds', { requestId: b.id, placeId: bed.id }));
    expect(misfit.title).toBe('Does not fit');
    const { id } = await first.json();
    expect((await crisis.patch(`/holds/${id}`, { action: 'release' })).status).toBe(200);
  });

  it("lets the hold's team extend and release it (a colleague too; another team: 403, audited), and an admin release it", async () => {
    const request = await newRequest();
    const { matches } = await (await crisis.get(`/placement-requests/${request.id}/matches`)).json();
    const { id } = await (await crisis.post('/holds', { requestId: request.id, placeId: matches[0].id })).json();
    const otherTeam = await newAccount(t.app, admin, 'crisis_worker');
    for (const action of ['extend', 'release']) {
      const refused = await problemOf(await otherTeam.patch(`/holds/${id}`, { action }));
      expect(refused.status).toBe(403);
      expect(refused.detail).toBe('This belongs to another crisis team.');
    }
    const hold = await t.db.selectFrom('holds').select(['status', 'extended']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(hold).toEqual({ status: 'active', extended: false });
    const refusals = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'access.refused')
      .where(sql<boolean>`detail->>'path' = ${`/api/v1/holds/${id}`}`)
      .execute();
    expect(refusals).toHaveLength(2);
    // Shift change: a colleague of the same team takes the case over.
    const { organisation_id: team } = await t.db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.crisis).executeTakeFirstOrThrow();
    const colleague = await newAccount(t.app, admin, 'crisis_worker', team);
    expect(await (await colleague.patch(`/holds/${id}`, { action: 'extend' })).json()).toMatchObject({ extended: true });
    expect((await admin.patch(`/holds/${id}`, { action: 'release' })).status).toBe(200);
  });

  it('extends once, declines with a reason, and limits active holds per worker', async () => {
    const requests = await Promise.all([newRequest(), newRequest(), newRequest(), newRequest()]);
    const { matches } = await (await crisis.get(`/placement-requests/${requests[0]!.id}/matches`)).json();
    const holds = [];
    for (let i = 0; i < 3; i++) holds.push(await (await crisis.post('/holds', { requestId: requests[i]!.id, placeId: matches[i].id })).json());
    const hoarding = await problemOf(await crisis.post('/holds', { requestId: requests[3]!.id, placeId: matches[3].id }));
    expect(hoarding.title).toBe('Too many holds');

    const extended = await (await crisis.patch(`/holds/${holds[0].id}`, { action: 'extend' })).json();
    expect(Date.parse(extended.expiresAt) - Date.parse(holds[0].expiresAt)).toBe(30 * 60_000);
    expect((await crisis.patch(`/holds/${holds[0].id}`, { action: 'extend' })).status).toBe(409);

    const shelter = await shelterOf(matches[1].id);
    expect((await problemOf(await shelter.patch(`/holds/${holds[1].id}`, { action: 'decline' }))).invalidParams?.[0]?.name).toBe('body.reason');
    expect((await shelter.patch(`/holds/${holds[1].id}`, { action: 'decline', reason: 'no_staff' })).status).toBe(200);
    expect((await (await crisis.get(`/places/${matches[1].id}`)).json()).status).toBe('available');
    expect((await crisis.patch(`/holds/${holds[0].id}`, { action: 'accept' })).status).toBe(403);
    for (const hold of [holds[0], holds[2]]) await crisis.patch(`/holds/${hold.id}`, { action: 'release' });
  });

  it('expires holds on time and frees the place', async () => {
    const request = await newRequest();
    const { matches } = await (await crisis.get(`/placement-requests/${request.id}/matches`)).json();
    const hold = await (await crisis.post('/holds', { requestId: request.id, placeId: matches[0].id })).json();
    await sql`UPDATE holds SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' WHERE id = ${hold.id}`.execute(t.db);
    const { expireDueHolds } = await import('../../server/holds/hold-changes.ts');
    expect(await expireDueHolds(t.db)).toBe(1);
    expect((await (await crisis.get(`/holds/${hold.id}`)).json()).status).toBe('expired');
    expect((await (await crisis.get(`/places/${matches[0].id}`)).json()).status).toBe('available');
  });

  it('closes a request as no_place with a reason, or withdrawn', async () => {
    const request = await newRequest();
    expect((await problemOf(await crisis.patch(`/placement-requests/${request.id}`, { status: 'no_place' }))).invalidParams?.[0]?.name).toBe('body.reason');
    const closed = await (await crisis.patch(`/placement-requests/${request.id}`, { status: 'no_place', reason: 'no_fitting_place' })).json();
    expect(closed).toMatchObject({ status: 'no_place', outcomeReason: 'no_fitting_place' });
    expect((await crisis.patch(`/placement-requests/${request.id}`, { status: 'withdrawn' })).status).toBe(409);
  });
});
