import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';

// The audit log for people (issue 18): filtered by user, days and action, each filter checked (400
// naming it), and each entry with its subject's name where an admin may read it.

let t: TestApp;
let admin: Client;
let adminId: string;
beforeAll(async () => {
  t = await createTestApp('demo');
  admin = await loginAs(t.app, DEMO.admin);
  adminId = (await t.db.selectFrom('users').select('id').where('email', '=', DEMO.admin).executeTakeFirstOrThrow()).id;
});
afterAll(() => t.drop());

interface Entry {
  action: string;
  actor: { id: string } | null;
  subjectType: string | null;
  subjectName: string | null;
  occurredAt: string;
}
const page = async (query: string) => (await (await admin.get(`/audit-log?${query}`)).json()) as { items: Entry[]; page: { totalItems: number } };

it('filters by action and user, and names a place by its label and location instead of its id', async () => {
  const locationId = await newLocation(admin, await organisationOf(t.db, DEMO.shelter));
  const place = await newPlace(admin, locationId);
  const { label } = await t.db.selectFrom('places').select('label').where('id', '=', place.id).executeTakeFirstOrThrow();
  const { name } = await t.db.selectFrom('locations').select('name').where('id', '=', locationId).executeTakeFirstOrThrow();

  const registered = await page(`action=place.registered&actorId=${adminId}&pageSize=5`);
  expect(registered.items.length).toBeGreaterThan(0);
  expect(registered.items.every((e) => e.action === 'place.registered' && e.actor?.id === adminId)).toBe(true);
  expect(registered.items[0]).toMatchObject({ subjectType: 'place', subjectName: `${label} (${name})` });

  const someoneElse = (await t.db.selectFrom('users').select('id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow()).id;
  expect((await page(`action=place.registered&actorId=${someoneElse}`)).items.filter((e) => e.actor?.id === adminId)).toEqual([]);

  const actions = (await (await admin.get('/audit-log/actions')).json()) as { items: string[] };
  expect(actions.items).toContain('place.registered');
  expect([...actions.items].sort()).toEqual(actions.items);
});

it('filters by Amsterdam days, from and to inclusive', async () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const todays = await page(`from=${today}&to=${today}&pageSize=5`);
  expect(todays.page.totalItems).toBeGreaterThan(0);
  expect((await page('from=2001-01-01&to=2001-01-02')).page.totalItems).toBe(0);
  const all = await page('pageSize=1');
  expect((await page(`to=${today}&pageSize=1`)).page.totalItems).toBeLessThanOrEqual(all.page.totalItems);
});

it('refuses a bad filter with 400 naming the field, never a 500', async () => {
  for (const [query, field] of [
    ['from=2026-13-01', 'query.from'],
    ['to=yesterday', 'query.to'],
    ['from=2026-11-20&to=2026-11-19', 'query.to'],
    ['actorId=not-a-uuid', 'query.actorId'],
    ['action=DROP%20TABLE', 'query.action'],
  ] as const) {
    const response = await admin.get(`/audit-log?${query}`);
    expect(response.status, query).toBe(400);
    const problem = (await problemOf(response)) as { invalidParams: Array<{ name: string }> };
    expect(problem.invalidParams.map((p) => p.name)).toContain(field);
  }
});
