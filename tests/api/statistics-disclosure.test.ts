import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { flowCounts, weekCounts } from '../../server/statistics/demand.repository.ts';
import { monthOfWeek } from '../../server/statistics/demand-periods.ts';
import { HIDDEN } from '../../server/statistics/disclosure.ts';
import { addDays, amsterdamToday } from '../../server/statistics/statistics-filters.repository.ts';
import { problemOf } from '../helpers/app.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { boundHidden, type Figure } from './statistics-attacker.ts';

// The attacker test of disclosure control (issue 13). Generated histories of placement requests are
// inserted, every figure published for many queries is collected over HTTP, and an attacker who holds
// all of them at once solves, with a linear-programming solver (HiGHS), the least and the most each
// hidden figure can be. None may be pinned closer than the protection width (threshold − 1 = 4).
//
// The attacker's unknowns are the true counts per week, origin region and outcome (placed ones also per
// placement region). Every published figure is an equation on them; every unknown is ≥ 0.

const THRESHOLD = 5;
const WIDTH = THRESHOLD - 1;
let t: TestServer;
let analyst: Client;
let regions: string[];

/** A small deterministic random source (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const OUTCOME_COLUMNS = ['placed', 'noPlace', 'withdrawn', 'open'] as const;
type Outcome = (typeof OUTCOME_COLUMNS)[number];
const STATUS: Record<Outcome, 'placed' | 'no_place' | 'withdrawn' | 'open'> = { placed: 'placed', noPlace: 'no_place', withdrawn: 'withdrawn', open: 'open' };

interface Household {
  week: string;
  origin: string;
  outcome: Outcome;
  placement: string | null;
  closedLate: boolean;
}

/** Monday 09:00 UTC of a week plus `day` days: inside the Amsterdam week whatever the season. */
const during = (monday: string, day: number) => new Date(Date.parse(`${addDays(monday, day)}T09:00:00Z`));

