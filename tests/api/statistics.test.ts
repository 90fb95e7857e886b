import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseCsv } from '../../db/csv.ts';
import type { PlaceKind, PlaceStatus, RequestStatus } from '../../db/schema.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { addDays, amsterdamToday } from '../../server/statistics/statistics-filters.repository.ts';
import { problemOf } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// A small known history in February 2026 (Amsterdam is UTC+1 then, so local midnight is 23:00Z), closed
// with the real rollups, then read over HTTP. Demo places are registered in November, so in February
// only these places exist. Figures below are worked out by hand from the history.
//
// VR01 (Groningen), one location:
//   bed A: registered available 02-02 00:00 local, occupied 06:00 local, available again 02-09 12:00 local;
//          confirmed every day at 05:00 local, so never stale.
//   family unit B (4 beds): registered available 02-02 00:00, occupied 06:00, unavailable 12:00 the same
//          day, then never confirmed again: stale from 02-03 12:00 on.
// VR09 (Utrecht), one location:
//   bed C: registered occupied 02-02 00:00, confirmed daily.   bed D: registered available 02-05 00:00, confirmed daily.
// Closed through 2026-02-10 (a Tuesday): week 2026-02-02 is whole, week 2026-02-09 has two closed days.

const DAY = 86_400;
const CLOSED_THROUGH = '2026-02-10';
const at = (day: string, localHour: number) => new Date(Date.parse(`${day}T00:00:00Z`) + (localHour - 1) * 3_600_000);
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

let t: TestServer;
let analyst: Client;
const ids: string[] = [];
const names: string[] = [];

