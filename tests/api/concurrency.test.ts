import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { eventCount, placesOutOfStepWithEvents } from '../helpers/invariants.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Definition rule 5 over real HTTP: many shelter staff change one place at once, each naming the
// version they saw. The guard in the UPDATE's WHERE clause lets exactly one change per version win;
// the others get 409 with the current state, and no change is lost or merged.

let server: TestServer;
let shelter: Client;
let admin: Client;
let organisationId: string;
beforeAll(async () => {
  server = await startTestServer('demo');
  const http = overHttp(server.url);
  [shelter, admin] = await Promise.all([loginAs(http, DEMO.shelter), loginAs(http, DEMO.admin)]);
  organisationId = await organisationOf(server.db, DEMO.shelter);
});
afterAll(() => server.stop());

const STATUSES = [{ status: 'occupied' }, { status: 'available' }, { status: 'unavailable', unavailableReason: 'staffing' }] as const;

type Problem = { status: number; current: { version: number; status: string } };

describe('concurrent status changes of one place', () => {
  it('lets exactly one of 100 changes based on the same version win; 99 get 409 with the current state', async () => {
    const place = await newPlace(admin, await newLocation(admin, organisationId));
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => shelter.patch(`/places/${place.id}`, { version: place.version, ...STATUSES[i % STATUSES.length]! })),
    );

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const winner = await responses.find((r) => r.status === 200)!.json();
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as Problem;
      // Every loser sees the winner's change, never a state that did not exist.
      expect(problem.current).toMatchObject({ version: place.version + 1, status: winner.status });
    }
    expect(await eventCount(server.db, place.id)).toBe(place.version + 1);
    const row = await server.db.selectFrom('places').select(['version', 'status']).where('id', '=', place.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ version: place.version + 1, status: winner.status });
  }, 120_000);

  it('raises the version by exactly the number of committed changes when writers retry on conflict', async () => {
    const place = await newPlace(admin, await newLocation(admin, organisationId));
    const WRITERS = 10;
    const CHANGES_EACH = 5;
    let conflicts = 0;

    // Each writer commits CHANGES_EACH changes, re-basing on the version a 409 reports.
    const writer = async (w: number) => {
      let version = place.version;
      let committed = 0;
      while (committed < CHANGES_EACH) {
        const response = await shelter.patch(`/places/${place.id}`, { version, ...STATUSES[(w + committed) % STATUSES.length]! });
        if (response.status === 200) {
          version = ((await response.json()) as { version: number }).version;
          committed++;
        } else {
          expect(response.status).toBe(409);
          version = ((await response.json()) as Problem).current.version;
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    const committed = WRITERS * CHANGES_EACH;
    const row = await server.db.selectFrom('places').select('version').where('id', '=', place.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(place.version + committed);
    expect(await eventCount(server.db, place.id)).toBe(row.version);
    // Concurrency really happened: some writers had to re-base.
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);

  it("leaves every place's version equal to its number of events", async () => {
    expect(await placesOutOfStepWithEvents(server.db)).toEqual([]);
  });
});
