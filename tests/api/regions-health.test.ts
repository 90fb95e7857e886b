import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';

let t: TestApp;
let analyst: Client;
beforeAll(async () => {
  t = await createTestApp('demo');
  analyst = await loginAs(t.app, DEMO.analyst);
});
afterAll(() => t.drop());

describe('GET /regions', () => {
  it("lists the 25 veiligheidsregio's of the default scheme", async () => {
    const body = await (await analyst.get('/regions')).json();
    expect(body.scheme.code).toBe('veiligheidsregio');
    expect(body.items).toHaveLength(25);
    expect(body.items[12]).toEqual({ code: 'VR13', name: 'Amsterdam-Amstelland' });
  });

  it('404s an unknown scheme and 400s a malformed one', async () => {
    expect((await analyst.get('/regions?scheme=ggd')).status).toBe(404);
    const problem = await problemOf(await analyst.get('/regions?scheme=Not%20a%20code'));
    expect(problem.invalidParams?.[0]?.name).toBe('query.scheme');
  });
});

describe('GET /health', () => {
  it('says the server and database are up', async () => {
    const response = await t.app.request('/api/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
