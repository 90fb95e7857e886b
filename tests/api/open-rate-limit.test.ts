import { afterAll, beforeAll, expect, it } from 'vitest';

import { createApp } from '../../server/app.ts';
import { trustedProxies } from '../../server/http/client-address.ts';
import { pruneBuckets } from '../../server/open/open-rate-limit.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// The open-data rate limit is one per address across every node: an attacker behind the load balancer
// who spreads a burst over two app instances (each with its own memory) still gets 60 at once, then one
// a second. The load balancer (127.0.0.1: in-process requests) writes the client's address.

let t: TestApp;
let nodes: Array<{ request: (path: string, init: RequestInit) => Response | Promise<Response> }>;

beforeAll(async () => {
  t = await createTestApp('migrated', { trustProxy: trustedProxies('127.0.0.1') });
  // A second node on the same database: its own Hono app, its own process memory.
  nodes = [t.app, createApp({ db: t.db, config: t.config }, { log: () => {} })];
}, 120_000);
afterAll(() => t.drop());

const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } });

it('limits one address across two nodes: a parallel burst gets 60 answers plus the refill, then 429 problems with Retry-After', async () => {
  const started = Date.now();
  const responses = await Promise.all(Array.from({ length: 150 }, (_, i) => nodes[i % 2]!.request('/api/v1/open/datapackage', from('198.51.100.7'))));
  const seconds = (Date.now() - started) / 1000;
  const ok = responses.filter((r) => r.status === 200);
  const refused = responses.map((r, i) => ({ r, node: i % 2 })).filter(({ r }) => r.status === 429);
  // Per node, each would have let 60 through at once: 120 of the 150. Shared: 60, and one a second since.
  expect(ok.length).toBeGreaterThanOrEqual(60);
  expect(ok.length).toBeLessThanOrEqual(60 + Math.ceil(seconds) + 1);
  expect(ok.length + refused.length).toBe(150);
  // Both nodes refuse: the count is the database's, not a node's.
  expect(new Set(refused.map(({ node }) => node))).toEqual(new Set([0, 1]));
  const { r: first } = refused[0]!;
  expect(first.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await first.json()).toMatchObject({ status: 429, title: 'Too many requests' });
  for (const { r } of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));

  // Another address is not held back by the first one's burst, on either node.
  for (const node of nodes) expect((await node.request('/api/v1/open/reports', from('198.51.100.8'))).status).toBe(200);
  // Without a trusted proxy the address is the peer's: a made-up X-Forwarded-For does not buy a fresh bucket.
  const direct = createApp({ db: t.db, config: { ...t.config, trustProxy: trustedProxies('') } }, { log: () => {} });
  const spoofed = await Promise.all(Array.from({ length: 70 }, (_, i) => direct.request('/api/v1/open/datapackage', from(`192.0.2.${i + 1}`))));
  expect(spoofed.some((r) => r.status === 429)).toBe(true);
}, 120_000);

it('lets the address in again once its bucket has refilled', async () => {
  const address = '198.51.100.9';
  const burst = await Promise.all(Array.from({ length: 62 }, () => t.app.request('/api/v1/open/datapackage', from(address))));
  const refused = burst.find((r) => r.status === 429)!;
  expect(refused).toBeDefined();
  const wait = Number(refused.headers.get('retry-after'));
  await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
  expect((await nodes[1]!.request('/api/v1/open/datapackage', from(address))).status).toBe(200);
}, 60_000);

it('forgets the buckets that have filled up again, and only those', async () => {
  await t.db
    .insertInto('open_data_buckets')
    .values([
      { address: '192.0.2.200', tokens: 3, at: new Date(Date.now() - 120_000) },
      { address: '192.0.2.201', tokens: 3, at: new Date() },
    ])
    .execute();
  await pruneBuckets(t.db, { capacity: 60, perSecond: 1 });
  const left = await t.db.selectFrom('open_data_buckets').select('address').where('address', 'like', '192.0.2.20%').execute();
  expect(left.map((r) => r.address)).toEqual(['192.0.2.201']);
});
