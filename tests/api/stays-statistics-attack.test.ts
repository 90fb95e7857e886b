import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importRegionScheme } from '../../db/region-import.ts';
import { HIDDEN } from '../../server/statistics/disclosure.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { insertLocationIn, locationsInRegions } from '../helpers/region-locations.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { householdsFrom } from './stays-fixtures.ts';

// An analyst differences published stay figures:
// - of two region schemes. An imported scheme (centrumgemeenten vrouwenopvang, say) rarely has the
//   veiligheidsregio's borders: here one region is VR09 less the city of Utrecht. Each scheme's table is
//   protected on its own, so VR09 − that region = the households in Utrecht's shelters, a count no
//   table shows and under the threshold;
// - of a week and its days. Blocked place-days are published as exact sums where the rounded mean per
//   day is shown, so a week's sum − six shown days = the hidden seventh.

let server: TestServer;
let analyst: Client;

const WEEK = '2026-06-01'; // a Monday
const UTRECHT = 'GM0344';
const IN_UTRECHT = 3;
const BLOCKED_REGION = 'VR01';

/** Households at the location since 31 May, ready to move on from `readySince` or not. */
function householdsIn(locationId: string, count: number, ready: boolean, readySince = '2026-05-31') {
  return householdsFrom(server.db, locationId, count, new Date('2026-05-31T12:00:00Z'), {
    ready_since: ready ? readySince : null,
    waiting_for: ready ? 'housing' : null,
  });
}

beforeAll(async () => {
  server = await startTestServer('demo');
  analyst = await loginAs(overHttp(server.url), DEMO.analyst);
  const regions = Array.from({ length: 25 }, (_, i) => `VR${String(i + 1).padStart(2, '0')}`);
  // Every veiligheidsregio: 5 households ready to move on and 5 not, so no cell is small.
  const locations = await locationsInRegions(server.db, regions, 'Opvang schema');
  expect(locations.find((l) => l.region === 'VR09')!.municipality).not.toBe(UTRECHT);
  for (const location of locations) {
    if (location.region === BLOCKED_REGION) {
      // Two ready to move on from before the week, four more from its Tuesday: Monday's 2 is small.
      await householdsIn(location.id, 2, true);
      await householdsIn(location.id, 4, true, '2026-06-02');
      await householdsIn(location.id, 6, false);
      continue;
    }
    await householdsIn(location.id, 5, true);
    await householdsIn(location.id, 5, false);
  }
  // And a small shelter in the city of Utrecht (VR09).
  const organisation = (await server.db.selectFrom('locations').select('organisation_id').where('id', '=', locations[0]!.id).executeTakeFirstOrThrow())
    .organisation_id;
  await householdsIn(await insertLocationIn(server.db, organisation, 'VR09', UTRECHT), IN_UTRECHT, false);
  // The admin imports a second scheme: VR09 without Utrecht, and the rest of the country.
  const municipalities = await server.db
    .selectFrom('municipality_regions')
    .innerJoin('municipalities', 'municipalities.code', 'municipality_regions.municipality_code')
    .select(['municipalities.code', 'municipalities.name', 'municipality_regions.region_code'])
    .where('scheme_code', '=', 'veiligheidsregio')
    .where('valid_to', 'is', null)
    .execute();
  const csv = [
    'municipality_code,municipality_name,region_code,region_name',
    ...municipalities.map((m) =>
      m.region_code === 'VR09' && m.code !== UTRECHT ? `${m.code},"${m.name}",CG01,Regio Eem en Heuvelrug` : `${m.code},"${m.name}",CG02,Overig`,
    ),
  ].join('\n');
  await importRegionScheme(server.db, { scheme: 'centrumgemeente_test', schemeName: 'Centrumgemeenten (test)', validFrom: '2026-01-01', csv });
  await closeDays(server.db, { through: '2026-06-07', freshnessHours: 24 * 3650 });
}, 300_000);
afterAll(() => server.stop());

type Figure = number | typeof HIDDEN;
type Row = { period: string; regionCode: string; households: Figure; blockedPlaceDays: Figure };

async function rows(query: string, region: string) {
  const response = await analyst.get(`/statistics/stays?${query}&regionCodes=${region}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Row[] }).rows.filter((r) => r.regionCode === region);
}

/** A week's households of a region in a scheme; null when the scheme is refused (400 naming it). */
async function households(scheme: string, region: string): Promise<Figure | null> {
  const response = await analyst.get(`/statistics/stays?from=${WEEK}&to=${WEEK}&interval=week&scheme=${scheme}&regionCodes=${region}`);
  if (response.status === 400) {
    expect(((await response.json()) as { invalidParams: Array<{ name: string }> }).invalidParams.map((p) => p.name)).toContain('query.scheme');
    return null;
  }
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Row[] }).rows.find((r) => r.regionCode === region)!.households;
}

describe('stay figures differenced', () => {
  it('never lets one scheme minus another give a small count away', async () => {
    const whole = await households('veiligheidsregio', 'VR09');
    const part = await households('centrumgemeente_test', 'CG01');
    expect(typeof whole, 'the default scheme is published').toBe('number');
    const recovered = typeof whole === 'number' && typeof part === 'number' ? whole - part : null;
    expect(recovered, `VR09 ${whole} − CG01 ${part}: the households in ${UTRECHT}`).toBeNull();
  });

  it("never lets a week's blocked place-days minus its shown days give a hidden day away", async () => {
    const days = await rows('from=2026-06-01&to=2026-06-07&interval=day', BLOCKED_REGION);
    const [week] = await rows(`from=${WEEK}&to=${WEEK}&interval=week`, BLOCKED_REGION);
    expect(days).toHaveLength(7);
    const hidden = days.filter((d) => d.blockedPlaceDays === HIDDEN);
    expect(hidden.map((d) => d.period)).toContain('2026-06-01');
    const shown = days.filter((d) => d.blockedPlaceDays !== HIDDEN).map((d) => d.blockedPlaceDays as number);
    const recovered = hidden.length === 1 && week!.blockedPlaceDays !== HIDDEN ? week!.blockedPlaceDays - shown.reduce((a, b) => a + b, 0) : null;
    expect(recovered, `week ${week!.blockedPlaceDays} − days ${shown.join(', ')} gives Monday's hidden count`).toBeNull();
  });
});
