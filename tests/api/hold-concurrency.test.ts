import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defaultConfig } from '../../server/config.ts';
import { expireDueHolds } from '../../server/holds/hold-changes.ts';
import { newAccount } from '../helpers/accounts.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { newRequest } from '../helpers/factories.ts';
import { moveHoldsPastExpiry } from '../helpers/hold-time.ts';
import {
  eventsBreakingTransitions,
  holdsOutOfStepWithEvents,
  holdsOutOfStepWithPlaces,
  placesOutOfStepWithEvents,
  requestsOutOfStepWithHolds,
} from '../helpers/invariants.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 5, definition rule 5: two holds on one place can never both succeed. Over real HTTP (Node's
// fetch keeps its connections alive, so the attempts really overlap on the server), many crisis
// workers try to hold the same available place at once, round after round. Several accounts, because
// one account's attempts queue on that account's anti-hoarding lock and would not race each other.

const ATTEMPTS = 200;
const ROUNDS = 50;
const WORKERS = 20;
/** Holds that fall due at once at one location, while its shelter confirms it, per round. */
const EXPIRING = 10;
const CONFIRMATIONS = 3;
const EXPIRY_ROUNDS = 20;
/** Rounds of a hold and the closing of its request sent at once. */
const CLOSE_ROUNDS = 30;

let server: TestServer;
let admin: Client;
let workers: Client[];
let locationId: string;
/** One open request per attempt; a request that loses (or wins and is released) is open again next round. */
let attempts: Array<{ worker: Client; requestId: string }>;

beforeAll(async () => {
  // Which worker wins a round is chance: the holds-per-hour limit (its own test is hold-abuse.test.ts) must not decide it.
  server = await startTestServer('demo', { holdLimits: { ...defaultConfig.holdLimits, perHour: 10_000 } });
  const http = overHttp(server.url);
  admin = await loginAs(http, DEMO.admin);
  locationId = await newLocation(admin, await organisationOf(server.db, DEMO.shelter));
  workers = [];
  for (let w = 0; w < WORKERS; w++) workers.push(await newAccount(http, admin, 'crisis_worker'));
  attempts = [];
  for (let i = 0; i < ATTEMPTS; i += WORKERS) {
    attempts.push(...(await Promise.all(workers.map(async (worker) => ({ worker, requestId: (await newRequest(worker)).id })))));
  }
}, 180_000);
afterAll(() => server.stop());

async function activeHolds(placeId: string): Promise<number> {
  const { n } = await server.db
    .selectFrom('holds')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('place_id', '=', placeId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(n);
}

describe(`${ATTEMPTS} concurrent holds on one place, ${ROUNDS} rounds`, () => {
  it('has exactly one winner every round; every other attempt gets a 409 problem', async () => {
    let placeId = '';
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate a fresh place with the place the last winner released: both must be holdable once.
      if (round % 2 === 0) placeId = (await newPlace(admin, locationId)).id;

      const responses = await Promise.all(attempts.map(({ worker, requestId }) => worker.post('/holds', { requestId, placeId })));

      const winners = responses.flatMap((r, i) => (r.status === 201 ? [i] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      const losers = responses.filter((r) => r.status !== 201);
      expect(
        losers.map((r) => r.status),
        `round ${round}`,
      ).toEqual(Array(ATTEMPTS - 1).fill(409));
      for (const loser of losers) expect(loser.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await Promise.all(losers.map((r) => r.body?.cancel()));

      const hold = (await responses[winners[0]!]!.json()) as { id: string; status: string; place: { id: string } };
      expect(hold).toMatchObject({ status: 'active', place: { id: placeId } });
      expect(await activeHolds(placeId)).toBe(1);
      expect(await holdsOutOfStepWithPlaces(server.db)).toEqual([]);

      // The winner lets go, so the request is open again and the place available for the next round.
      const release = await attempts[winners[0]!]!.worker.patch(`/holds/${hold.id}`, { action: 'release' });
      expect(release.status).toBe(200);
    }
  }, 240_000);

  it('expires many holds of one location while its shelter confirms it, without a deadlock or a 500', async () => {
    const shelter = await loginAs(overHttp(server.url), DEMO.shelter);
    const location = await newLocation(admin, await organisationOf(server.db, DEMO.shelter));
    const places = await Promise.all(Array.from({ length: EXPIRING }, () => newPlace(admin, location)));
    for (let round = 0; round < EXPIRY_ROUNDS; round++) {
      const holds = await Promise.all(places.map((place, i) => attempts[i]!.worker.post('/holds', { requestId: attempts[i]!.requestId, placeId: place.id })));
      expect(holds.map((r) => r.status)).toEqual(Array(EXPIRING).fill(201));
      await moveHoldsPastExpiry(server.db);
      // Expiry (here and the server's own job) ends holds while confirmations lock the same places.
      const [, ...confirmations] = await Promise.all([
        expireDueHolds(server.db),
        ...Array.from({ length: CONFIRMATIONS }, () => shelter.post(`/locations/${location}/confirmations`)),
      ]);
      expect(
        confirmations.map((r) => r.status),
        `round ${round}`,
      ).toEqual(Array(CONFIRMATIONS).fill(201));
      await expect
        .poll(
          async () => {
            await expireDueHolds(server.db);
            return server.db.selectFrom('holds').select('id').where('status', '=', 'active').execute();
          },
          { timeout: 30_000 },
        )
        .toEqual([]);
    }
  }, 180_000);

  it('lets either the hold or the closing of a request win when both come at once, never both', async () => {
    // A location of its own, so the last test's count of the rounds' holds stays exact.
    const place = await newPlace(admin, await newLocation(admin, await organisationOf(server.db, DEMO.shelter)));
    const { worker } = attempts[0]!;
    for (let round = 0; round < CLOSE_ROUNDS; round++) {
      const request = await newRequest(worker);
      const [hold, close] = await Promise.all([
        worker.post('/holds', { requestId: request.id, placeId: place.id }),
        worker.patch(`/placement-requests/${request.id}`, { status: 'withdrawn' }),
      ]);
      const statuses = [hold.status, close.status];
      expect(statuses, `round ${round}`).toSatisfy((s: number[]) => (s[0] === 201 && s[1] === 409) || (s[0] === 409 && s[1] === 200));
      expect(await requestsOutOfStepWithHolds(server.db)).toEqual([]);
      if (hold.status === 201) {
        const { id } = (await hold.json()) as { id: string };
        expect((await worker.patch(`/holds/${id}`, { action: 'release' })).status).toBe(200);
      }
    }
  }, 120_000);

  it('leaves every place in step with its events and holds, and every request with its holds', async () => {
    expect(await placesOutOfStepWithEvents(server.db)).toEqual([]);
    expect(await holdsOutOfStepWithPlaces(server.db)).toEqual([]);
    expect(await requestsOutOfStepWithHolds(server.db)).toEqual([]);
    expect(await eventsBreakingTransitions(server.db)).toEqual([]);
    expect(await holdsOutOfStepWithEvents(server.db)).toEqual([]);
    // Every round's single hold is in the history: one `held` and one `hold_released` event each.
    const events = await server.db
      .selectFrom('place_events')
      .select('type')
      .where('type', 'in', ['held', 'hold_released'])
      .where('place_id', 'in', (eb) => eb.selectFrom('places').select('id').where('location_id', '=', locationId))
      .execute();
    expect(events.filter((e) => e.type === 'held')).toHaveLength(ROUNDS);
    expect(events.filter((e) => e.type === 'hold_released')).toHaveLength(ROUNDS);
  });
});