async function insertHouseholds(households: Household[]) {
  const crisis = await t.db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', DEMO.crisis).executeTakeFirstOrThrow();
  const place = await t.db.selectFrom('places').select('id').executeTakeFirstOrThrow();
  const rows = households.map((h, i) => {
    const createdAt = during(h.week, i % 7);
    // A household placed only after its week closed counts as open in that week's figures.
    const status = h.closedLate && h.outcome === 'open' ? 'placed' : STATUS[h.outcome];
    const placement = status === 'placed' ? (h.placement ?? h.origin) : null;
    const closedAt = status === 'open' ? null : new Date(createdAt.getTime() + (h.closedLate ? 30 : 0.05) * 86_400_000);
    return {
      created_by: crisis.id,
      team_id: crisis.organisation_id!,
      created_at: createdAt,
      origin_region: h.origin,
      household: JSON.stringify({ adults: [{ gender: 'female' }], children: [] }),
      adults: 1,
      children: 0,
      accessibility: 'none' as const,
      pet: false,
      urgency: 'now' as const,
      status,
      avoid_regions: [],
      prefer_regions: [],
      outcome_reason: status === 'no_place' ? ('no_capacity' as const) : null,
      placed_place_id: status === 'placed' ? place.id : null,
      placed_region: placement,
      closed_at: closedAt,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await t.db
      .insertInto('placement_requests')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** A history over `weeks`: some busy regions (about `busyShare` of them), the others with a handful of households or none. */
function generate(seed: number, weeks: string[], busyShare: number): Household[] {
  const next = random(seed);
  const out: Household[] = [];
  const busy = new Set(regions.filter(() => next() < busyShare));
  for (const week of weeks) {
    for (const origin of regions) {
      const n = busy.has(origin) ? 8 + Math.floor(next() * 30) : Math.floor(next() * next() * 9);
      for (let i = 0; i < n; i++) {
        const r = next();
        const outcome: Outcome = r < 0.55 ? 'placed' : r < 0.8 ? 'noPlace' : r < 0.92 ? 'withdrawn' : 'open';
        const placement = outcome === 'placed' ? (next() < 0.7 ? origin : regions[Math.floor(next() * regions.length)]!) : null;
        out.push({ week, origin, outcome, placement, closedLate: outcome === 'open' && next() < 0.5 });
      }
    }
  }
  return out;
}

/** The weeks a period is made of: a month is the weeks whose Thursday falls in it. */
function weeksOf(period: string, interval: 'week' | 'month'): string[] {
  if (interval === 'week') return [period];
  const monday = addDays(period, -((new Date(`${period}T00:00:00Z`).getUTCDay() + 6) % 7));
  return [0, 1, 2, 3, 4, 5].map((i) => addDays(monday, 7 * i)).filter((w) => monthOfWeek(w) === period);
}

/** The unknowns a figure adds up: per week, region and outcome (placed ones per placement region). */
function termsOf(weeks: string[], region: string, column: string): string[] {
  const origins = region === 'NL' ? regions : [region];
  const outcomes: Outcome[] = column === 'requests' ? [...OUTCOME_COLUMNS] : [column as Outcome];
  return weeks.flatMap((w) => origins.flatMap((o) => outcomes.flatMap((c) => (c === 'placed' ? regions.map((d) => `p_${w}_${o}_${d}`) : [`${c}_${w}_${o}`]))));
}

async function collect(path: string, into: Map<string, Figure>) {
  const response = await analyst.get(path);
  expect(response.status, path).toBe(200);
  const body = await response.json();
  expect(body.disclosureVersion).toBe('sdc-1');
  for (const row of body.rows) {
    if (path.startsWith('/statistics/flows')) {
      const weeks = weeksOf(row.period, 'month');
      const key = `flow ${row.period} ${row.originRegionCode} ${row.placementRegionCode}`;
      add(into, { key, terms: weeks.map((w) => `p_${w}_${row.originRegionCode}_${row.placementRegionCode}`), value: row.placed });
      continue;
    }
    const weeks = weeksOf(row.period, body.interval);
    for (const column of [...OUTCOME_COLUMNS, 'requests']) {
      add(into, { key: `${body.interval} ${row.period} ${row.regionCode} ${column}`, terms: termsOf(weeks, row.regionCode, column), value: row[column] });
    }
  }
}

function add(into: Map<string, Figure>, figure: Figure) {
  const seen = into.get(figure.key);
  // A figure is a cell of one fixed table: every query that shows it shows the same.
  if (seen) expect(seen.value, figure.key).toEqual(figure.value);
  into.set(figure.key, figure);
}

/** The hidden figures the attacker pins closer than the protection width. */
async function narrowed(figures: Map<string, Figure>, targets: Figure[]) {
  expect(targets.length).toBeGreaterThan(0);
  return (await boundHidden(figures.values(), targets)).filter((b) => b.max - b.min < WIDTH - 1e-6);
}

async function expectProtected(figures: Map<string, Figure>, targets: Figure[]) {
  expect(await narrowed(figures, targets)).toEqual([]);
}

/** The true count of every unknown the figures add up, read as the server reads them. */
async function trueCounts(figures: Map<string, Figure>): Promise<Map<string, number>> {
  const weeks = [...new Set([...figures.values()].flatMap((f) => f.terms.map((term) => term.split('_')[1]!)))].sort();
  const truth = new Map<string, number>();
  for (const c of await weekCounts(t.db, weeks, t.config.statistics.demandLagDays)) {
    for (const outcome of ['noPlace', 'withdrawn', 'open'] as const) truth.set(`${outcome}_${c.week}_${c.region}`, c.counts[outcome]);
  }
  for (const c of await flowCounts(t.db, weeks, t.config.statistics.demandLagDays)) truth.set(`p_${c.week}_${c.origin}_${c.placement}`, c.placed);
  return truth;
}

const hidden = (figures: Map<string, Figure>) => [...figures.values()].filter((f) => f.value === HIDDEN);

beforeAll(async () => {
  t = await startTestServer('demo');
  analyst = await loginAs(overHttp(t.url), DEMO.analyst);
  regions = (await t.db.selectFrom('regions').select('code').where('scheme_code', '=', 'veiligheidsregio').orderBy('code').execute()).map((r) => r.code);
}, 120_000);
afterAll(() => t?.stop());

/** The 9 ISO weeks of January and February `year` (months of weeks, by their Thursday). */
function winter(year: number): string[] {
  const jan4 = `${year}-01-04`;
  const weekday = (new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7;
  const first = addDays(jan4, -weekday);
  return Array.from({ length: 9 }, (_, i) => addDays(first, 7 * i)).filter((w) => ['01', '02'].includes(monthOfWeek(w).slice(5, 7)));
}

describe('an attacker holding every figure of many queries', () => {
  it.each([
    [2022, 5, 0.7],
    [2024, 11, 0.3],
    [2025, 29, 0.3],
  ])(
    'recovers no hidden figure of a generated history (%i, seed %i, busy share %s)',
    async (year, seed, busyShare) => {
      const weeks = winter(year);
      await insertHouseholds(generate(seed, weeks, busyShare));
      const next = random(seed * 7);
      const figures = new Map<string, Figure>();
      const from = weeks[0]!;
      const to = addDays(weeks.at(-1)!, 6);
      // The fixed levels for the whole window, overlapping national and other-interval queries...
      for (const interval of ['week', 'month']) {
        await collect(`/statistics/demand?from=${from}&to=${to}&interval=${interval}`, figures);
        await collect(`/statistics/demand?from=${from}&to=${to}&interval=${interval}&national=true`, figures);
      }
      await collect(`/statistics/flows?from=${from}&to=${to}`, figures);
      // ...and random filter combinations: other periods, region sets, intervals.
      for (let i = 0; i < 12; i++) {
        const a = addDays(from, Math.floor(next() * 40) - 7);
        const b = addDays(a, Math.floor(next() * 50));
        const some = regions.filter(() => next() < 0.2);
        const region = some.length ? `&regionCodes=${some.join(',')}` : '';
        const interval = next() < 0.5 ? 'week' : 'month';
        await collect(`/statistics/demand?from=${a}&to=${b}&interval=${interval}${region}`, figures);
        if (next() < 0.3) await collect(`/statistics/flows?from=${a}&to=${b}${region}`, figures);
      }
      // Every hidden weekly, monthly and flow figure, each bounded from below and from above.
      const targets = hidden(figures);
      for (const kind of ['week', 'month', 'flow'])
        expect(
          targets.some((f) => f.key.startsWith(kind)),
          kind,
        ).toBe(true);
      await expectProtected(figures, targets);

      // The attacker has teeth: had only the small counts been hidden (secondary suppression switched
      // off), he would pin hidden weekly figures, some exactly.
      const truth = await trueCounts(figures);
      const value = (f: Figure) => f.terms.reduce((sum, term) => sum + (truth.get(term) ?? 0), 0);
      const primaryOnly = new Map([...figures].map(([key, f]) => [key, { ...f, value: value(f) < THRESHOLD ? HIDDEN : value(f) }]));
      const exposed = await narrowed(
        primaryOnly,
        hidden(primaryOnly).filter((f) => f.key.startsWith('week')),
      );
      expect(exposed.length).toBeGreaterThan(0);
      expect(exposed.some((b) => b.max - b.min < 1e-6)).toBe(true);
    },
    600_000,
  );
});

describe('the five attacks of issue 13 recover nothing', () => {
  // One quiet week in 2023: VR01 has a single household without a place and one withdrawn, VR02 one
  // household placed in VR09; the other regions are busy.
  const week = '2023-03-06';
  let figures: Map<string, Figure>;

  beforeAll(async () => {
    const households: Household[] = [];
    const push = (origin: string, outcome: Outcome, n: number, placement: string | null = null) => {
      for (let i = 0; i < n; i++) households.push({ week, origin, outcome, placement, closedLate: false });
    };
    push('VR01', 'placed', 20);
    push('VR01', 'noPlace', 1);
    push('VR01', 'withdrawn', 1);
    push('VR02', 'placed', 1, 'VR09');
    for (const origin of regions.filter((r) => r !== 'VR01' && r !== 'VR02')) {
      push(origin, 'placed', 12);
      push(origin, 'noPlace', 9);
      push(origin, 'withdrawn', 6);
      push(origin, 'open', 5);
    }
    await insertHouseholds(households);
    figures = new Map();
    await collect(`/statistics/demand?from=${week}&to=${week}`, figures);
    await collect(`/statistics/demand?from=${week}&to=${week}&national=true`, figures);
    await collect(`/statistics/flows?from=2023-03-01&to=2023-03-31`, figures);
  }, 120_000);

  const figure = (key: string) => {
    const found = figures.get(key);
    expect(found, key).toBeDefined();
    return found!;
  };

  it("1. national minus the other regions: no arbitrary region set, and NL − Σ regions leaves VR01's no-place open", async () => {
    const response = await analyst.get(`/statistics/demand?from=${week}&to=${week}&national=true&regionCodes=VR02,VR03`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).invalidParams?.map((p) => p.name)).toEqual(['query.national']);
    expect(figure(`week ${week} VR01 noPlace`).value).toBe(HIDDEN);
    expect(figure(`week ${week} NL noPlace`).value).not.toBe(HIDDEN);
    await expectProtected(figures, [figure(`week ${week} VR01 noPlace`)]);
  });

  it('2. within one row: requests − placed − no place − open does not give the withdrawn count', async () => {
    expect(figure(`week ${week} VR01 withdrawn`).value).toBe(HIDDEN);
    await expectProtected(figures, [figure(`week ${week} VR01 withdrawn`), figure(`week ${week} VR01 noPlace`)]);
  });

  it('3. share × count: no share is published, and times to placement only where placed is shown', async () => {
    const body = await (await analyst.get(`/statistics/demand?from=${week}&to=${week}`)).json();
    for (const row of body.rows) {
      expect(row).not.toHaveProperty('placedOutsideOriginShare');
      if (row.placed === HIDDEN) expect([row.medianMinutesToPlacement, row.p90MinutesToPlacement]).toEqual([null, null]);
    }
    await expectProtected(figures, [figure(`week ${week} VR02 placed`)]);
  });

  it("4. flows: the full table, zeros alike, so absence tells nothing; the single household's cell is hidden", async () => {
    const body = await (await analyst.get('/statistics/flows?from=2023-03-01&to=2023-03-31')).json();
    expect(body.rows).toHaveLength(regions.length * regions.length);
    expect(figure('flow 2023-03-01 VR02 VR09').value).toBe(HIDDEN);
    // A zero looks the same as the one household.
    expect(figure('flow 2023-03-01 VR02 VR03').value).toBe(HIDDEN);
    await expectProtected(figures, [figure('flow 2023-03-01 VR02 VR09'), figure('flow 2023-03-01 VR01 VR01')]);
  });

  it('5. to=today: the open week is not published, a household recorded now changes nothing, and there is no day interval', async () => {
    const today = amsterdamToday();
    const path = `/statistics/demand?from=${addDays(today, -20)}&to=${today}`;
    const before = await (await analyst.get(path)).text();
    const body = JSON.parse(before);
    const latest = body.rows.at(-1)?.period ?? '0000-00-00';
    // The last period shown closed at least a day ago: its week ended before yesterday began.
    expect(addDays(latest, 7 + 1) <= today).toBe(true);
    await insertHouseholds([{ week: today, origin: 'VR05', outcome: 'noPlace', placement: null, closedLate: false }]);
    await t.db
      .updateTable('placement_requests')
      .set({ created_at: new Date() })
      .where('origin_region', '=', 'VR05')
      .where('created_at', '>', new Date(Date.now() - 10 * 86_400_000))
      .execute();
    expect(await (await analyst.get(path)).text()).toBe(before);
    const day = await analyst.get(`${path}&interval=day`);
    expect(day.status).toBe(400);
    expect((await problemOf(day)).invalidParams?.map((p) => p.name)).toEqual(['query.interval']);
  });
});

describe('the open data (issue 16) give the attacker nothing more', () => {
  it('signed-off quarterly reports publish the same protected figures: with every analyst figure besides, no hidden one is pinned', async () => {
    const weeks = winter(2022);
    await insertHouseholds(generate(41, weeks, 0.3));
    // The quarter's reports, per region and national, signed off through the API (an admin may sign any).
    const regionRows = regions.map((code) => ({ region_scheme: 'veiligheidsregio', region_code: code }));
    const drafts = await t.db
      .insertInto('quarterly_reports')
      .values(
        [...regionRows, { region_scheme: null, region_code: null }].map((r) => ({
          ...r,
          quarter: '2022-Q1',
          period_start: '2022-01-01',
          period_end: '2022-03-31',
        })),
      )
      .returning('id')
      .execute();
    const admin = await loginAs(overHttp(t.url), DEMO.admin);
    for (const { id } of drafts) expect((await admin.post(`/reports/${id}/sign-off`)).status).toBe(200);

    const figures = new Map<string, Figure>();
    const open = await fetch(`${t.url}/api/v1/open/demand?quarter=2022-Q1`);
    expect(open.status).toBe(200);
    const rows = (await open.json()).rows as Array<Record<string, number | string>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const column of [...OUTCOME_COLUMNS, 'requests']) {
        add(figures, {
          key: `month ${row.period} ${row.regionCode} ${column}`,
          terms: termsOf(weeksOf(String(row.period), 'month'), String(row.regionCode), column),
          value: row[column] as number,
        });
      }
    }
    // The same months as the analyst sees them, weekly and monthly: add() checks every shared figure is equal.
    const from = weeks[0]!;
    const to = addDays(weeks.at(-1)!, 6);
    for (const interval of ['week', 'month']) {
      await collect(`/statistics/demand?from=${from}&to=${to}&interval=${interval}`, figures);
      await collect(`/statistics/demand?from=${from}&to=${to}&interval=${interval}&national=true`, figures);
    }
    // Every hidden figure, the open ones and the analyst's alike, bounded by the attacker.
    await expectProtected(figures, hidden(figures));
  }, 600_000);
});
