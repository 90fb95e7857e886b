import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '../../db/schema.ts';
import { DEFINITION_VERSION } from '../../server/definition.ts';
import { DISCLOSURE_VERSION, HIDDEN } from '../../server/statistics/disclosure.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { insertBed } from '../helpers/factories.ts';
import { insertLocationIn, insertShelterOrganisation } from '../helpers/region-locations.ts';

// Stay figures through the API: from the closed daily rollups, through disclosure control (a lone
// child or household in a region is never shown), as JSON and CSV, and 400 for bad input.

type NewStay = Insertable<Database['stays']>;

let t: TestApp;
let analyst: Client;

const WEEK = '2026-06-01'; // a Monday

/** A bed registered occupied at `from`, by one adult's household whose stay began then. */
async function occupiedBed(locationId: string, from: Date, stay: Omit<NewStay, 'place_id' | 'began_by' | 'started_at' | 'adults'>) {
  const place = await insertBed(t.db, locationId);
  await t.db.insertInto('place_events').values({ place_id: place.id, occurred_at: from, type: 'registered', status: 'occupied', version: 1 }).execute();
  await t.db
    .insertInto('stays')
    .values({ place_id: place.id, began_by: 'intake', started_at: from, adults: 1, ...stay })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp('demo');
  analyst = await loginAs(t.app, DEMO.analyst);
  // Utrecht (VR09): 12 families with a child of 2 and 9, 6 of them ready to move on, all week long;
  // Groningen (VR01): one family with one child.
  // In the municipalities the families below come from: children-origin tells inside from outside.
  const organisation = await insertShelterOrganisation(t.db, 'Opvang cijfers');
  const utrecht = await insertLocationIn(t.db, organisation, 'VR09', 'GM0344');
  const groningen = await insertLocationIn(t.db, organisation, 'VR01', 'GM0014');
  // Half of the Utrecht families came from Utrecht itself, half from Amsterdam; the Groningen one from Groningen.
  const families = [
    ...Array.from({ length: 12 }, (_, i) => ({ location: utrecht, ready: i < 6, origin: i % 2 ? 'GM0363' : 'GM0344' })),
    { location: groningen, ready: false, origin: 'GM0014' },
  ];
  for (const family of families) {
    await occupiedBed(family.location, new Date('2026-05-31T12:00:00Z'), {
      child_ages: [2, 9],
      child_sexes: ['female', 'male'],
      ready_since: family.ready ? '2026-05-31' : null,
      waiting_for: family.ready ? 'housing' : null,
      origin_municipality_code: family.origin,
    });
  }
  // Utrecht, April: 10 single women stayed 14 days each and left for housing of their own.
  for (let i = 0; i < 10; i++) {
    await occupiedBed(utrecht, new Date('2026-04-01T10:00:00Z'), {
      ended_at: new Date('2026-04-15T10:00:00Z'),
      exit_destination: 'own_housing',
      child_ages: [],
      child_sexes: [],
    });
  }
  await closeDays(t.db, { through: '2026-06-07', freshnessHours: 24 * 90 });
});
afterAll(() => t.drop());

