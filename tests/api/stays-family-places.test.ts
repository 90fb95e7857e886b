import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, loginAs } from '../helpers/client.ts';
import { insertUser, testName } from '../helpers/factories.ts';

// Family places and beds per 10,000 inhabitants beside the Istanbul norm, through the API: the figure
// of a region whose every municipality has a population is the hand computation; a region with one
// municipality missing gets no rate (never one from a partial sum), and neither does the nation.

const PASSWORD = 'a-long-test-password';
const DAY = '2026-06-02';
// Flevoland (VR25): its six municipalities, with populations made up for the test.
const FLEVOLAND = { GM0034: 200_000, GM0050: 20_000, GM0171: 40_000, GM0184: 20_000, GM0303: 40_000, GM0995: 80_000 };
// Drenthe (VR03): every municipality but Assen.
const DRENTHE = ['GM0109', 'GM0114', 'GM0118', 'GM0119', 'GM1680', 'GM1681', 'GM1690', 'GM1699', 'GM1701', 'GM1730', 'GM1731'];

let t: TestApp;
let analyst: Client;

async function insertLocation(municipality: string, region: string) {
  const { id: organisationId } = await t.db
    .insertInto('organisations')
    .values({ name: `Opvang ${testName()}`, kind: 'vrouwenopvang' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (
    await t.db
      .insertInto('locations')
      .values({
        organisation_id: organisationId,
        name: `Huis ${testName()}`,
        municipality_code: municipality,
        region_scheme: 'veiligheidsregio',
        region_code: region,
        serves: 'women',
        street_address: 'Teststraat 1',
        postal_code: '1234 AB',
        city: 'Test',
        intake_phone: '088 123 4567',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

async function insertPlaces(locationId: string, kind: 'bed' | 'family_unit', count: number, beds: number) {
  for (let i = 0; i < count; i++) {
    const { id } = await t.db
      .insertInto('places')
      .values({
        location_id: locationId,
        label: `Plek ${testName()}`,
        kind,
        beds,
        max_adults: kind === 'bed' ? 1 : 2,
        max_children: kind === 'bed' ? 0 : 3,
        accessibility: 'none',
        status: 'available',
        unavailable_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('place_events')
      .values({ place_id: id, occurred_at: new Date('2026-05-31T12:00:00Z'), type: 'registered', status: 'available', version: 1 })
      .execute();
  }
}

beforeAll(async () => {
  t = await createTestApp('migrated');
  const user = await insertUser(t.db, { role: 'analyst', passwordHash: await hashPassword(PASSWORD) });
  analyst = await loginAs(t.app, user.email, PASSWORD);
  // The test's own populations, whatever the shipped table holds.
  await t.db.deleteFrom('municipality_populations').execute();
  await t.db
    .insertInto('municipality_populations')
    .values([
      ...Object.entries(FLEVOLAND).map(([code, population]) => ({ municipality_code: code, year: 2024, population, source: 'test' })),
      ...DRENTHE.map((code) => ({ municipality_code: code, year: 2024, population: 30_000, source: 'test' })),
    ])
    .execute();
  // Flevoland: 3 family units of 4 beds and 2 single beds; Drenthe: 1 family unit of 3 beds.
  const almere = await insertLocation('GM0034', 'VR25');
  await insertPlaces(almere, 'family_unit', 3, 4);
  await insertPlaces(almere, 'bed', 2, 1);
  await insertPlaces(await insertLocation('GM0114', 'VR03'), 'family_unit', 1, 3);
  await closeDays(t.db, { through: '2026-06-03', freshnessHours: 24 * 90 });
});
afterAll(() => t.drop());

const rowOf = (body: { rows: Array<{ regionCode: string }> }, code: string) => body.rows.find((r) => r.regionCode === code);

describe('GET /statistics/family-places', () => {
  it('gives a complete region its places per 10,000 inhabitants beside the norm, as worked out by hand', async () => {
    const response = await analyst.get(`/statistics/family-places?to=${DAY}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    // 400,000 inhabitants: the norm asks 40 family places; 3 are there, 37 short. 14 beds.
    expect(rowOf(body, 'VR25')).toEqual({
      day: DAY,
      regionCode: 'VR25',
      regionName: 'Flevoland',
      municipalities: 6,
      municipalitiesWithoutPopulation: 0,
      populationYear: 2024,
      population: 400_000,
      familyPlaces: 3,
      beds: 14,
      familyPlacesPer10000: 0.08, // 3 / 400,000 × 10,000 = 0.075
      bedsPer10000: 0.35,
      normPer10000: 1,
      normPlaces: 40,
      gap: 37,
    });
  });

  it('gives no rate for a region with a municipality without a population, nor for the nation', async () => {
    const body = await (await analyst.get(`/statistics/family-places?to=${DAY}`)).json();
    expect(rowOf(body, 'VR03')).toMatchObject({
      municipalities: 12,
      municipalitiesWithoutPopulation: 1,
      population: null,
      familyPlaces: 1,
      beds: 3,
      familyPlacesPer10000: null,
      bedsPer10000: null,
      normPlaces: null,
      gap: null,
    });
    expect(rowOf(body, 'NL')).toMatchObject({ municipalities: 342, population: null, familyPlaces: 4, beds: 17, familyPlacesPer10000: null });
    expect(body.rows.at(-1).regionCode).toBe('NL');
    expect(body.rows).toHaveLength(26);
  });

  it('counts places on the last closed day on or before to, for the regions asked', async () => {
    const body = await (await analyst.get('/statistics/family-places?to=2030-01-01&regionCodes=VR25')).json();
    expect(body.rows.map((r: { regionCode: string; day: string }) => [r.regionCode, r.day])).toEqual([
      ['VR25', '2026-06-03'],
      ['NL', '2026-06-03'],
    ]);
  });

  it('gives the same rows as CSV', async () => {
    const response = await analyst.request(`/statistics/family-places?to=${DAY}&regionCodes=VR25`, { headers: { accept: 'text/csv' } });
    expect(response.status).toBe(200);
    const [header, vr25] = (await response.text()).trim().split('\r\n');
    expect(header).toContain('population,familyPlaces,beds,familyPlacesPer10000,bedsPer10000,normPer10000,normPlaces,gap');
    expect(vr25).toContain('VR25,Flevoland,6,0,2024,400000,3,14,0.08,0.35,1,40,37');
  });

  it('refuses bad input with 400 naming the field', async () => {
    for (const [query, field] of [
      ['to=2026-13-45', 'query.to'],
      ['regionCodes=VR99', 'query.regionCodes'],
      ['scheme=nope', 'query.scheme'],
    ] as const) {
      const response = await analyst.get(`/statistics/family-places?${query}`);
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).invalidParams?.map((p) => p.name)).toContain(field);
    }
  });
});
