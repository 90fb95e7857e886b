import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { placesOutOfStepWithEvents } from '../helpers/invariants.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { startServerProcess } from '../helpers/server-process.ts';

// Issue 3: a server killed (SIGKILL, no shutdown) in the middle of a stream of status changes loses
// no change it acknowledged, and leaves no place change without its event or event without its
// place change. A 2xx is sent only after the transaction (place row + event row) committed, so
// every acknowledged change must be in the database; changes in flight may or may not be.

const PLACES = 4;
const WRITERS = 8;
/** The server is killed once this many changes have been acknowledged; the writers keep going. */
const KILL_AFTER = 120;

const STATUSES = [{ status: 'occupied' }, { status: 'available' }, { status: 'unavailable', unavailableReason: 'maintenance' }] as const;

interface Acknowledged {
  placeId: string;
  version: number;
  status: string;
}

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startServerProcess>>;
// The demo accounts' public password opens them only in demo mode; seeding finds the data and skips.
const DEMO_MODE = { SEED_DEMO: 'always' };
beforeAll(async () => {
  database = await createTestDatabase('demo');
  server = await startServerProcess(database.url, DEMO_MODE);
}, 120_000);
afterAll(async () => {
  await server?.kill();
  await database?.drop();
});

/** One writer: changes random places, re-basing on the version a 409 reports, until the server is gone. */
async function writer(shelter: Client, places: string[], versions: Map<string, number>, acknowledged: Acknowledged[], onAck: () => void) {
  for (let i = 0; ; i++) {
    const placeId = places[(i * 7 + acknowledged.length) % places.length]!;
    const change = STATUSES[(i + acknowledged.length) % STATUSES.length]!;
    let response: Response;
    try {
      response = await shelter.patch(`/places/${placeId}`, { version: versions.get(placeId)!, ...change });
    } catch {
      return; // connection refused or reset: the server was killed.
    }
    const body = (await response.json().catch(() => undefined)) as { version: number; status: string; current?: { version: number } } | undefined;
    if (response.status === 200 && body) {
      acknowledged.push({ placeId, version: body.version, status: body.status });
      versions.set(placeId, Math.max(versions.get(placeId)!, body.version));
      onAck();
    } else if (response.status === 409 && body?.current) {
      versions.set(placeId, body.current.version);
    } else if (body === undefined) {
      return; // the response was cut off by the kill.
    } else {
      throw new Error(`unexpected ${response.status}: ${JSON.stringify(body)}`);
    }
  }
}

describe('SIGKILL in the middle of a stream of status changes', () => {
  const acknowledged: Acknowledged[] = [];
  let places: string[] = [];

  it('loses no acknowledged change and leaves every place in step with its events', async () => {
    const http = overHttp(server.url);
    const [shelter, admin] = await Promise.all([loginAs(http, DEMO.shelter), loginAs(http, DEMO.admin)]);
    const location = await newLocation(admin, await organisationOf(database.db, DEMO.shelter));
    const created = await Promise.all(Array.from({ length: PLACES }, () => newPlace(admin, location)));
    places = created.map((p) => p.id);
    const versions = new Map(created.map((p) => [p.id, p.version]));

    let killing: Promise<void> | undefined;
    const onAck = () => {
      if (!killing && acknowledged.length >= KILL_AFTER) killing = server.kill();
    };
    await Promise.all(Array.from({ length: WRITERS }, () => writer(shelter, places, versions, acknowledged, onAck)));
    await killing;
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

    // Every acknowledged change is in its place's history, with the status the response reported.
    const events = await database.db.selectFrom('place_events').select(['place_id', 'version', 'status']).where('place_id', 'in', places).execute();
    const recorded = new Set(events.map((e) => `${e.place_id}@${e.version}=${e.status}`));
    const lost = acknowledged.filter((a) => !recorded.has(`${a.placeId}@${a.version}=${a.status}`));
    expect(lost).toEqual([]);

    // No place change without its event and no event without its place change, database-wide.
    expect(await placesOutOfStepWithEvents(database.db)).toEqual([]);
    const rows = await database.db.selectFrom('places').select(['id', 'version']).where('id', 'in', places).execute();
    for (const row of rows) {
      // A change may have committed with its response lost in the kill, never the other way round.
      const highestAcknowledged = Math.max(versions.get(row.id)!, ...acknowledged.filter((a) => a.placeId === row.id).map((a) => a.version));
      expect(row.version).toBeGreaterThanOrEqual(highestAcknowledged);
    }
  }, 180_000);

  it('serves again after a restart on the same database, and the next change works', async () => {
    server = await startServerProcess(database.url, DEMO_MODE);
    const http = overHttp(server.url);
    expect((await http.request('/api/v1/health')).status).toBe(200);

    const shelter = await loginAs(http, DEMO.shelter);
    const placeId = places[0]!;
    const current = (await (await shelter.get(`/places/${placeId}`)).json()) as { version: number; status: string };
    const next = current.status === 'occupied' ? 'available' : 'occupied';
    const response = await shelter.patch(`/places/${placeId}`, { version: current.version, status: next });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ version: current.version + 1, status: next });
    expect(await placesOutOfStepWithEvents(database.db)).toEqual([]);
  }, 120_000);
});
