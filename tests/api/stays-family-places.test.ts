import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, loginAs } from '../helpers/client.ts';
import { insertUser, testName } from '../helpers/factories.ts';
import { insertLocationIn, insertShelterOrganisation } from '../helpers/region-locations.ts';

// Family places and beds per 10,000 inhabitants beside the Istanbul norm, through the API: the figure
// of a region whose every municipality has a population is the hand computation; a region with one
// municipality missing gets no rate (never one from a partial sum), and neither does the nation. The
// table holds figures of several years: the reference year is the one most rows have, and a
// municipality without a figure of it counts with the nearest year's (a tie: the later).

const PASSWORD = 'a-long-test-password';
const DAY = '2026-06-02';
// Flevoland (VR25): its six municipalities, with populations made up for the test.
const FLEVOLAND = { GM0034: 200_000, GM0050: 20_000, GM0171: 40_000, GM0184: 20_000, GM0303: 40_000, GM0995: 80_000 };
// Drenthe (VR03): every municipality but Assen.
const DRENTHE = ['GM0109', 'GM0114', 'GM0118', 'GM0119', 'GM1680', 'GM1681', 'GM1690', 'GM1699', 'GM1701', 'GM1730', 'GM1731'];
// Gooi en Vechtstreek (VR14): figures of mixed years. 19 rows of 2024 in all, 3 of 2025: 2024 stays the
// reference year although 2025 is the latest.
const GOOI = [
  { municipality_code: 'GM0376', year: 2024, population: 10_000 }, // Blaricum: the reference year's, not 2025's
  { municipality_code: 'GM0376', year: 2025, population: 99_999 },
  { municipality_code: 'GM0402', year: 2025, population: 90_000 }, // Hilversum: only 2025
  { municipality_code: 'GM0406', year: 2023, population: 40_000 }, // Huizen: 2023 and 2025 as near, the later
  { municipality_code: 'GM0406', year: 2025, population: 41_000 },
  { municipality_code: 'GM0417', year: 2021, population: 11_000 }, // Laren: only 2021
  { municipality_code: 'GM1696', year: 2021, population: 18_000 }, // Wijdemeren: 2022 is nearer
  { municipality_code: 'GM1696', year: 2022, population: 24_000 },
  { municipality_code: 'GM1942', year: 2024, population: 59_000 }, // Gooise Meren
];
// Zaanstreek-Waterland (VR11): every municipality but Zaanstad has a figure of 2022; Zaanstad none of any year.
const ZAANSTREEK = ['GM0385', 'GM0415', 'GM0431', 'GM0439', 'GM0852', 'GM0880'];

