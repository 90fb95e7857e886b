import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HIDDEN } from '../../server/statistics/disclosure.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { locationsInRegions } from '../helpers/region-locations.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { householdsFrom } from './stays-fixtures.ts';

// An analyst differences published children figures:
// - children by age band, a week against its days. A week's figure is a mean per day, rounded; protected
//   on its own it pins a hidden day up to the rounding: here VR01 has no child of 4–11 on Monday (hidden,
//   as zeros are) and 11 from Tuesday, so 6 × 11 = 66 and a week of 9 leaves Monday exactly 0
//   (66 + x rounds to 9 × 7 only for x = 0);
// - children by age band, one scheme against another: refused, as for households;
// - children outside their origin municipality: one fixed table per month whatever is asked, so no
//   query gives a second table to subtract (no week, no scheme, no range cut).

let server: TestServer;
let analyst: Client;

const WEEK = '2026-06-01'; // a Monday
const REGION = 'VR01';
const THRESHOLD = 5;

/** Families at the location from `from`, each with children of these ages. */
function families(locationId: string, count: number, childAges: number[], from: Date, origin: string) {
  return householdsFrom(server.db, locationId, count, from, {
    child_ages: childAges,
    child_sexes: childAges.map(() => 'female' as const),
    origin_municipality_code: origin,
  });
}

beforeAll(async () => {
  server = await startTestServer('demo');
  analyst = await loginAs(overHttp(server.url), DEMO.analyst);
  const regions = Array.from({ length: 25 }, (_, i) => `VR${String(i + 1).padStart(2, '0')}`);
  const locations = await locationsInRegions(server.db, regions, 'Opvang kinderen');
  for (const location of locations) {
    // Every region: 6 families with a child in each band, all week; VR01's have none of 4–11.
    const ages = location.region === REGION ? [2, 14] : [2, 9, 14];
    await families(location.id, 6, ages, new Date('2026-05-31T12:00:00Z'), location.municipality);
    // VR01: 11 children of 9 from Tuesday 00:00 (Europe/Amsterdam), from elsewhere.
    if (location.region === REGION) await families(location.id, 11, [9], new Date('2026-06-01T22:00:00Z'), 'GM0363');
  }
  await closeDays(server.db, { through: '2026-06-07', freshnessHours: 24 * 3650 });
}, 300_000);
afterAll(() => server.stop());

type Figure = number | typeof HIDDEN;
type Row = { period: string; regionCode: string; children4to11: Figure };

async function rows(query: string): Promise<Row[]> {
  const response = await analyst.get(`/statistics/stays?${query}&regionCodes=${REGION}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Row[] }).rows.filter((r) => r.regionCode === REGION);
}

describe('children figures differenced', () => {
  it("never lets a week's mean and its shown days pin a hidden day", async () => {
    const days = await rows(`from=${WEEK}&to=2026-06-07&interval=day`);
    const [week] = await rows(`from=${WEEK}&to=${WEEK}&interval=week`);
    expect(days.map((d) => d.children4to11)).toEqual([HIDDEN, 11, 11, 11, 11, 11, 11]);
    // The attack: the hidden Monday x with round((66 + x) / 7) = the week's mean, x ≥ 0.
    const shown = days.slice(1).reduce((sum, d) => sum + (d.children4to11 as number), 0);
    const mean = week!.children4to11;
    const possible = mean === HIDDEN ? null : Array.from({ length: 50 }, (_, x) => x).filter((x) => Math.round((shown + x) / 7) === mean);
    expect(possible === null || possible.length >= THRESHOLD, `week ${mean}, days ${shown}: Monday is one of ${possible?.join(', ')}`).toBe(true);
  });

  it('refuses another scheme for children as for households', async () => {
    const response = await analyst.get(`/statistics/stays?from=${WEEK}&to=${WEEK}&interval=week&scheme=centrumgemeente`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { invalidParams: Array<{ name: string }> }).invalidParams.map((p) => p.name)).toContain('query.scheme');
  });

  it('publishes children outside their origin as one fixed table per month, whatever the query', async () => {
    const may = async (query: string) => {
      const response = await analyst.get(`/statistics/children-origin?${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { rows: Array<{ period: string }> }).rows.filter((r) => r.period === '2026-05-01');
    };
    const fixed = await may('from=2026-05-01&to=2026-05-31');
    expect(fixed.length).toBeGreaterThan(300);
    // A region's own figure is shown: the table is not hidden whole, so the comparisons below compare figures.
    expect(fixed.some((r) => Object.values(r).some((v) => typeof v === 'number' && v >= THRESHOLD))).toBe(true);
    // Neither a wider range, a week, another scheme nor a region filter gives another table of May.
    for (const query of [
      'from=2026-04-01&to=2026-06-30',
      'from=2026-05-01&to=2026-05-31&interval=week',
      'from=2026-05-01&to=2026-05-31&scheme=centrumgemeente',
      'from=2026-05-01&to=2026-05-31&regionCodes=VR01',
    ]) {
      expect(await may(query), query).toEqual(fixed);
    }
  });
});