async function insertLocation(municipalityCode: string, regionCode: string) {
  const organisation = await t.db
    .insertInto('organisations')
    .values({ name: `Stichting Statistiek ${regionCode}`, kind: 'vrouwenopvang' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const location = await t.db
    .insertInto('locations')
    .values({
      organisation_id: organisation.id,
      name: `Locatie Statistiek ${regionCode}`,
      municipality_code: municipalityCode,
      region_scheme: 'veiligheidsregio',
      region_code: regionCode,
      serves: 'women',
      street_address: 'Geheimstraat 1',
      postal_code: '9999 ZZ',
      city: 'Geheim',
      intake_phone: '088 000 0000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.push(organisation.id, location.id);
  names.push(`Stichting Statistiek ${regionCode}`, `Locatie Statistiek ${regionCode}`);
  return location.id;
}

interface Change {
  at: Date;
  type: 'registered' | 'status_changed' | 'confirmed';
  status?: PlaceStatus;
}

/** A place with a backdated history: its events (versions 1..n), and its row as the history leaves it. */
async function insertPlace(locationId: string, kind: PlaceKind, label: string, changes: Change[]) {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  let status: PlaceStatus = sorted[0]!.status!;
  const events = sorted.map((change, i) => {
    status = change.status ?? status;
    return { at: change.at, type: change.type, status, unavailable_reason: status === 'unavailable' ? ('maintenance' as const) : null, version: i + 1 };
  });
  const last = events.at(-1)!;
  const place = await t.db
    .insertInto('places')
    .values({
      location_id: locationId,
      label,
      kind,
      beds: kind === 'bed' ? 1 : 4,
      max_adults: kind === 'bed' ? 1 : 2,
      max_children: kind === 'bed' ? 0 : 3,
      accessibility: 'none',
      status: last.status,
      unavailable_reason: last.unavailable_reason,
      version: last.version,
      created_at: sorted[0]!.at,
      confirmed_at: last.at,
      status_changed_at: last.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.push(place.id);
  names.push(label);
  return { id: place.id, events };
}

const dailyConfirmations = (from: string, to: string): Change[] => days(from, to).map((d) => ({ at: at(d, 5), type: 'confirmed' }));

async function insertHistory() {
  const groningen = await insertLocation('GM0014', 'VR01');
  const utrecht = await insertLocation('GM0344', 'VR09');
  const places = [
    await insertPlace(groningen, 'bed', 'Statistiekbed A', [
      { at: at('2026-02-02', 0), type: 'registered', status: 'available' },
      { at: at('2026-02-02', 6), type: 'status_changed', status: 'occupied' },
      { at: at('2026-02-09', 12), type: 'status_changed', status: 'available' },
      ...dailyConfirmations('2026-02-03', '2026-02-10'),
    ]),
    await insertPlace(groningen, 'family_unit', 'Statistiekgezinsplek B', [
      { at: at('2026-02-02', 0), type: 'registered', status: 'available' },
      { at: at('2026-02-02', 6), type: 'status_changed', status: 'occupied' },
      { at: at('2026-02-02', 12), type: 'status_changed', status: 'unavailable' },
    ]),
    await insertPlace(utrecht, 'bed', 'Statistiekbed C', [
      { at: at('2026-02-02', 0), type: 'registered', status: 'occupied' },
      ...dailyConfirmations('2026-02-02', '2026-02-10'),
    ]),
    await insertPlace(utrecht, 'bed', 'Statistiekbed D', [
      { at: at('2026-02-05', 0), type: 'registered', status: 'available' },
      ...dailyConfirmations('2026-02-05', '2026-02-10'),
    ]),
  ];
  // place_events is append-only, but inserting is how every change is recorded: in time order, as the app would.
  const events = places.flatMap((p) => p.events.map((e) => ({ ...e, place_id: p.id }))).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const e of events) {
    await t.db
      .insertInto('place_events')
      .values({
        place_id: e.place_id,
        occurred_at: e.at,
        type: e.type,
        status: e.status,
        unavailable_reason: e.unavailable_reason,
        version: e.version,
      })
      .execute();
  }
  await closeDays(t.db, { through: CLOSED_THROUGH, freshnessHours: 24 });
  return places.map((p) => p.id);
}

async function insertRequests(placeIds: string[]) {
  const crisis = await t.db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', DEMO.crisis).executeTakeFirstOrThrow();
  const request = (origin: string, createdAt: Date, status: RequestStatus, outcome: { minutes?: number; region?: string } = {}) => ({
    created_by: crisis.id,
    team_id: crisis.organisation_id!,
    created_at: createdAt,
    origin_region: origin,
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
    placed_place_id: status === 'placed' ? placeIds[0]! : null,
    placed_region: status === 'placed' ? outcome.region! : null,
    closed_at: status === 'open' ? null : new Date(createdAt.getTime() + (outcome.minutes ?? 30) * 60_000),
  });
  const monday = at('2026-02-02', 9);
  await t.db
    .insertInto('placement_requests')
    .values([
      // VR13, week of 2026-02-02: 8 placed (5 outside, in VR09), 2 no place, 1 withdrawn, 1 open.
      ...[10, 20, 30, 40, 50].map((minutes) => request('VR13', monday, 'placed', { minutes, region: 'VR09' })),
      ...[60, 70, 150].map((minutes) => request('VR13', monday, 'placed', { minutes, region: 'VR13' })),
      request('VR13', monday, 'no_place'),
      request('VR13', monday, 'no_place'),
      request('VR13', monday, 'withdrawn'),
      request('VR13', at('2026-02-08', 23), 'open'),
      // VR13, week of 2026-02-09: 5 without a place; the first at 00:30 local on Monday, still Sunday in UTC.
      request('VR13', new Date('2026-02-08T23:30:00Z'), 'no_place'),
      ...[1, 2, 3, 4].map(() => request('VR13', at('2026-02-10', 10), 'no_place')),
      // VR01, week of 2026-02-02: 3 placed in VR09.
      ...[15, 25, 35].map((minutes) => request('VR01', monday, 'placed', { minutes, region: 'VR09' })),
      // Outside the period asked for below.
      request('VR13', at('2026-01-20', 10), 'placed', { minutes: 5, region: 'VR13' }),
    ])
    .execute();
}

beforeAll(async () => {
  t = await startTestServer('demo');
  // A region name that needs quoting in CSV.
  await t.db.updateTable('regions').set({ name: 'Groningen, "Stad"' }).where('scheme_code', '=', 'veiligheidsregio').where('code', '=', 'VR01').execute();
  await t.db.insertInto('region_schemes').values({ code: 'centrumgemeente_test', name: 'Centrumgemeente (test)', is_default: false }).execute();
  await insertRequests(await insertHistory());
  analyst = await loginAs(overHttp(t.url), DEMO.analyst);
}, 120_000);
afterAll(() => t?.stop());

const FEB = 'from=2026-02-02&to=2026-02-15';
const json = async (path: string, client = analyst) => {
  const response = await client.get(path);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
};
const find = <R extends Record<string, unknown>>(rows: R[], match: Partial<R>) => {
  const found = rows.filter((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  expect(found, JSON.stringify(match)).toHaveLength(1);
  return found[0]!;
};

describe('capacity', () => {
  it('counts places and beds on the last closed day of each week, per region and kind', async () => {
    const body = await json(`/statistics/capacity?${FEB}&interval=week`);
    expect(body).toMatchObject({
      definitionVersion: '1',
      from: '2026-02-02',
      to: '2026-02-15',
      interval: 'week',
      scheme: 'veiligheidsregio',
      regionCodes: null,
      kind: null,
    });
    expect(body.rows).toEqual([
      { period: '2026-02-02', regionCode: 'VR01', regionName: 'Groningen, "Stad"', kind: 'bed', places: 1, beds: 1 },
      { period: '2026-02-02', regionCode: 'VR01', regionName: 'Groningen, "Stad"', kind: 'family_unit', places: 1, beds: 4 },
      { period: '2026-02-02', regionCode: 'VR09', regionName: 'Utrecht', kind: 'bed', places: 2, beds: 2 },
      { period: '2026-02-09', regionCode: 'VR01', regionName: 'Groningen, "Stad"', kind: 'bed', places: 1, beds: 1 },
      { period: '2026-02-09', regionCode: 'VR01', regionName: 'Groningen, "Stad"', kind: 'family_unit', places: 1, beds: 4 },
      { period: '2026-02-09', regionCode: 'VR09', regionName: 'Utrecht', kind: 'bed', places: 2, beds: 2 },
    ]);
  });

  it('takes the last day within [from, to]: a week cut off before bed D was registered has one bed in VR09', async () => {
    const body = await json('/statistics/capacity?from=2026-02-02&to=2026-02-03&regionCodes=VR09');
    expect(body.rows).toEqual([{ period: '2026-02-02', regionCode: 'VR09', regionName: 'Utrecht', kind: 'bed', places: 1, beds: 1 }]);
    const daily = await json('/statistics/capacity?from=2026-02-04&to=2026-02-05&regionCodes=VR09&interval=day');
    expect(daily.rows.map((r: { period: string; places: number }) => [r.period, r.places])).toEqual([
      ['2026-02-04', 1],
      ['2026-02-05', 2],
    ]);
  });
});

describe('occupancy', () => {
  it('sums place-time per day, with occupancyRate = occupied / (place-time - unavailable - unknown)', async () => {
    const body = await json(`/statistics/occupancy?${FEB}&interval=day&regionCodes=VR01`);
    expect(find(body.rows, { period: '2026-02-02', kind: 'bed' })).toEqual({
      period: '2026-02-02',
      regionCode: 'VR01',
      regionName: 'Groningen, "Stad"',
      kind: 'bed',
      placeSeconds: DAY,
      availableSeconds: 6 * 3600,
      heldSeconds: 0,
      occupiedSeconds: 18 * 3600,
      unavailableSeconds: 0,
      unknownSeconds: 0,
      occupancyRate: 0.75,
      availableShare: 0.25,
      heldShare: 0,
      occupiedShare: 0.75,
      unavailableShare: 0,
      unknownShare: 0,
    });
    expect(find(body.rows, { period: '2026-02-02', kind: 'family_unit' })).toMatchObject({
      availableSeconds: 6 * 3600,
      occupiedSeconds: 6 * 3600,
      unavailableSeconds: 12 * 3600,
      unknownSeconds: 0,
      occupancyRate: 0.5,
    });
    // Unconfirmed since 12:00 the day before: half unavailable, half unknown, so no usable place-time.
    expect(find(body.rows, { period: '2026-02-03', kind: 'family_unit' })).toMatchObject({
      placeSeconds: DAY,
      unavailableSeconds: 12 * 3600,
      unknownSeconds: 12 * 3600,
      occupancyRate: null,
      unavailableShare: 0.5,
      unknownShare: 0.5,
    });
    expect(find(body.rows, { period: '2026-02-10', kind: 'family_unit' })).toMatchObject({ unknownSeconds: DAY, occupancyRate: null, unknownShare: 1 });
    // Nothing after the last closed day, although `to` is later.
    expect(Math.max(...body.rows.map((r: { period: string }) => Date.parse(r.period)))).toBe(Date.parse(CLOSED_THROUGH));
    expect(body.rows.every((r: { regionCode: string }) => r.regionCode === 'VR01')).toBe(true);
  });

  it('groups ISO weeks from Monday, and stale time counts as unknown whatever the status', async () => {
    const body = await json(`/statistics/occupancy?${FEB}&kind=family_unit`);
    expect(body.kind).toBe('family_unit');
    expect(body.rows.map((r: { regionCode: string; kind: string; period: string }) => `${r.period} ${r.regionCode} ${r.kind}`)).toEqual([
      '2026-02-02 VR01 family_unit',
      '2026-02-09 VR01 family_unit',
    ]);
    expect(body.rows[0]).toMatchObject({
      placeSeconds: 7 * DAY,
      availableSeconds: 6 * 3600,
      occupiedSeconds: 6 * 3600,
      unavailableSeconds: 24 * 3600,
      unknownSeconds: 7 * DAY - 36 * 3600,
      // 21600 / (604800 - 86400 - 475200): leaving out either unavailable or unknown time would give another figure.
      occupancyRate: 0.5,
      availableShare: 0.0357,
      unavailableShare: 0.1429,
      unknownShare: 0.7857,
    });
    const beds = await json(`/statistics/occupancy?${FEB}&kind=bed&regionCodes=VR01`);
    expect(beds.rows.map((r: { period: string; occupancyRate: number }) => [r.period, r.occupancyRate])).toEqual([
      ['2026-02-02', round4((7 * DAY - 6 * 3600) / (7 * DAY))],
      ['2026-02-09', 0.25],
    ]);
  });

  it('groups months, and filters regions', async () => {
    const body = await json('/statistics/occupancy?from=2026-01-01&to=2026-02-28&interval=month&regionCodes=VR09');
    expect(body.rows).toEqual([
      expect.objectContaining({
        period: '2026-02-01',
        regionCode: 'VR09',
        kind: 'bed',
        placeSeconds: 15 * DAY,
        occupiedSeconds: 9 * DAY,
        availableSeconds: 6 * DAY,
        unknownSeconds: 0,
        occupancyRate: 0.6,
        occupiedShare: 0.6,
      }),
    ]);
  });
});

describe('quarters and years of place-time', () => {
  type Row = { period: string; kind: string; placeSeconds: number; occupiedSeconds: number; places: number };
  const total = (rows: Row[], field: 'placeSeconds' | 'occupiedSeconds') => rows.reduce((sum, r) => sum + r[field], 0);

  it('sums a quarter and a year of occupancy as their months, starting in January', async () => {
    const months = await json('/statistics/occupancy?from=2026-01-01&to=2026-12-31&interval=month&regionCodes=VR09');
    for (const interval of ['quarter', 'year']) {
      const body = await json(`/statistics/occupancy?from=2026-01-01&to=2026-12-31&interval=${interval}&regionCodes=VR09`);
      expect(body.interval).toBe(interval);
      expect(body.rows.map((r: Row) => `${r.period} ${r.kind}`)).toEqual(['2026-01-01 bed']);
      expect(total(body.rows, 'placeSeconds')).toBe(total(months.rows, 'placeSeconds'));
      expect(total(body.rows, 'occupiedSeconds')).toBe(total(months.rows, 'occupiedSeconds'));
    }
  });

  it("counts a quarter's and a year's capacity on their last closed day", async () => {
    const lastDay = await json(`/statistics/capacity?from=${CLOSED_THROUGH}&to=${CLOSED_THROUGH}&interval=day`);
    for (const interval of ['quarter', 'year']) {
      const body = await json(`/statistics/capacity?from=2026-01-01&to=2026-12-31&interval=${interval}`);
      expect(body.rows.map((r: Row) => ({ ...r, period: CLOSED_THROUGH }))).toEqual(lastDay.rows);
    }
  });
});

describe('demand', () => {
  // This history is small, so disclosure control hides most of it: the figures shown are few, and
  // which ones is decided by the protected week tables (statistics-disclosure.test.ts attacks them).
  it('is the full table of closed weeks: every region a row, hidden figures "x", under the disclosure version', async () => {
    const body = await json(`/statistics/demand?${FEB}`);
    expect(body).toMatchObject({
      definitionVersion: '1',
      disclosureVersion: 'sdc-1',
      from: '2026-02-02',
      to: '2026-02-15',
      interval: 'week',
      scheme: 'veiligheidsregio',
    });
    expect(body.rows).toHaveLength(2 * (await regionCount()));
    // VR13, week of 2026-02-02: 12 requests (8 placed, 2 without a place, 1 withdrawn, 1 still open when the week closed).
    expect(find(body.rows, { period: '2026-02-02', regionCode: 'VR13' })).toEqual({
      period: '2026-02-02',
      regionCode: 'VR13',
      regionName: 'Amsterdam-Amstelland',
      requests: 12,
      placed: 'x',
      noPlace: 'x',
      withdrawn: 'x',
      open: 'x',
      medianMinutesToPlacement: null,
      p90MinutesToPlacement: null,
    });
    // The first request of the week of 02-09 was made at 00:30 on Monday in Amsterdam, still Sunday in UTC.
    expect(find(body.rows, { period: '2026-02-09', regionCode: 'VR13' })).toMatchObject({ requests: 5 });
    // A region without households is a row like any other: its zeros are hidden as small counts are.
    expect(find(body.rows, { period: '2026-02-02', regionCode: 'VR25' })).toMatchObject({ requests: 'x', placed: 'x', noPlace: 'x' });
  });

  it('gives the nation as a fixed level with national=true, never a set of regions', async () => {
    const body = await json(`/statistics/demand?${FEB}&national=true`);
    expect(body.rows.map((r: { period: string; regionCode: string; regionName: string }) => [r.period, r.regionCode, r.regionName])).toEqual([
      ['2026-02-02', 'NL', 'Nederland'],
      ['2026-02-09', 'NL', 'Nederland'],
    ]);
    const some = await analyst.get(`/statistics/demand?${FEB}&national=true&regionCodes=VR01,VR13`);
    expect(some.status).toBe(400);
    expect((await problemOf(some)).invalidParams?.map((p) => p.name)).toEqual(['query.national']);
  });

  it('groups months of ISO weeks, shown only where every week is', async () => {
    const body = await json('/statistics/demand?from=2026-02-01&to=2026-02-28&interval=month&regionCodes=VR13');
    // February is the weeks from 2026-02-02 to 2026-03-01 (their Thursdays fall in it); some of VR13's are hidden.
    expect(body.rows).toEqual([expect.objectContaining({ period: '2026-02-01', regionCode: 'VR13', requests: 'x', placed: 'x' })]);
  });

  it('gives only periods that start within [from, to] and have closed', async () => {
    const body = await json('/statistics/demand?from=2026-02-03&to=2026-02-09&regionCodes=VR13');
    expect(body.rows.map((r: { period: string }) => r.period)).toEqual(['2026-02-09']);
  });
});

describe('flows', () => {
  it('is the monthly origin × placement table, zeros included; an origin whose placed count is hidden is hidden whole', async () => {
    const body = await json('/statistics/flows?from=2026-02-01&to=2026-02-28');
    expect(body.rows).toHaveLength((await regionCount()) ** 2);
    expect(find(body.rows, { originRegionCode: 'VR13', placementRegionCode: 'VR09' })).toEqual({
      period: '2026-02-01',
      originRegionCode: 'VR13',
      originRegionName: 'Amsterdam-Amstelland',
      placementRegionCode: 'VR09',
      placementRegionName: 'Utrecht',
      placed: 'x',
    });
    expect(body.rows.every((r: { placed: unknown }) => r.placed === 'x')).toBe(true);
  });

  it('keeps the flows that start or end in the filtered regions', async () => {
    const body = await json('/statistics/flows?from=2026-02-01&to=2026-02-28&regionCodes=VR01');
    expect(body.rows).toHaveLength(2 * (await regionCount()) - 1);
    expect(
      body.rows.every((r: { originRegionCode: string; placementRegionCode: string }) => r.originRegionCode === 'VR01' || r.placementRegionCode === 'VR01'),
    ).toBe(true);
  });
});

describe('audit', () => {
  it('records every statistics query: who, which table and filters, codes only', async () => {
    await json('/statistics/demand?from=2026-02-02&to=2026-02-15&regionCodes=VR13&interval=month');
    const entry = await t.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['users.email', 'audit_log.subject_id', 'audit_log.detail'])
      .where('action', '=', 'statistics.queried')
      .orderBy('audit_log.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      email: DEMO.analyst,
      subject_id: 'demand',
      detail: {
        format: 'json',
        from: '2026-02-02',
        to: '2026-02-15',
        interval: 'month',
        scheme: 'veiligheidsregio',
        regionCodes: ['VR13'],
        kind: null,
        national: false,
      },
    });
  });
});

async function regionCount(): Promise<number> {
  const regions = await t.db.selectFrom('regions').select('code').where('scheme_code', '=', 'veiligheidsregio').execute();
  return regions.length;
}

describe('CSV', () => {
  const csv = async (path: string) => {
    const response = await analyst.request(path, { headers: { Accept: 'text/csv' } });
    expect(response.status).toBe(200);
    return { response, text: await response.text() };
  };

  it.each(['capacity', 'occupancy', 'demand', 'flows'] as const)(
    '%s: RFC 4180 with definitionVersion and disclosureVersion first, the same rows as JSON',
    async (name) => {
      // Flows are monthly: February's month starts on the 1st.
      const period = name === 'flows' ? { from: '2026-02-01', to: '2026-02-28' } : { from: '2026-02-02', to: '2026-02-15' };
      const path = `/statistics/${name}?from=${period.from}&to=${period.to}`;
      const { response, text } = await csv(path);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="noodbed-${name}-${period.from}-${period.to}.csv"`);
      // Every record ends in CRLF, and there is no bare LF.
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);

      const [header, ...records] = parseCsv(text);
      const { rows } = await json(path);
      expect(header).toEqual(['definitionVersion', 'disclosureVersion', ...Object.keys(rows[0])]);
      expect(records).toEqual(rows.map((row: Record<string, unknown>) => ['1', 'sdc-1', ...Object.values(row).map((v) => (v === null ? '' : String(v)))]));
    },
  );

  it('quotes a field with a comma or a quote, and writes "x" and null as the JSON has them', async () => {
    const { text } = await csv(`/statistics/demand?${FEB}`);
    expect(text.split('\r\n')[1]).toBe('1,sdc-1,2026-02-02,VR01,"Groningen, ""Stad""",x,x,x,x,x,,');
    expect(text).toContain('\r\n1,sdc-1,2026-02-02,VR13,Amsterdam-Amstelland,12,x,x,x,x,,\r\n');
  });

  it('is declared as text/csv in the OpenAPI document, with the columns described', async () => {
    const document = await (await fetch(`${t.url}/api/v1/openapi.json`)).json();
    for (const name of ['capacity', 'occupancy', 'demand', 'flows']) {
      const content = document.paths[`/statistics/${name}`].get.responses['200'].content;
      expect(Object.keys(content)).toEqual(['application/json', 'text/csv']);
      expect(content['text/csv'].schema.description).toContain('`definitionVersion` (string)');
    }
  });
});

describe('every statistics route', () => {
  // Read from the OpenAPI document, so a route added later (stays, open data) is held to the same rule.
  it('names the disclosure version its figures are published under, in JSON and in CSV, and household counts may be "x"', async () => {
    // Family unit B's six occupied hours on 2 February were a household's stay (a mother and a child from
    // Groningen, moved to another shelter when the unit became unavailable), so the stay figures have rows
    // to carry the version too.
    const unit = await t.db
      .selectFrom('places')
      .innerJoin('locations', 'locations.id', 'places.location_id')
      .select('places.id')
      .where('locations.region_code', '=', 'VR01')
      .where('places.kind', '=', 'family_unit')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('stays')
      .values({
        place_id: unit.id,
        began_by: 'intake',
        started_at: at('2026-02-02', 6),
        ended_at: at('2026-02-02', 12),
        adults: 1,
        child_ages: [6],
        child_sexes: ['male'],
        origin_municipality_code: 'GM0014',
        origin_region_code: 'VR01',
        exit_destination: 'other_shelter',
      })
      .execute();
    const document = await (await fetch(`${t.url}/api/v1/openapi.json`)).json();
    const paths = Object.keys(document.paths).filter((path) => path.startsWith('/statistics/') && document.paths[path].get);
    expect(paths).toEqual(
      expect.arrayContaining(['/statistics/capacity', '/statistics/occupancy', '/statistics/demand', '/statistics/flows', '/statistics/datapackage']),
    );
    for (const path of paths) {
      // Stays are published per period they ended in, and only for closed periods: the closed week here.
      const query =
        path === '/statistics/datapackage'
          ? ''
          : `?${path === '/statistics/flows' ? 'from=2026-02-01&to=2026-02-28' : FEB}${path === '/statistics/stay-lengths' ? '&interval=week' : ''}`;
      const body = await json(`${path}${query}`);
      expect(body.disclosureVersion, path).toBe('sdc-1');
      const content = document.paths[path].get.responses['200'].content;
      if (content['text/csv']) {
        const response = await analyst.request(`${path}${query}`, { headers: { Accept: 'text/csv' } });
        const [header, ...records] = parseCsv(await response.text());
        expect(header![1], path).toBe('disclosureVersion');
        // Children by origin are monthly, and February has not closed: no rows, in JSON as in CSV.
        if (path === '/statistics/children-origin') expect([records.length, body.rows.length], path).toEqual([0, 0]);
        else expect(records.length, path).toBeGreaterThan(0);
        expect(
          records.every((record) => record[1] === 'sdc-1'),
          path,
        ).toBe(true);
      }
    }
    // Household figures admit "x" in their schema; place figures are numbers only (docs/definition.md).
    const row = (name: string) => document.components.schemas[name].properties;
    expect(JSON.stringify(row('DemandRow').placed)).toContain('"x"');
    expect(JSON.stringify(row('FlowRow').placed)).toContain('"x"');
    expect(JSON.stringify(row('OccupancyRow').occupiedSeconds)).not.toContain('"x"');
  });
});

describe('datapackage', () => {
  it('describes each CSV: its fields are the CSV header, in order, with type and description', async () => {
    const dataPackage = await json('/statistics/datapackage');
    expect(dataPackage.profile).toBe('tabular-data-package');
    expect(dataPackage.definitionVersion).toBe('1');
    expect(dataPackage.disclosureVersion).toBe('sdc-1');
    expect(dataPackage.resources.map((r: { name: string }) => r.name)).toEqual([
      'capacity',
      'occupancy',
      'demand',
      'flows',
      'stay-lengths',
      'children-origin',
      'stays',
      'family-places',
    ]);
    for (const resource of dataPackage.resources) {
      expect(resource).toMatchObject({ format: 'csv', mediatype: 'text/csv', encoding: 'utf-8' });
      expect(resource.path).toMatch(new RegExp(`^${t.url}/api/v1/statistics/${resource.name}(\\?|$)`));
      const response = await analyst.request(`${resource.path.slice(`${t.url}/api/v1`.length)}`, { headers: { Accept: 'text/csv' } });
      const [header] = parseCsv(await response.text());
      expect(resource.schema.fields.map((f: { name: string }) => f.name)).toEqual(header);
      for (const field of resource.schema.fields) {
        expect(['string', 'integer', 'number', 'date', 'array']).toContain(field.type);
        expect(field.description.length).toBeGreaterThan(10);
      }
    }
    const demand = dataPackage.resources.find((r: { name: string }) => r.name === 'demand');
    expect(demand.schema.missingValues).toEqual(['', 'x']);
  });
});

describe('defaults and invalid input', () => {
  it('defaults to the 365 days up to yesterday, weekly, in the default scheme', async () => {
    const before = amsterdamToday();
    const body = await json('/statistics/occupancy');
    const after = amsterdamToday();
    expect([before, after].map((today) => [addDays(today, -365), addDays(today, -1)])).toContainEqual([body.from, body.to]);
    expect(body).toMatchObject({ interval: 'week', scheme: 'veiligheidsregio', regionCodes: null, kind: null });
  });

  it.each([
    ['from after to', '/statistics/occupancy?from=2026-02-10&to=2026-02-01', 'query.from'],
    ['an unknown scheme', '/statistics/capacity?scheme=nope', 'query.scheme'],
    ['an unknown region', '/statistics/capacity?regionCodes=VR01,VR99', 'query.regionCodes'],
    ['a bad interval', '/statistics/demand?interval=year', 'query.interval'],
    ['a bad kind', '/statistics/occupancy?kind=sofa', 'query.kind'],
    ['a date that does not exist', '/statistics/flows?from=2026-02-30', 'query.from'],
    ['a date in another format', '/statistics/capacity?to=10-02-2026', 'query.to'],
    ['demand in another scheme', '/statistics/demand?scheme=centrumgemeente_test', 'query.scheme'],
    ['flows in another scheme', '/statistics/flows?scheme=centrumgemeente_test', 'query.scheme'],
    ['a year before 2000', '/statistics/demand?from=0000-01-01', 'query.from'],
    ['a year after 2100', '/statistics/capacity?to=2101-01-01', 'query.to'],
    ['a day interval for demand', '/statistics/demand?interval=day', 'query.interval'],
  ])('400 naming the field for %s', async (_name, path, field) => {
    const response = await analyst.get(path);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.invalidParams?.map((p) => p.name)).toEqual([field]);
  });

  it('accepts another known scheme for capacity and occupancy', async () => {
    const body = await json('/statistics/occupancy?scheme=centrumgemeente_test');
    expect(body).toMatchObject({ scheme: 'centrumgemeente_test', rows: [] });
  });
});

describe('who may read statistics', () => {
  const paths = ['capacity', 'occupancy', 'demand', 'flows', 'datapackage'].map((name) => `/statistics/${name}`);

  it('answers analysts and admins, 401 to anonymous, 403 to shelter staff and crisis workers', async () => {
    const app = overHttp(t.url);
    const [admin, shelter, crisis] = await Promise.all([loginAs(app, DEMO.admin), loginAs(app, DEMO.shelter), loginAs(app, DEMO.crisis)]);
    const anonymous = clientWithCookie(app, null);
    const statuses: Record<string, number[]> = {};
    for (const path of paths) {
      statuses[path] = await Promise.all(
        [anonymous, shelter, crisis, admin, analyst].map(async (client) => {
          const response = await client.get(path);
          await response.body?.cancel();
          return response.status;
        }),
      );
    }
    expect(statuses).toEqual(Object.fromEntries(paths.map((path) => [path, [401, 403, 403, 200, 200]])));
  });

  it('shows analysts no id or name of a place, location, organisation or request, nor an address', async () => {
    const requestIds = (await t.db.selectFrom('placement_requests').select('id').execute()).map((r) => r.id);
    const secrets = [...ids, ...names, ...requestIds, 'Geheimstraat', '9999 ZZ'];
    for (const path of paths) {
      for (const accept of ['application/json', 'text/csv']) {
        const text = await (await analyst.request(`${path}?${FEB}`, { headers: { Accept: accept } })).text();
        expect(
          secrets.filter((secret) => text.includes(secret)),
          `${path} ${accept}`,
        ).toEqual([]);
        expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      }
    }
  });
});

function round4(x: number) {
  return Math.round(x * 10_000) / 10_000;
}

// The placement requests were inserted straight into the table; keep the check honest that they exist.
it('has the history it reports on', async () => {
  const { n } = await sql<{ n: string }>`SELECT count(*) AS n FROM placement_requests`.execute(t.db).then((r) => r.rows[0]!);
  expect(Number(n)).toBe(21);
});
