import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';

import * as client from '../../web/lib/api.ts';
import { call } from '../../web/lib/api.ts';
import type { Hold, PlacementRequest } from '../../web/lib/types.ts';

// The web's typed client: keys, params, query and body typed from the server's route definitions
// (checked by tsc, which `npm run check` runs on this file), and the URL it builds from them.

const sent: Array<{ url: string; method: string; body: unknown }> = [];
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  sent.length = 0;
});

/** Answers every request with `answer`, recording what was asked: the client's own work, without a server. */
function answerWith(answer: unknown) {
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, method: init.method!, body: init.body === undefined ? undefined : JSON.parse(init.body as string) });
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

describe('the typed API client', () => {
  it("types a route's answer and input from its definition", () => {
    expectTypeOf(call<'GET /placement-requests/{id}'>).returns.resolves.toEqualTypeOf<PlacementRequest>();
    expectTypeOf(call<'PATCH /holds/{id}'>).returns.resolves.toEqualTypeOf<Hold>();
    // @ts-expect-error an action the route does not know
    expectTypeOf(call).toBeCallableWith('PATCH /holds/{id}', { params: { id: 'x' }, body: { action: 'steal' } });
    // @ts-expect-error a route that needs its id
    expectTypeOf(call).toBeCallableWith('GET /placement-requests/{id}');
    // @ts-expect-error no such route
    expectTypeOf(call).toBeCallableWith('GET /placement-request');
  });

  it('fills in the path, the query and the body', async () => {
    answerWith({ ok: true });
    await call('GET /placement-requests/{id}/matches', { params: { id: 'a b' }, query: { pageSize: 1, nearMisses: 'false', includeEarlier: undefined } });
    await call('PATCH /holds/{id}', { params: { id: 'h1' }, body: { action: 'release' } });
    await call('GET /regions');
    expect(sent).toEqual([
      { url: '/api/v1/placement-requests/a%20b/matches?pageSize=1&nearMisses=false', method: 'GET', body: undefined },
      { url: '/api/v1/holds/h1', method: 'PATCH', body: { action: 'release' } },
      { url: '/api/v1/regions', method: 'GET', body: undefined },
    ]);
  });
});

describe('the web talks to the API through call() only', () => {
  // The one exception: the CSV download asks for text/csv, which no route types; its query comes from
  // statisticsQueries, the same typed object call() sends for the charts.
  const RAW_FETCH_ALLOWED = ['web/lib/api.ts', 'web/lib/statistics.csv.ts'];
  const sources = (readdirSync('web', { recursive: true }) as string[])
    .filter((file) => /\.(ts|svelte)$/.test(file))
    .map((file) => ({ file: join('web', file), text: readFileSync(join('web', file), 'utf8') }));

  it('api.ts exports no untyped request function', () => {
    expect(Object.keys(client).sort()).toEqual(['ApiError', 'NetworkError', 'api', 'call', 'networkErrorText', 'whenReached', 'whenUnauthenticated']);
  });

  it('no other module fetches or calls an untyped helper', () => {
    expect(sources.length).toBeGreaterThan(50);
    const raw = sources.filter(({ file, text }) => !RAW_FETCH_ALLOWED.includes(file) && /\bfetch\(|\b(request|getJson)\s*(<[^>]*>)?\(\s*['"`]/.test(text));
    expect(raw.map(({ file }) => file)).toEqual([]);
  });
});
