import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { SINGLE_WOMAN } from '../helpers/factories.ts';

// Issue 19: region codes that do not exist (VR00, VR26, VR99 as origin; VR77 avoided) passed the
// pattern, were stored, and then appeared in the figures and the national total. The API names the
// field (400) and stores nothing; the database refuses them too (foreign keys on the origin and
// placement region).

let t: TestApp;
let crisis: Client;
beforeAll(async () => {
  t = await createTestApp('demo');
  crisis = await loginAs(t.app, DEMO.crisis);
});
afterAll(() => t.drop());

const requestCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM placement_requests`.execute(t.db)).rows[0]!.n);

describe('placement requests refer to regions that exist', () => {
  it.each(['VR00', 'VR26', 'VR99'])('origin %s: 400 naming body.originRegion, nothing stored', async (code) => {
    const before = await requestCount();
    const response = await crisis.post('/placement-requests', { ...SINGLE_WOMAN, originRegion: code });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.invalidParams!.map((p) => p.name)).toEqual(['body.originRegion']);
    expect(await requestCount()).toBe(before);
  });

  it('an avoided VR77 and a preferred VR00: 400 naming each, nothing stored', async () => {
    const before = await requestCount();
    const response = await crisis.post('/placement-requests', { ...SINGLE_WOMAN, avoidRegions: ['VR01', 'VR77'], preferRegions: ['VR00'] });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.invalidParams!.map((p) => p.name)).toEqual(['body.avoidRegions.1', 'body.preferRegions.0']);
    expect(await requestCount()).toBe(before);
  });

  it('existing regions are taken', async () => {
    const response = await crisis.post('/placement-requests', { ...SINGLE_WOMAN, originRegion: 'VR25', avoidRegions: ['VR01'], preferRegions: ['VR13'] });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ originRegion: 'VR25', avoidRegions: ['VR01'], preferRegions: ['VR13'] });
  });
});

describe('the database itself', () => {
  const insert = (region: string) =>
    sql`
    INSERT INTO placement_requests (created_by, team_id, origin_region, household, adults, children, accessibility, pet, urgency)
    SELECT id, organisation_id, ${region}, '{"adults":[{"gender":"female"}],"children":[]}', 1, 0, 'none', false, 'now' FROM users WHERE email = ${DEMO.crisis}`.execute(
      t.db,
    );

  it('refuses an origin region that does not exist (foreign key)', async () => {
    await expect(insert('VR99')).rejects.toMatchObject({ code: '23503', constraint: 'placement_requests_origin_region_fkey' });
    await expect(insert('VR01')).resolves.toBeDefined();
  });

  it('refuses a placement region that does not exist (foreign key)', async () => {
    const update = sql`UPDATE placement_requests SET placed_region = 'VR00' WHERE origin_region = 'VR01'`.execute(t.db);
    await expect(update).rejects.toMatchObject({ code: '23503', constraint: 'placement_requests_placed_region_fkey' });
  });
});
