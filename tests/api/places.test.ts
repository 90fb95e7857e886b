import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

let t: TestApp;
let crisis: Client;
beforeAll(async () => {
  t = await createTestApp('demo');
  crisis = await loginAs(t.app, DEMO.crisis);
});
afterAll(() => t.drop());

// As a crisis worker: sees every place, never an address.
const get = (path: string) => crisis.get(path);
const ADDRESS_KEYS = /street|postal|address|intake|phone|city/i;

function keysOf(value: unknown, out: string[] = []): string[] {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      keysOf(inner, out);
    }
  }
  return out;
}

describe('GET /places', () => {
  it('pages through all places with totals', async () => {
    const response = await get('/places?pageSize=100&page=2');
    expect(response.status).toBe(200);
    const body = await response.json();
    const { n } = await t.db
      .selectFrom('places')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(body.page).toEqual({ number: 2, size: 100, totalItems: Number(n), totalPages: Math.ceil(Number(n) / 100) });
    expect(body.items).toHaveLength(100);
  });

  it('filters by region, kind and status', async () => {
    const body = await (await get('/places?regionCode=VR09&kind=family_unit&status=available&pageSize=500')).json();
    expect(body.items.length).toBeGreaterThan(0);
    for (const place of body.items) {
      expect(place.location.region.code).toBe('VR09');
      expect(place.kind).toBe('family_unit');
      expect(place.status).toBe('available');
    }
  });

  it('filters stale places, flagged on top of their status', async () => {
    const stale = await (await get('/places?stale=true&pageSize=500')).json();
    expect(stale.items.length).toBeGreaterThan(0);
    expect(stale.items.every((p: { stale: boolean }) => p.stale)).toBe(true);
    const fresh = await (await get('/places?stale=false&pageSize=1')).json();
    expect(fresh.page.totalItems + stale.page.totalItems).toBe((await (await get('/places?pageSize=1')).json()).page.totalItems);
  });

  it('returns an empty page past the end', async () => {
    const body = await (await get('/places?page=999')).json();
    expect(body.items).toEqual([]);
    expect(body.page.totalItems).toBeGreaterThan(0);
  });

  it('never contains an address or intake phone', async () => {
    const body = await (await get('/places?pageSize=500')).json();
    expect(keysOf(body).filter((key) => ADDRESS_KEYS.test(key))).toEqual([]);
    const addresses = await t.db.selectFrom('locations').select(['street_address', 'intake_phone']).execute();
    const text = JSON.stringify(body);
    for (const { street_address, intake_phone } of addresses) {
      expect(text).not.toContain(street_address);
      expect(text).not.toContain(intake_phone);
    }
  });

  it.each([
    ['kind=tent', 'query.kind'],
    ['status=half_free', 'query.status'],
    ['regionCode=Utrecht', 'query.regionCode'],
    ['pageSize=0', 'query.pageSize'],
    ['pageSize=501', 'query.pageSize'],
    ['page=-1', 'query.page'],
    ['page=abc', 'query.page'],
    ['stale=maybe', 'query.stale'],
  ])('rejects %s with 400 naming %s', async (query, field) => {
    const response = await get(`/places?${query}`);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.invalidParams?.map((p) => p.name)).toContain(field);
  });

  it('lists every invalid field at once', async () => {
    const problem = await problemOf(await get('/places?kind=tent&pageSize=0'));
    expect(problem.invalidParams?.map((p) => p.name).sort()).toEqual(['query.kind', 'query.pageSize']);
  });
});

describe('GET /places/{id}', () => {
  it('returns one place with where it is, but no address', async () => {
    const row = await t.db.selectFrom('places').select(['id', 'kind', 'version']).limit(1).executeTakeFirstOrThrow();
    const response = await get(`/places/${row.id}`);
    expect(response.status).toBe(200);
    const place = await response.json();
    expect(place).toMatchObject({ id: row.id, kind: row.kind, version: row.version });
    expect(place.location.municipality.code).toMatch(/^GM\d{4}$/);
    expect(place.location.region.code).toMatch(/^VR\d{2}$/);
    expect(keysOf(place).filter((key) => ADDRESS_KEYS.test(key))).toEqual([]);
  });

  it('reports staleness from the freshness window', async () => {
    const { id } = await t.db.selectFrom('places').select('id').limit(1).executeTakeFirstOrThrow();
    await sql`UPDATE places SET confirmed_at = now() - interval '25 hours' WHERE id = ${id}`.execute(t.db);
    expect((await (await get(`/places/${id}`)).json()).stale).toBe(true);
    await sql`UPDATE places SET confirmed_at = now() - interval '23 hours' WHERE id = ${id}`.execute(t.db);
    expect((await (await get(`/places/${id}`)).json()).stale).toBe(false);
  });

  it('404s an unknown id and 400s a malformed one', async () => {
    expect((await problemOf(await get('/places/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    const problem = await problemOf(await get('/places/not-a-uuid'));
    expect(problem.status).toBe(400);
    expect(problem.invalidParams?.map((p) => p.name)).toEqual(['param.id']);
  });
});
