import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

// The crisis search's ranking, table by table: the preferred regions first, then the straight-line
// distance from the household's municipality, then the most recently confirmed; avoided regions
// never; a place whose hold for this request ended not again (unless asked); far away on purpose
// reverses the distance. The demo's places are made unavailable, so only this file's places count.

let t: TestApp;
let crisis: Client;
let organisationId: string;

/** One bed for one woman in each of these municipalities; confirmed `minutesAgo`. */
const PLACES = {
  amstelveen: 'GM0362', // VR13, about 8 km from Amsterdam
  haarlem: 'GM0392', // VR12, about 18 km
  alkmaar: 'GM0361', // VR10, about 31 km
  utrecht: 'GM0344', // VR09, about 35 km
  leeuwarden: 'GM0080', // VR02, about 112 km
  maastricht: 'GM0935', // VR24, about 173 km
} as const;
type Name = keyof typeof PLACES;
const ids = {} as Record<Name, string>;
const names = new Map<string, Name>();

async function bedIn(municipality: string, label: string, minutesAgo = 5): Promise<string> {
  const { region_code } = await t.db
    .selectFrom('municipality_regions')
    .select('region_code')
    .where('municipality_code', '=', municipality)
    .where('scheme_code', '=', 'veiligheidsregio')
    .executeTakeFirstOrThrow();
  const location = await t.db
    .insertInto('locations')
    .values({
      organisation_id: organisationId,
      name: `Ranking ${label}`,
      municipality_code: municipality,
      region_scheme: 'veiligheidsregio',
      region_code,
      serves: 'all',
      street_address: 'Teststraat 1',
      postal_code: '1000 AA',
      city: label,
      intake_phone: '088 000 0000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const place = await t.db
    .insertInto('places')
    .values({
      location_id: location.id,
      label,
      kind: 'bed',
      beds: 1,
      max_adults: 1,
      max_children: 0,
      accessibility: 'none',
      status: 'available',
      unavailable_reason: null,
      confirmed_at: sql`now() - make_interval(mins => ${minutesAgo})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return place.id;
}

beforeAll(async () => {
  t = await createTestApp('demo');
  crisis = await loginAs(t.app, DEMO.crisis);
  await t.db.updateTable('places').set({ status: 'unavailable', unavailable_reason: 'other' }).execute();
  ({ id: organisationId } = await t.db
    .insertInto('organisations')
    .values({ name: 'Ranking', kind: 'vrouwenopvang' })
    .returning('id')
    .executeTakeFirstOrThrow());
  for (const [name, code] of Object.entries(PLACES) as Array<[Name, string]>) {
    ids[name] = await bedIn(code, name);
    names.set(ids[name], name);
  }
});
afterAll(() => t.drop());

const WOMAN = { household: { adults: [{ gender: 'female' }], children: [] } };

async function search(body: object, query = '') {
  const created = await crisis.post('/placement-requests', { ...WOMAN, ...body });
  expect(created.status).toBe(201);
  const request = (await created.json()) as { id: string };
  const response = await crisis.get(`/placement-requests/${request.id}/matches?pageSize=50${query}`);
  expect(response.status).toBe(200);
  return {
    request,
    body: (await response.json()) as { page: { totalItems: number }; matches: Array<{ id: string; distanceKm: number | null; preferredRegion: boolean }> },
  };
}
const order = (body: { matches: Array<{ id: string }> }) => body.matches.map((m) => names.get(m.id) ?? 'other');

describe('ranking', () => {
  const cases: Array<[string, object, Name[]]> = [
    ['nearest first, from Amsterdam', { originMunicipality: 'GM0363' }, ['amstelveen', 'haarlem', 'alkmaar', 'utrecht', 'leeuwarden', 'maastricht']],
    ['nearest first, from Maastricht', { originMunicipality: 'GM0935' }, ['maastricht', 'utrecht', 'amstelveen', 'haarlem', 'alkmaar', 'leeuwarden']],
    [
      'an avoided region is never offered',
      { originMunicipality: 'GM0363', avoidRegions: ['VR13'] },
      ['haarlem', 'alkmaar', 'utrecht', 'leeuwarden', 'maastricht'],
    ],
    [
      'preferred regions before nearer ones',
      { originMunicipality: 'GM0363', preferRegions: ['VR09', 'VR02'] },
      ['utrecht', 'leeuwarden', 'amstelveen', 'haarlem', 'alkmaar', 'maastricht'],
    ],
    [
      'far away on purpose: the most distant first',
      { originMunicipality: 'GM0363', farAway: true, avoidRegions: ['VR13'] },
      ['maastricht', 'leeuwarden', 'utrecht', 'alkmaar', 'haarlem'],
    ],
    [
      'far away, yet preferred first',
      { originMunicipality: 'GM0363', farAway: true, preferRegions: ['VR12'] },
      ['haarlem', 'maastricht', 'leeuwarden', 'utrecht', 'alkmaar', 'amstelveen'],
    ],
  ];

  it.each(cases)('%s', async (_name, body, expected) => {
    const { body: found } = await search(body);
    expect(order(found)).toEqual(expected);
    expect(found.page.totalItems).toBe(expected.length);
  });

  it('pages through the same ranking: pages of two in a row are the whole list, and past the last page the total remains', async () => {
    const { request, body: whole } = await search({ originMunicipality: 'GM0363', farAway: true });
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const response = await crisis.get(`/placement-requests/${request.id}/matches?pageSize=2&page=${page}&nearMisses=false`);
      expect(response.status).toBe(200);
      pages.push((await response.json()) as typeof whole);
    }
    expect(pages.slice(0, 3).flatMap(order)).toEqual(order(whole));
    expect(pages.map((p) => p.page.totalItems)).toEqual([6, 6, 6, 6]);
    expect(pages[3]!.matches).toEqual([]);
  });

  it('shows the straight-line distance in whole km, and none without an origin municipality', async () => {
    const { body: found } = await search({ originMunicipality: 'GM0363' });
    const km = Object.fromEntries(found.matches.map((m) => [names.get(m.id), m.distanceKm]));
    // Centroid to centroid: Amsterdam–Haarlem is about 18 km, Amsterdam–Maastricht about 173 km.
    expect(km.haarlem).toBeGreaterThanOrEqual(16);
    expect(km.haarlem).toBeLessThanOrEqual(20);
    expect(km.maastricht).toBeGreaterThanOrEqual(165);
    expect(km.maastricht).toBeLessThanOrEqual(180);
    const { body: regionOnly } = await search({ originRegion: 'VR13' });
    expect(regionOnly.matches.every((m) => m.distanceKm === null)).toBe(true);
    expect(regionOnly.page.totalItems).toBe(6);
  });

  it('ranks the more recently confirmed first within one municipality', async () => {
    const older = await bedIn('GM0392', 'haarlem-older', 60);
    const newer = await bedIn('GM0392', 'haarlem-newer', 1);
    try {
      const { body: found } = await search({ originMunicipality: 'GM0363', avoidRegions: ['VR13'] });
      const haarlem = found.matches.map((m) => m.id).filter((id) => [older, newer, ids.haarlem].includes(id));
      expect(haarlem).toEqual([newer, ids.haarlem, older]);
    } finally {
      await t.db.updateTable('places').set({ status: 'unavailable', unavailable_reason: 'other' }).where('id', 'in', [older, newer]).execute();
    }
  });
});

describe('a place whose hold for this request ended', () => {
  it.each(['declined', 'released', 'expired'] as const)('is not offered again when %s, unless the worker asks', async (status) => {
    const { request, body: before } = await search({ originMunicipality: 'GM0363' });
    expect(order(before)[1]).toBe('haarlem');
    const user = await t.db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', DEMO.crisis).executeTakeFirstOrThrow();
    await t.db
      .insertInto('holds')
      .values({
        request_id: request.id,
        place_id: ids.haarlem,
        created_by: user.id,
        team_id: user.organisation_id!,
        expires_at: sql`now() + interval '1 hour'`,
        status,
        decline_reason: status === 'declined' ? 'safety' : null,
        ended_at: sql`now()`,
      })
      .execute();
    const without = (await (await crisis.get(`/placement-requests/${request.id}/matches?pageSize=50`)).json()) as typeof before;
    expect(order(without)).toEqual(['amstelveen', 'alkmaar', 'utrecht', 'leeuwarden', 'maastricht']);
    const asked = (await (await crisis.get(`/placement-requests/${request.id}/matches?pageSize=50&includeEarlier=true`)).json()) as typeof before;
    expect(order(asked)).toEqual(order(before));
    // Another request for the same household still gets it.
    const { body: other } = await search({ originMunicipality: 'GM0363' });
    expect(order(other)).toContain('haarlem');
  });
});

describe('near misses', () => {
  it('are left out when not asked for, with the same page and total', async () => {
    const { request, body: full } = await search({
      originMunicipality: 'GM0363',
      household: { adults: [{ gender: 'female' }], children: [{ age: 4, sex: 'female' }] },
    });
    expect((full as { nearMisses?: Array<{ rule: string; count: number }> }).nearMisses).toContainEqual(expect.objectContaining({ rule: 'kind', count: 6 }));
    const lean = (await (await crisis.get(`/placement-requests/${request.id}/matches?pageSize=50&nearMisses=false`)).json()) as typeof full;
    expect(lean).not.toHaveProperty('nearMisses');
    expect({ page: lean.page, matches: lean.matches }).toEqual({ page: full.page, matches: full.matches });
    const bad = await crisis.get(`/placement-requests/${request.id}/matches?nearMisses=maybe`);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).invalidParams?.map((p) => p.name)).toEqual(['query.nearMisses']);
  });
});

describe('origin', () => {
  it('takes the region from the municipality and refuses one that disagrees, naming the field', async () => {
    const created = await crisis.post('/placement-requests', { ...WOMAN, originMunicipality: 'GM0361' });
    expect((await created.json()) as { originRegion: string; originMunicipality: string }).toMatchObject({
      originRegion: 'VR10',
      originMunicipality: 'GM0361',
    });
    const clash = await crisis.post('/placement-requests', { ...WOMAN, originMunicipality: 'GM0361', originRegion: 'VR13' });
    expect(clash.status).toBe(400);
    expect((await problemOf(clash)).invalidParams?.map((p) => p.name)).toEqual(['body.originRegion']);
    const unknown = await crisis.post('/placement-requests', { ...WOMAN, originMunicipality: 'GM9999' });
    expect((await problemOf(unknown)).invalidParams?.map((p) => p.name)).toEqual(['body.originMunicipality']);
    const none = await crisis.post('/placement-requests', WOMAN);
    expect((await problemOf(none)).invalidParams?.map((p) => p.name)).toEqual(['body.originMunicipality']);
  });
});
