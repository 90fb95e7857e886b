import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HIDDEN } from '../../server/statistics/disclosure.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { EXIT_DESTINATIONS } from '../../shared/vocabulary.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { locationsInRegions } from '../helpers/region-locations.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// An analyst differences published figures of ended stays: a month against its weeks. February 2021
// began on a Monday and has 28 days, so it is exactly four ISO weeks. When the weeks and the month are
// protected one table at a time, month − three shown weeks = the hidden fourth week's cell.

let server: TestServer;
let analyst: Client;

const WEEKS = ['2021-02-01', '2021-02-08', '2021-02-15', '2021-02-22'];
const TARGET = { region: 'VR09', destination: 'care_institution', week: '2021-02-22', count: 2 };

beforeAll(async () => {
  server = await startTestServer('demo');
  analyst = await loginAs(overHttp(server.url), DEMO.analyst);
  const regions = Array.from({ length: 25 }, (_, i) => `VR${String(i + 1).padStart(2, '0')}`);
  const locations = await locationsInRegions(server.db, regions, 'Opvang verschil');
  // Every region, week and destination: 5 beds whose stay ended on the Wednesday of the week;
  // the target cell has 2. One bed per stay, registered (occupied) when its stay began.
  for (const location of locations) {
    for (const week of WEEKS) {
      for (const destination of EXIT_DESTINATIONS) {
        const n = location.region === TARGET.region && week === TARGET.week && destination === TARGET.destination ? TARGET.count : 5;
        await sql`
          WITH beds AS (
            INSERT INTO places (location_id, label, kind, beds, max_adults, max_children, status, accessibility, pets_allowed)
            SELECT ${location.id}::uuid, 'Bed ' || g, 'bed', 1, 1, 0, 'available', 'none', false FROM generate_series(1, ${n}::int) g
            RETURNING id
          ), events AS (
            INSERT INTO place_events (place_id, occurred_at, type, status, version)
            SELECT id, ${week}::date - 10, 'registered', 'occupied', 1 FROM beds
          )
          INSERT INTO stays (place_id, began_by, started_at, ended_at, exit_destination, adults, child_ages, child_sexes)
          SELECT id, 'intake', ${week}::date - 10, (${week}::date + 2)::timestamp AT TIME ZONE 'Europe/Amsterdam' + interval '12 hours', ${destination}, 1, '{}', '{}'
          FROM beds`.execute(server.db);
      }
    }
  }
  await closeDays(server.db, { through: '2021-03-07', freshnessHours: 24 * 3650 });
}, 300_000);
afterAll(() => server.stop());

type Row = { period: string; regionCode: string; kind: string; careInstitution: number | typeof HIDDEN };

async function rows(interval: 'week' | 'month'): Promise<Row[]> {
  const response = await analyst.get(`/statistics/stay-lengths?from=2021-02-01&to=2021-02-28&interval=${interval}&regionCodes=${TARGET.region}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Row[] }).rows.filter((r) => r.regionCode === TARGET.region && r.kind === 'bed');
}

describe('stay lengths: a month and its weeks', () => {
  it('never lets month − shown weeks give a hidden week away', async () => {
    const weeks = await rows('week');
    const [month] = await rows('month');
    expect(weeks.map((w) => w.period)).toEqual(WEEKS);
    const target = weeks.find((w) => w.period === TARGET.week)!;
    // The lone pair of the target week is hidden, as it must be.
    expect(target.careInstitution).toBe(HIDDEN);
    const others = weeks.filter((w) => w.period !== TARGET.week).map((w) => w.careInstitution);
    // The attack: everything it needs is shown, and the difference is the hidden cell.
    const recoverable = month!.careInstitution !== HIDDEN && others.every((v) => v !== HIDDEN);
    const recovered = recoverable ? (month!.careInstitution as number) - others.reduce<number>((a, b) => a + (b as number), 0) : null;
    expect(recovered, `month ${month!.careInstitution} − weeks ${others.join(', ')} gives the hidden cell`).toBeNull();
  });
});
