import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Role } from '../../db/schema.ts';
import { changesAfter, latestSeq } from '../../server/changes/changes.repository.ts';
import { defaultConfig } from '../../server/config.ts';
import { changeFor, followsFiguresOnly } from '../../server/policy/audience.ts';
import type { Change } from '../../server/realtime/contract.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { newHold } from '../helpers/factories.ts';
import { type LiveClient, liveClient, loginCookie, waitFor } from '../helpers/live.ts';
import { organisationOf } from '../helpers/places.ts';
import { startServerOn, startTestServer, type TestServer } from '../helpers/server.ts';

// Per role, a socket receives exactly what the audience function allows during a scripted stream
// of changes, GET /changes returns the same for the same reader, and analysts get no single change.

const FIGURES_SECONDS = 1;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('demo', { live: { ...defaultConfig.live, figuresSeconds: FIGURES_SECONDS } });
});
afterAll(async () => {
  await server?.stop();
});

interface Reader {
  email: string;
  role: Role;
  organisationId: string | null;
  cookie: string;
  live: LiveClient;
  figures: number;
}

async function reader(email: string): Promise<Reader> {
  const user = await server.db.selectFrom('users').select(['role', 'organisation_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const cookie = await loginCookie(server.url, email);
  const live = liveClient(server.url, cookie);
  await live.connected();
  const r: Reader = { email, role: user.role, organisationId: user.organisation_id, cookie, live, figures: 0 };
  live.socket.on('figures:changed', (...args: unknown[]) => {
    expect(args).toEqual([]);
    r.figures++;
  });
  return r;
}

/** Places of an organisation, not held, to change status of. */
async function placesOf(organisationId: string, limit: number) {
  return server.db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select(['places.id', 'places.version', 'places.status', 'places.location_id'])
    .where('locations.organisation_id', '=', organisationId)
    .where('places.status', 'in', ['available', 'occupied'])
    .orderBy('places.id')
    .limit(limit)
    .execute();
}

async function toggle(staff: Client, place: { id: string; version: number; status: string }) {
  const response = await staff.patch(`/places/${place.id}`, { version: place.version, status: place.status === 'available' ? 'occupied' : 'available' });
  expect(response.status).toBe(200);
}

const bySeq = (changes: Change[]) => [...changes].sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));

describe('who receives which change', () => {
  it("each role's socket gets exactly the audience function's answer, /changes the same; analysts only the figures signal", async () => {
    const readers = await Promise.all([DEMO.admin, DEMO.crisis, DEMO.shelter, DEMO.shelter2, DEMO.analyst].map(reader));
    const start = await latestSeq(server.db);
    const http = overHttp(server.url);
    const [shelter, shelter2, crisis] = await Promise.all([loginAs(http, DEMO.shelter), loginAs(http, DEMO.shelter2), loginAs(http, DEMO.crisis)]);
    const [orgA, orgB] = await Promise.all([organisationOf(server.db, DEMO.shelter), organisationOf(server.db, DEMO.shelter2)]);

    // The script: status changes at two organisations, and a crisis worker's hold (a single household).
    for (const place of await placesOf(orgA, 4)) await toggle(shelter, place);
    for (const place of await placesOf(orgB, 3)) await toggle(shelter2, place);
    const [heldAt] = await placesOf(orgA, 1);
    await newHold(server.db, crisis, heldAt!.location_id);

    const committed = await changesAfter(server.db, start, 1_000);
    expect(committed.length).toBeGreaterThanOrEqual(8);
    const expected = (r: Reader) => committed.flatMap((change) => changeFor(r, change) ?? []);
    await waitFor(() => readers.every((r) => r.live.received.length >= expected(r).length), 10_000);
    // Anything late would show up now.
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (const r of readers) {
      expect(bySeq(r.live.received), r.email).toEqual(expected(r));
      const response = await fetch(`${server.url}/api/v1/changes?after=${start}`, { headers: { Cookie: r.cookie } });
      if (followsFiguresOnly(r)) {
        expect(response.status, r.email).toBe(403);
      } else {
        expect(response.status, r.email).toBe(200);
        expect((await response.json()).items, r.email).toEqual(expected(r));
      }
    }

    // The rules themselves, not only their consistency.
    const [admin, crisisReader, own, other, analyst] = readers;
    expect(admin!.live.received).toEqual(committed);
    expect(crisisReader!.live.received).toEqual(committed);
    expect(own!.live.received.filter((c) => 'placeId' in c)).toEqual(committed.filter((c) => c.organisationId === orgA));
    expect(other!.live.received.filter((c) => 'placeId' in c)).toEqual(committed.filter((c) => c.organisationId === orgB));
    expect(other!.live.received.find((c) => !('placeId' in c))).toEqual(expect.objectContaining({ type: expect.any(String) }));
    expect(analyst!.live.received).toEqual([]);
    await waitFor(() => analyst!.figures > 0, 5_000);
    for (const r of readers) r.live.close();
  });

  it("an analyst's figures signal comes on the tick, at most once per tick, however many changes", async () => {
    const analyst = await reader(DEMO.analyst);
    const shelter = await loginAs(overHttp(server.url), DEMO.shelter);
    const started = Date.now();
    for (const place of await placesOf(await organisationOf(server.db, DEMO.shelter), 10)) await toggle(shelter, place);
    await new Promise((resolve) => setTimeout(resolve, 2_500 * FIGURES_SECONDS));
    const ticks = Math.ceil((Date.now() - started) / (FIGURES_SECONDS * 1000)) + 1;
    expect(analyst.figures).toBeGreaterThan(0);
    expect(analyst.figures).toBeLessThanOrEqual(ticks);
    expect(analyst.live.received).toEqual([]);
    // A reconnecting analyst replays nothing and learns no sequence number (it would count events).
    expect(await analyst.live.resume('1')).toEqual({ latestSeq: null, reload: true, replayed: 0 });
    expect(analyst.live.received).toEqual([]);
    analyst.live.close();
  });
});