describe('GET /statistics/stays', () => {
  it('publishes households, blocked place-days and children by band per region, hiding the small ones', async () => {
    const response = await analyst.get(`/statistics/stays?from=${WEEK}&to=${WEEK}&interval=week`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.disclosureVersion).toBeTruthy();
    const row = (code: string) => body.rows.find((r: { regionCode: string }) => r.regionCode === code);
    // Every figure shown is the true one (worked out by hand); secondary suppression may hide more.
    const truth: Record<string, Record<string, number>> = {
      VR09: { households: 12, blockedPlaceDays: 42, children0to3: 12, children4to11: 12, children12to17: 0, children: 24 },
      NL: { households: 13, blockedPlaceDays: 42, children0to3: 13, children4to11: 13, children12to17: 0, children: 26 },
    };
    let shown = 0;
    for (const [code, figures] of Object.entries(truth)) {
      expect(row(code)).toMatchObject({ period: WEEK, days: 7 });
      for (const [column, value] of Object.entries(figures)) {
        if (row(code)[column] === HIDDEN) continue;
        expect(row(code)[column], `${code} ${column}`).toBe(value);
        shown++;
      }
    }
    expect(shown).toBeGreaterThan(0);
    if (row('VR09').blockedPlaceDays !== HIDDEN) expect(row('VR09').blockedShare).toBeCloseTo(0.5, 4);
    // One family in Groningen: nothing about it can be read, directly or from the nation's total.
    for (const column of ['households', 'children0to3', 'children4to11', 'children']) expect(row('VR01')[column]).toBe(HIDDEN);
    for (const column of ['households', 'children0to3', 'children4to11', 'children']) {
      expect(row('NL')[column] === HIDDEN || row('VR09')[column] === HIDDEN, column).toBe(true);
    }
    expect(body.rows.filter((r: { period: string }) => r.period === WEEK)).toHaveLength(26);
  });

  it('gives only periods whose every day is closed, by day too', async () => {
    const days = await (await analyst.get('/statistics/stays?from=2026-06-01&to=2026-06-10&interval=day&regionCodes=VR09')).json();
    expect([...new Set(days.rows.map((r: { period: string }) => r.period))]).toEqual([
      '2026-06-01',
      '2026-06-02',
      '2026-06-03',
      '2026-06-04',
      '2026-06-05',
      '2026-06-06',
      '2026-06-07',
    ]);
    const month = await (await analyst.get('/statistics/stays?from=2026-06-01&to=2026-06-30&interval=month')).json();
    expect(month.rows).toEqual([]);
  });

  it('downloads the same rows as CSV with the versions first', async () => {
    const response = await analyst.request(`/statistics/stays?from=${WEEK}&to=${WEEK}&regionCodes=VR09`, { headers: { accept: 'text/csv' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'definitionVersion,disclosureVersion,period,regionCode,regionName,days,households,blockedPlaceDays,blockedShare,children0to3,children4to11,children12to17,children',
    );
    const json = (await (await analyst.get(`/statistics/stays?from=${WEEK}&to=${WEEK}&regionCodes=VR09`)).json()).rows[0];
    const csvValue = (v: unknown) => (v === null ? '' : String(v));
    expect(lines[1]).toBe(
      [
        DEFINITION_VERSION,
        DISCLOSURE_VERSION,
        WEEK,
        'VR09',
        'Utrecht',
        7,
        json.households,
        json.blockedPlaceDays,
        json.blockedShare,
        json.children0to3,
        json.children4to11,
        json.children12to17,
        json.children,
      ]
        .map(csvValue)
        .join(','),
    );
    expect(lines).toHaveLength(3);
  });

  it('refuses bad input with the field named, and other roles', async () => {
    for (const [query, field] of [
      ['interval=year', 'query.interval'],
      ['from=2026-13-01', 'query.from'],
      ['regionCodes=VR99', 'query.regionCodes'],
      ['scheme=nope', 'query.scheme'],
    ]) {
      const response = await analyst.get(`/statistics/stays?${query}`);
      expect(response.status, query).toBe(400);
      expect(
        (await problemOf(response)).invalidParams?.map((p) => p.name),
        query,
      ).toContain(field);
    }
    expect((await (await loginAs(t.app, DEMO.shelter)).get('/statistics/stays')).status).toBe(403);
  });
});

describe('GET /statistics/stay-lengths', () => {
  it('publishes stays ended per week, region and kind with their length and destinations, through disclosure control', async () => {
    const response = await analyst.get('/statistics/stay-lengths?from=2026-04-13&to=2026-04-13&interval=week');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.interval).toBe('week');
    const row = (code: string, kind: string) => body.rows.find((r: { regionCode: string; kind: string }) => r.regionCode === code && r.kind === kind);
    const truth = { ended: 10, ownHousing: 10, familyOrFriends: 0, otherShelter: 0, formerHome: 0, careInstitution: 0, unknownDestination: 0 };
    let shown = 0;
    for (const code of ['VR09', 'NL']) {
      for (const [column, value] of Object.entries(truth)) {
        if (row(code, 'bed')[column] === HIDDEN) continue;
        expect(row(code, 'bed')[column], `${code} ${column}`).toBe(value);
        shown++;
      }
      if (row(code, 'bed').ended === HIDDEN) expect(row(code, 'bed').medianDays).toBeNull();
      else expect([row(code, 'bed').medianDays, row(code, 'bed').p90Days]).toEqual([14, 14]);
    }
    expect(shown).toBeGreaterThan(0);
    // Zeros are hidden too: absence tells nothing.
    expect(row('VR01', 'bed').ended).toBe(HIDDEN);
    expect(body.rows).toHaveLength(2 * 26);
  });

  it('publishes a month as the sum of its weeks as published: hidden when one of them is', async () => {
    const body = await (await analyst.get('/statistics/stay-lengths?from=2026-04-01&to=2026-04-30')).json();
    expect(body.interval).toBe('month');
    const weeks = await (await analyst.get('/statistics/stay-lengths?from=2026-03-30&to=2026-04-27&interval=week&regionCodes=VR09')).json();
    const vr09 = (rows: Array<{ period: string; regionCode: string; kind: string; ended: unknown }>) =>
      rows.filter((r) => r.regionCode === 'VR09' && r.kind === 'bed');
    // April is the ISO weeks whose Thursday falls in it: 30 March to 3 May.
    expect(vr09(weeks.rows).map((r) => r.period)).toEqual(['2026-03-30', '2026-04-06', '2026-04-13', '2026-04-20', '2026-04-27']);
    expect(
      vr09(weeks.rows)
        .filter((r) => r.period !== '2026-04-13')
        .map((r) => r.ended),
    ).toEqual([HIDDEN, HIDDEN, HIDDEN, HIDDEN]);
    // The weeks without ended stays hide their zeros, so the month cannot show 10: month − shown weeks would be a hidden week.
    expect(vr09(body.rows)).toEqual([expect.objectContaining({ period: '2026-04-01', ended: HIDDEN })]);
    expect(body.rows).toHaveLength(2 * 26);
  });

  it('refuses another scheme and a day interval, naming the field', async () => {
    for (const [query, field] of [
      ['interval=day', 'query.interval'],
      ['scheme=nope', 'query.scheme'],
    ]) {
      expect(
        (await problemOf(await analyst.get(`/statistics/stay-lengths?${query}`))).invalidParams?.map((p) => p.name),
        query,
      ).toContain(field);
    }
  });
});

describe('GET /statistics/children-origin', () => {
  it('counts children placed outside and inside their origin municipality, by origin, hiding the small ones', async () => {
    const response = await analyst.get('/statistics/children-origin?from=2026-05-01&to=2026-05-31');
    expect(response.status).toBe(200);
    const rows = (await response.json()).rows;
    expect(rows).toHaveLength(343);
    const row = (code: string) => rows.find((r: { municipalityCode: string }) => r.municipalityCode === code);
    const truth: Record<string, [number, number, number]> = { GM0344: [0, 12, 12], GM0363: [12, 0, 12], NL: [12, 14, 26] };
    let shown = 0;
    for (const [code, values] of Object.entries(truth)) {
      ['childrenOutside', 'childrenInside', 'children'].forEach((column, j) => {
        if (row(code)[column] === HIDDEN) return;
        expect(row(code)[column], `${code} ${column}`).toBe(values[j]);
        shown++;
      });
    }
    expect(shown).toBeGreaterThan(0);
    expect(row('GM0014').children).toBe(HIDDEN);
  });
});
