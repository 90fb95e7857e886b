import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDb, type Db, migrateToLatest } from '../../db/database.ts';
import { type EmbeddedServer, ensureDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { loadReferenceData } from '../../db/seed/reference.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { Change, PlaceChange } from '../../server/realtime/contract.ts';
import { DEMO } from '../helpers/client.ts';
import { type LiveClient, liveClient, loginCookie } from '../helpers/live.ts';
import { startServerOn, type TestServer } from '../helpers/server.ts';

// PostgreSQL restarts under a stream of status changes. The cluster is this file's own (stopping the
// shared test cluster would break every other file): its own data directory and port, kept on disk
// across the restart like a real one. The API node runs on, never restarted.

const DATABASE = 'noodbed';
// No request may hang while the database is away: each gets this long before the test calls it hung.
const REQUEST_TIMEOUT_MS = 15_000;
const RECOVERY_TIMEOUT_MS = 90_000;

let dataDir: string;
let cluster: EmbeddedServer;
let db: Db;
let api: TestServer;
let cookie: string;
let live: LiveClient;
/** What the API node logged, and how many 503s it answered this test. */
const logged: Array<{ message: string; error: unknown }> = [];
let answered503 = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'noodbed-restart-'));
  cluster = await startEmbeddedPostgres(dataDir, { persistent: true, quiet: true });
  await ensureDatabase(cluster, DATABASE);
  const url = cluster.url(DATABASE);
  db = createDb(url, { max: 2 });
  await migrateToLatest(db);
  await loadReferenceData(db);
  await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  api = await startServerOn(
    { db, url, name: DATABASE, drop: async () => {} },
    {},
    { keepDatabase: true, log: (message, error) => logged.push({ message, error }) },
  );
  cookie = await loginCookie(api.url, DEMO.admin);
  live = liveClient(api.url, cookie);
  await live.connected();
}, 180_000);

afterAll(async () => {
  live?.close();
  await api?.stop();
  await db?.destroy();
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

interface Outcome {
  status: number | 'no answer';
  problem: boolean;
  detail: string;
}

async function call(path: string, init: RequestInit = {}): Promise<Outcome & { body: any }> {
  try {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      ...init,
      headers: { Cookie: cookie, 'Content-Type': 'application/json', ...init.headers },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const problem = /^application\/problem\+json/.test(response.headers.get('content-type') ?? '');
    if (response.status === 503) answered503++;
    return { status: response.status, problem, detail: text.slice(0, 200), body: text ? JSON.parse(text) : null };
  } catch (error) {
    return { status: 'no answer', problem: false, detail: String(error), body: null };
  }
}

/** Shelter-style status changes: one writer per place, all at once, each until stopped. */
function changeStream(places: Array<{ id: string; version: number; status: string }>) {
  const acknowledged: Array<{ placeId: string; version: number; status: string }> = [];
  const outcomes: Outcome[] = [];
  let running = true;
  const writer = async (place: (typeof places)[number]) => {
    while (running) {
      const status = place.status === 'available' ? 'occupied' : 'available';
      const outcome = await call(`/places/${place.id}`, { method: 'PATCH', body: JSON.stringify({ version: place.version, status }) });
      outcomes.push(outcome);
      if (outcome.status === 200) {
        acknowledged.push({ placeId: place.id, version: outcome.body.version, status });
        Object.assign(place, { version: outcome.body.version, status });
      } else if (outcome.status === 409) {
        // A change answered 503 may still have committed: continue from the current state.
        Object.assign(place, { version: outcome.body.current.version, status: outcome.body.current.status });
      }
      // Pacing only, so a down database is not hammered in a tight loop.
      await sleep(10);
    }
  };
  const done = Promise.all(places.map(writer));
  return {
    acknowledged,
    outcomes,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const isPlaceChange = (change: Change): change is PlaceChange => 'placeId' in change;
const key = (change: { placeId: string; version: number; status: string }) => `${change.placeId} v${change.version} ${change.status}`;

describe('PostgreSQL restarting during a stream of changes', () => {
  it('gives 503 problem+json while it is down, recovers on its own, loses no acknowledged change, and live updates resume', async () => {
    const places = await db
      .selectFrom('places')
      .select(['id', 'version', 'status'])
      .where('status', 'in', ['available', 'occupied'])
      .orderBy('id')
      .limit(8)
      .execute();
    const stream = changeStream(places);
    await expect.poll(() => stream.acknowledged.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(10);

    await cluster.stop();
    const downFrom = stream.outcomes.length;
    await expect.poll(() => stream.outcomes.slice(downFrom).some((o) => o.status === 503), { timeout: 60_000 }).toBe(true);
    for (const path of ['/health', '/places', '/sessions/current']) {
      const outcome = await call(path);
      expect({ path, status: outcome.status, problem: outcome.problem }).toEqual({ path, status: 503, problem: true });
    }

    await cluster.start();
    // No restart of the API: the same node, the same pools, the same socket.
    await expect.poll(async () => (await call('/health')).status, { timeout: RECOVERY_TIMEOUT_MS, interval: 500 }).toBe(200);
    const ackedAtRecovery = stream.acknowledged.length;
    await expect.poll(() => stream.acknowledged.length, { timeout: RECOVERY_TIMEOUT_MS }).toBeGreaterThanOrEqual(ackedAtRecovery + 5);
    await stream.stop();

    // Every answer was an acknowledgement, a conflict after an ambiguous 503, or a 503 problem: no 500, no hang.
    const unexpected = stream.outcomes.filter((o) => !(o.status === 200 || o.status === 409 || (o.status === 503 && o.problem)));
    expect(unexpected).toEqual([]);
    expect(stream.outcomes.filter((o) => o.status === 503).length).toBeGreaterThan(0);

    // No acknowledged change is lost: each is an event in the database.
    const events = await db
      .selectFrom('place_events')
      .select(['place_id as placeId', 'version', 'status'])
      .where(
        'place_id',
        'in',
        places.map((p) => p.id),
      )
      .execute();
    const recorded = new Set(events.map(key));
    expect(stream.acknowledged.map(key).filter((k) => !recorded.has(k))).toEqual([]);

    // The LISTEN connection is back, and the socket gets every acknowledged change, also those after recovery.
    await expect
      .poll(
        async () => {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from pg_stat_activity where datname = ${DATABASE} and query ilike 'listen %'`.execute(db);
          return rows[0]!.n;
        },
        { timeout: RECOVERY_TIMEOUT_MS },
      )
      .toBeGreaterThanOrEqual(1);
    await expect
      .poll(
        () => {
          const received = new Set(live.received.filter(isPlaceChange).map(key));
          return stream.acknowledged.map(key).filter((k) => !received.has(k));
        },
        { timeout: RECOVERY_TIMEOUT_MS },
      )
      .toEqual([]);
    expect(live.socket.connected).toBe(true);

    // The outage is logged once when it starts and once when it ends, with no stack trace per 503
    // (there were ~375 per node in 8 s).
    await expect.poll(() => logged.length, { timeout: 10_000 }).toBe(2);
    expect(logged.map((l) => l.error)).toEqual([undefined, undefined]);
    expect(logged[0]!.message).toMatch(/^Database unavailable \(.+\): requests are answered 503 until it is back/);
    expect(logged[1]!.message).toMatch(/^Database available again after \d+ s; \d+ requests were answered 503 meanwhile\.$/);
    expect(Number(/; (\d+) requests/.exec(logged[1]!.message)![1])).toBe(answered503);
  }, 300_000);
});