let t: TestApp;
let analyst: Client;

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
      ...GOOI.map((figure) => ({ ...figure, source: 'test' })),
      ...ZAANSTREEK.map((code) => ({ municipality_code: code, year: 2022, population: 20_000, source: 'test' })),
    ])
    .execute();
  // Flevoland: 3 family units of 4 beds and 2 single beds; Drenthe: 1 family unit of 3 beds.
  const organisation = await insertShelterOrganisation(t.db, `Opvang ${testName()}`);
  const almere = await insertLocationIn(t.db, organisation, 'VR25', 'GM0034');
  await insertPlaces(almere, 'family_unit', 3, 4);
  await insertPlaces(almere, 'bed', 2, 1);
  await insertPlaces(await insertLocationIn(t.db, organisation, 'VR03', 'GM0114'), 'family_unit', 1, 3);
  // Gooi en Vechtstreek: 2 family units of 4 beds.
  await insertPlaces(await insertLocationIn(t.db, organisation, 'VR14', 'GM0402'), 'family_unit', 2, 4);
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
      municipalitiesOtherYear: 0,
      populationYearsOther: [],
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

  it('counts a municipality without a figure of the reference year with the nearest year (a tie: the later), as worked out by hand', async () => {
    const body = await (await analyst.get(`/statistics/family-places?to=${DAY}`)).json();
    // Blaricum 10,000 (2024) + Hilversum 90,000 (2025) + Huizen 41,000 (2025, not 2023) + Laren 11,000
    // (2021) + Wijdemeren 24,000 (2022) + Gooise Meren 59,000 (2024) = 235,000: the norm asks 23.5.
    expect(rowOf(body, 'VR14')).toEqual({
      day: DAY,
      regionCode: 'VR14',
      regionName: 'Gooi en Vechtstreek',
      municipalities: 6,
      municipalitiesWithoutPopulation: 0,
      populationYear: 2024,
      municipalitiesOtherYear: 4,
      populationYearsOther: [2021, 2022, 2025],
      population: 235_000,
      familyPlaces: 2,
      beds: 8,
      familyPlacesPer10000: 0.09, // 2 / 235,000 × 10,000 = 0.0851
      bedsPer10000: 0.34, // 8 / 235,000 × 10,000 = 0.3404
      normPer10000: 1,
      normPlaces: 23.5,
      gap: 21.5,
    });
  });

  it('gives no rate for a region where one municipality has no figure of any year', async () => {
    const body = await (await analyst.get(`/statistics/family-places?to=${DAY}`)).json();
    expect(rowOf(body, 'VR11')).toMatchObject({
      municipalities: 7,
      municipalitiesWithoutPopulation: 1,
      populationYear: 2024,
      municipalitiesOtherYear: 6,
      populationYearsOther: [2022],
      population: null,
      familyPlacesPer10000: null,
      normPlaces: null,
    });
  });

  it('takes as reference year the year most figures have, not the latest', async () => {
    const latest = async () => rowOf(await (await analyst.get(`/statistics/family-places?to=${DAY}&regionCodes=VR25`)).json(), 'VR25');
    expect(await latest()).toMatchObject({ populationYear: 2024, municipalitiesOtherYear: 0, population: 400_000 });
    // 2025 figures for Flevoland and Drenthe: 20 rows of 2025 against 19 of 2024, so 2025 becomes the reference year.
    const added = [...Object.keys(FLEVOLAND), ...DRENTHE].map((code) => ({ municipality_code: code, year: 2025, population: 10_000, source: 'test' }));
    await t.db.insertInto('municipality_populations').values(added).execute();
    try {
      expect(await latest()).toMatchObject({ populationYear: 2025, municipalitiesOtherYear: 0, populationYearsOther: [], population: 60_000 });
      const gooi = rowOf(await (await analyst.get(`/statistics/family-places?to=${DAY}&regionCodes=VR14`)).json(), 'VR14');
      // Now Blaricum counts with 2025 (99,999), Gooise Meren with 2024, Huizen with 2025, Laren 2021, Wijdemeren 2022.
      expect(gooi).toMatchObject({ populationYear: 2025, municipalitiesOtherYear: 3, populationYearsOther: [2021, 2022, 2024], population: 324_999 });
    } finally {
      await t.db
        .deleteFrom('municipality_populations')
        .where('year', '=', 2025)
        .where(
          'municipality_code',
          'in',
          added.map((a) => a.municipality_code),
        )
        .execute();
    }
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
    expect(rowOf(body, 'NL')).toMatchObject({
      municipalities: 342,
      municipalitiesOtherYear: 10,
      populationYearsOther: [2021, 2022, 2025],
      population: null,
      familyPlaces: 6,
      beds: 25,
      familyPlacesPer10000: null,
    });
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
    expect(header).toContain(
      'populationYear,municipalitiesOtherYear,populationYearsOther,population,familyPlaces,beds,familyPlacesPer10000,bedsPer10000,normPer10000,normPlaces,gap',
    );
    expect(vr25).toContain('VR25,Flevoland,6,0,2024,0,[],400000,3,14,0.08,0.35,1,40,37');
  });

  it('gives the other years as a JSON array, under Dutch column names in the spreadsheet dialect', async () => {
    const response = await analyst.request(`/statistics/family-places?to=${DAY}&regionCodes=VR14&format=csv-nl`);
    const [header, vr14] = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toContain('jaar_inwonertal;gemeenten_ander_jaar;andere_jaren_inwonertal;inwoners');
    expect(vr14).toContain('VR14;Gooi en Vechtstreek;6;0;2024;4;[2021,2022,2025];235000;2;8;0,09;0,34;1;23,5;21,5');
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