describe('sync:resume abuse', () => {
  it("150 calls on one socket replay at most the bucket's worth; the rest are refused in the ack", async () => {
    const row = await server.db.selectFrom('place_events').select('seq').orderBy('seq', 'desc').offset(999).limit(1).executeTakeFirstOrThrow();
    const after = String(BigInt(row.seq) - 1n);
    const admin = await reader(DEMO.admin);
    const answers = await Promise.all(Array.from({ length: 150 }, () => admin.live.socket.timeout(20_000).emitWithAck('sync:resume', after)));
    const replayed = answers.filter((a) => a.ok);
    const refused = answers.filter((a) => !a.ok);
    const { resumeBurst } = defaultConfig.live;
    expect(replayed.length).toBeLessThanOrEqual(resumeBurst + 1);
    expect(refused.length).toBeGreaterThanOrEqual(150 - resumeBurst - 1);
    for (const answer of refused) expect(answer).toEqual({ ok: false, error: expect.stringMatching(/too many sync:resume/) });
    for (const answer of replayed) expect(answer.ok && answer.data.replayed).toBe(1_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 150 × 1,000 events before the limit; now at most the burst's worth.
    expect(admin.live.received.length).toBeLessThanOrEqual((resumeBurst + 1) * 1_000);
    expect(admin.live.received.length).toBe(replayed.length * 1_000);
    admin.live.close();
  });

  it('a session opens at most the configured number of sockets', async () => {
    const cookie = await loginCookie(server.url, DEMO.crisis);
    const { maxSocketsPerSession } = defaultConfig.live;
    const sockets = Array.from({ length: maxSocketsPerSession + 5 }, () => liveClient(server.url, cookie));
    const outcomes = await Promise.all(
      sockets.map((s) =>
        s.connected().then(
          () => 'open',
          (e: Error) => e.message,
        ),
      ),
    );
    // Racing handshakes may pass the first check; the connection step counts again and closes the excess.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sockets.filter((s) => s.socket.connected).length).toBe(maxSocketsPerSession);
    expect(outcomes.filter((o) => o !== 'open').every((o) => o === 'too many connections')).toBe(true);
    for (const s of sockets) s.close();
  });

  // The limits are per node by choice (README, "Live updates"): each guards the event loop and the
  // replays of the node that does the work; a session's total is at most nodes × limit.
  it('on two nodes, each caps the session on its own: at most twice the limit in all', async () => {
    const database = await createTestDatabase('demo');
    const first = await startServerOn(database, {}, { keepDatabase: true });
    const second = await startServerOn(database);
    try {
      const cookie = await loginCookie(first.url, DEMO.crisis);
      const { maxSocketsPerSession } = defaultConfig.live;
      const sockets = [first.url, second.url].flatMap((url) => Array.from({ length: maxSocketsPerSession + 3 }, () => liveClient(url, cookie)));
      await Promise.all(sockets.map((s) => s.connected().catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const open = sockets.filter((s) => s.socket.connected);
      expect(open.length).toBe(2 * maxSocketsPerSession);
      for (const s of sockets) s.close();
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
