import { afterAll, beforeAll, expect, it } from 'vitest';

import { readMunicipalities } from '../../db/seed/municipalities.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The shipped municipality data (db/seed/data/gemeenten-2026.csv): every CBS gemeente of 2026, each
// in one veiligheidsregio, with a centroid that is plausibly its own.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

const rad = Math.PI / 180;
const km = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) =>
  2 *
  6371 *
  Math.asin(
    Math.sqrt(
      Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
        Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2,
    ),
  );

it("ships all 342 municipalities of 2026, unique codes, each in one of the 25 veiligheidsregio's, inside the Netherlands", () => {
  const all = readMunicipalities();
  expect(all).toHaveLength(342);
  expect(new Set(all.map((m) => m.code)).size).toBe(342);
  expect(new Set(all.map((m) => m.regionCode)).size).toBe(25);
  for (const m of all) {
    expect(m.code).toMatch(/^GM\d{4}$/);
    expect(m.regionCode).toMatch(/^VR(0[1-9]|1\d|2[0-5])$/);
    expect(m.latitude, m.name).toBeGreaterThan(50.7);
    expect(m.latitude, m.name).toBeLessThan(53.6);
    expect(m.longitude, m.name).toBeGreaterThan(3.3);
    expect(m.longitude, m.name).toBeLessThan(7.3);
  }
});

it('puts every centroid within 25 km of another municipality of its own region (a swapped or mistyped centroid is not)', () => {
  const all = readMunicipalities();
  for (const m of all) {
    const nearest = Math.min(...all.filter((o) => o !== m && o.regionCode === m.regionCode).map((o) => km(m, o)));
    expect(nearest, `${m.code} ${m.name}`).toBeLessThan(25);
  }
});

it('agrees with known distances between centroids (second source: the towns on a map)', () => {
  const by = new Map(readMunicipalities().map((m) => [m.name, m]));
  const cases: Array<[string, string, number, number]> = [
    ['Amsterdam', 'Haarlem', 15, 21],
    ['Amsterdam', 'Alkmaar', 27, 36],
    ['Amsterdam', 'Maastricht', 160, 185],
    ['Groningen', 'Leeuwarden', 45, 55],
  ];
  for (const [a, b, min, max] of cases) {
    const d = km(by.get(a)!, by.get(b)!);
    expect(d, `${a}–${b}`).toBeGreaterThan(min);
    expect(d, `${a}–${b}`).toBeLessThan(max);
  }
});

it('loads them all with their region and centroid, so the admin forms and the crisis search offer every one', async () => {
  const { n } = await t.db
    .selectFrom('municipalities')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('latitude', 'is not', null)
    .executeTakeFirstOrThrow();
  expect(Number(n)).toBe(342);
  const mapped = await t.db
    .selectFrom('municipality_regions')
    .select((eb) => eb.fn.count<string>('municipality_code').distinct().as('n'))
    .where('scheme_code', '=', 'veiligheidsregio')
    .executeTakeFirstOrThrow();
  expect(Number(mapped.n)).toBe(342);
});
