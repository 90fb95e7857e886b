import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PlaceStatus } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';

// Data-quality flags and explanations (issue 16) against the demo: places with a made-up past in
// Utrecht (VR09), the third quarter of 2026 closed by the rollups, then asked for by every role.

let t: TestApp;
let region: Client;
let staff: Client;
let otherStaff: Client;
let otherRegion: Client;
let locationId: string;
const placeIds: string[] = [];
const Q3 = 'from=2026-07-01&to=2026-09-30';

const at = (day: string) => new Date(`${day}T10:00:00+02:00`);

async function placeWithHistory(location: string, events: Array<{ type: 'registered' | 'confirmed' | 'status_changed'; status: PlaceStatus; at: Date }>) {
  const last = events.at(-1)!;
  const place = await t.db
    .insertInto('places')
    .values({
      location_id: location,
      label: 'Bed oud',
      kind: 'bed',
      beds: 1,
      max_adults: 1,
      max_children: 0,
      accessibility: 'none',
      status: last.status,
      unavailable_reason: last.status === 'unavailable' ? 'maintenance' : null,
      version: events.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('place_events')
    .values(
      events.map((e, i) => ({
        place_id: place.id,
        occurred_at: e.at,
        type: e.type,
        status: e.status,
        unavailable_reason: e.status === 'unavailable' ? 'maintenance' : null,
        version: i + 1,
      })),
    )
    .execute();
  placeIds.push(place.id);
}

beforeAll(async () => {
  t = await createTestApp('demo');
  const shelter = await t.db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
  ({ id: locationId } = await t.db
    .selectFrom('locations')
    .select('id')
    .where('organisation_id', '=', shelter.organisation_id!)
    .where('region_code', '=', 'VR09')
    .orderBy('id')
    .executeTakeFirstOrThrow());
  // Never confirmed since June, never changed: stale most of the quarter, unchanged for months.
  await placeWithHistory(locationId, [{ type: 'registered', status: 'available', at: at('2026-06-01') }]);
  // Out of use the whole quarter, confirmed every day: long unavailability, not staleness.
  const days = Array.from({ length: 92 }, (_, i) => new Date(Date.parse('2026-07-01T10:00:00+02:00') + i * 86_400_000));
  await placeWithHistory(locationId, [
    { type: 'registered', status: 'unavailable', at: at('2026-06-30') },
    ...days.map((day) => ({ type: 'confirmed' as const, status: 'unavailable' as const, at: day })),
  ]);
  // Two households left the first place in the quarter: one to their own home, one untold.
  await t.db
    .insertInto('stays')
    .values([
      {
        place_id: placeIds[0]!,
        began_by: 'intake',
        started_at: at('2026-07-02'),
        ended_at: at('2026-07-20'),
        adults: 1,
        child_ages: [],
        child_sexes: [],
        exit_destination: 'own_housing',
      },
      {
        place_id: placeIds[0]!,
        began_by: 'intake',
        started_at: at('2026-08-02'),
        ended_at: at('2026-08-20'),
        adults: 1,
        child_ages: [],
        child_sexes: [],
        exit_destination: 'unknown',
      },
    ])
    .execute();
  // The quarter closes: the rollups' days up to its last.
  await closeDays(t.db, { through: '2026-09-30', freshnessHours: 24 });

  const password = 'een-lang-wachtwoord-voor-tests';
  const officer = await insertUser(t.db, { role: 'region_officer', regionCode: 'VR13', passwordHash: await hashPassword(password) });
  [region, staff, otherStaff, otherRegion] = await Promise.all([
    loginAs(t.app, DEMO.region),
    loginAs(t.app, DEMO.shelter),
    loginAs(t.app, DEMO.shelter2),
    loginAs(t.app, officer.email, password),
  ]);
}, 120_000);
afterAll(() => t.drop());

interface Flags {
  locations: Array<{ ruleId: string; locationId: string; value: number }>;
  regions: Array<{ ruleId: string; regionCode: string; flaggedLocations: number }>;
  explanations: Array<{ id: string; locationId: string | null; text: string }>;
}
const flagsOf = async (client: Client, query = Q3): Promise<Flags> => {
  const response = await client.get(`/quality/flags?${query}`);
  expect(response.status).toBe(200);
  return response.json();
};
const rulesAt = (flags: Flags, location: string) =>
  flags.locations
    .filter((f) => f.locationId === location)
    .map((f) => f.ruleId)
    .sort();

describe('flags', () => {
  it("are raised per location by the rule that measures them, for the region officer and the location's own shelter", async () => {
    const seen = await flagsOf(region);
    expect(rulesAt(seen, locationId)).toEqual(expect.arrayContaining(['long_unavailable', 'status_unchanged', 'unconfirmed']));
    expect(seen.locations.find((f) => f.locationId === locationId && f.ruleId === 'long_unavailable')!.value).toBeGreaterThanOrEqual(90);
    // Only the stay that ended without a destination counts.
    expect(seen.locations.find((f) => f.locationId === locationId && f.ruleId === 'stays_without_destination')!.value).toBe(1);
    expect(seen.regions.find((r) => r.regionCode === 'VR09' && r.ruleId === 'unconfirmed')!.flaggedLocations).toBeGreaterThanOrEqual(1);
    expect(rulesAt(await flagsOf(staff), locationId)).toEqual(rulesAt(seen, locationId));
  });

  it("stay inside the asker's scope: another region's officer and another shelter see none of them", async () => {
    expect(rulesAt(await flagsOf(otherRegion), locationId)).toEqual([]);
    expect(rulesAt(await flagsOf(otherStaff), locationId)).toEqual([]);
    // Asking for another region narrows the own one: nothing.
    expect((await flagsOf(region, `${Q3}&regionCode=VR13`)).locations).toEqual([]);
    expect((await flagsOf(otherRegion)).regions.every((r) => r.regionCode === 'VR13')).toBe(true);
  });

  it('never carry a place, an address or an intake phone to the region officer', async () => {
    const text = await (await region.get(`/quality/flags?${Q3}`)).text();
    const location = await t.db
      .selectFrom('locations')
      .select(['street_address', 'postal_code', 'intake_phone'])
      .where('id', '=', locationId)
      .executeTakeFirstOrThrow();
    for (const secret of [location.street_address, location.postal_code, location.intake_phone, ...placeIds]) expect(text).not.toContain(secret);
  });

  it('refuse a bad period naming the field', async () => {
    const response = await region.get('/quality/flags?from=2026-09-30&to=2026-07-01');
    expect(response.status).toBe(400);
    expect((await response.json()).invalidParams[0].name).toBe('query.to');
    expect((await region.get('/quality/flags?from=2026-07-01')).status).toBe(400);
  });
});

describe('explanations', () => {
  const body = {
    locationId: '',
    ruleId: 'long_unavailable',
    periodStart: '2026-07-01',
    periodEnd: '2026-09-30',
    reason: 'building_works',
    text: 'Verbouwing van de badkamer',
  };

  it("the shelter explains its own location's flag; the region officer sees it; the audit log keeps no text", async () => {
    const response = await staff.post('/quality/explanations', { ...body, locationId });
    expect(response.status).toBe(201);
    const stored = await response.json();
    expect(stored).toMatchObject({ locationId, ruleId: 'long_unavailable', reason: 'building_works', text: body.text, regionCode: 'VR09' });
    expect((await flagsOf(region)).explanations.map((e) => e.id)).toContain(stored.id);
    const entry = await t.db.selectFrom('audit_log').select('detail').where('subject_id', '=', stored.id).executeTakeFirstOrThrow();
    expect(entry.detail).toEqual({ reason: 'building_works', ruleId: 'long_unavailable', locationId, regionCode: 'VR09' });
    expect((await flagsOf(otherRegion)).explanations.map((e) => e.id)).not.toContain(stored.id);
  });

  it('the region officer explains a period of the whole region', async () => {
    const response = await region.post('/quality/explanations', {
      regionCode: 'VR09',
      periodStart: '2026-07-01',
      periodEnd: '2026-09-30',
      reason: 'policy_change',
      text: 'Nieuwe afspraken met de opvang',
    });
    expect(response.status).toBe(201);
    expect((await response.json()).locationId).toBeNull();
  });

  it('refuses another shelter, another region, a shelter explaining a region, and personal data in the text', async () => {
    const refused = await Promise.all([
      otherStaff.post('/quality/explanations', { ...body, locationId }),
      otherRegion.post('/quality/explanations', { ...body, locationId }),
      otherRegion.post('/quality/explanations', { ...body, locationId: undefined, regionCode: 'VR09' }),
      staff.post('/quality/explanations', { ...body, locationId: undefined, regionCode: 'VR09' }),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    const bsn = await staff.post('/quality/explanations', { ...body, locationId, text: 'Bewoner 111222333 bleef langer' });
    expect(bsn.status).toBe(400);
    expect((await bsn.json()).invalidParams.map((p: { name: string }) => p.name)).toEqual(['body.text']);
    const unknown = await region.post('/quality/explanations', { ...body, locationId: undefined, regionCode: 'VR99' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).invalidParams[0].name).toBe('body.regionCode');
  });
});
