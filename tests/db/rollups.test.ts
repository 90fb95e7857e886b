import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';

import type { Db } from '../../db/database.ts';
import type { PlaceEventType, PlaceKind, PlaceStatus } from '../../db/schema.ts';
import { appendEvents } from '../../server/places/place-events.repository.ts';
import { startRollupJob } from '../../server/startup/rollup-job.ts';
import { closeDays, lastDayToClose, TIME_ZONE } from '../../server/statistics/rollups.ts';
import { CONFIRMING_EVENTS } from '../../shared/vocabulary.ts';
import { amsterdamDate, daysBetween, midnight, nextDay } from '../helpers/amsterdam-days.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { locationsInRegions } from '../helpers/region-locations.ts';

// Rollups against a real PostgreSQL: hand-computed cases around midnight, DST and staleness, and a
// property: closing days in random chunks gives exactly what a plain walk over the events gives.

const HOUR = 3600;
const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.drop()));
});

async function freshDb(): Promise<Db> {
  const t = await createTestDatabase('migrated');
  open.push(t);
  return t.db;
}

/** Two locations in two veiligheidsregio's (VR13 Amsterdam-Amstelland, VR09 Utrecht). */
const locations = (db: Db) => locationsInRegions(db, ['VR13', 'VR09'], 'Rollup test');

async function insertPlace(db: Db, locationId: string, kind: PlaceKind): Promise<string> {
  const shape = kind === 'bed' ? { beds: 1, max_adults: 1, max_children: 0 } : { beds: 4, max_adults: 1, max_children: 3 };
  const row = await db
    .insertInto('places')
    .values({
      location_id: locationId,
      label: 'Rollup place',
      kind,
      ...shape,
      accessibility: 'none',
      status: 'available',
      unavailable_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

interface TestEvent {
  type: PlaceEventType;
  status: PlaceStatus;
  at: Date;
}

/** Appends a place's events in the order given, with versions 1..n as the write path would. */
async function appendHistory(db: Db, placeId: string, events: TestEvent[]): Promise<void> {
  if (!events.length) return;
  await db
    .insertInto('place_events')
    .values(
      events.map((event, i) => ({
        place_id: placeId,
        occurred_at: event.at,
        type: event.type,
        status: event.status,
        unavailable_reason: event.status === 'unavailable' ? 'maintenance' : null,
        version: i + 1,
      })),
    )
    .execute();
}

async function placeDay(db: Db, placeId: string, day: string) {
  return db
    .selectFrom('place_days')
    .select(['available_seconds', 'held_seconds', 'occupied_seconds', 'unavailable_seconds', 'stale_seconds'])
    .where('place_id', '=', placeId)
    .where('day', '=', day)
    .executeTakeFirst();
}

const seconds = (s: Partial<{ available: number; held: number; occupied: number; unavailable: number; stale: number }>) => ({
  available_seconds: s.available ?? 0,
  held_seconds: s.held ?? 0,
  occupied_seconds: s.occupied ?? 0,
  unavailable_seconds: s.unavailable ?? 0,
  stale_seconds: s.stale ?? 0,
});

const at = (iso: string) => new Date(iso);

describe('closing days, by hand', () => {
  const cases: Array<{
    name: string;
    freshnessHours: number;
    events: TestEvent[];
    through: string;
    expected: Record<string, ReturnType<typeof seconds> | undefined>;
  }> = [
    {
      name: 'the spring DST day has 23 hours',
      freshnessHours: 24,
      events: [
        { type: 'registered', status: 'available', at: at('2026-03-28T12:00:00+01:00') },
        { type: 'confirmed', status: 'available', at: at('2026-03-29T10:00:00+02:00') },
      ],
      through: '2026-03-29',
      expected: { '2026-03-28': seconds({ available: 12 * HOUR }), '2026-03-29': seconds({ available: 23 * HOUR }) },
    },
    {
      name: 'the autumn DST day has 25 hours',
      freshnessHours: 24,
      events: [
        { type: 'registered', status: 'occupied', at: at('2026-10-24T23:00:00+02:00') },
        { type: 'confirmed', status: 'occupied', at: at('2026-10-25T18:00:00+01:00') },
      ],
      through: '2026-10-25',
      expected: { '2026-10-24': seconds({ occupied: HOUR }), '2026-10-25': seconds({ occupied: 25 * HOUR }) },
    },
    {
      name: 'staleness starts mid-day and carries across midnight; the place exists from its registration',
      freshnessHours: 24,
      events: [{ type: 'registered', status: 'available', at: at('2026-06-01T10:00:00+02:00') }],
      through: '2026-06-03',
      expected: {
        '2026-05-31': undefined,
        '2026-06-01': seconds({ available: 14 * HOUR }),
        '2026-06-02': seconds({ available: 10 * HOUR, stale: 14 * HOUR }),
        '2026-06-03': seconds({ stale: 24 * HOUR }),
      },
    },
    {
      name: 'a place registered mid-day counts whole seconds from then',
      freshnessHours: 24,
      events: [{ type: 'registered', status: 'unavailable', at: at('2026-06-10T23:59:58.700+02:00') }],
      through: '2026-06-10',
      expected: { '2026-06-10': seconds({ unavailable: 2 }) },
    },
    {
      name: 'status changes split the day; a hold does not confirm but its acceptance does',
      freshnessHours: 24,
      events: [
        { type: 'registered', status: 'available', at: at('2026-07-01T00:00:00+02:00') },
        { type: 'held', status: 'held', at: at('2026-07-01T06:00:00+02:00') },
        { type: 'hold_accepted', status: 'occupied', at: at('2026-07-01T07:00:00+02:00') },
        { type: 'status_changed', status: 'unavailable', at: at('2026-07-01T20:00:00+02:00') },
      ],
      through: '2026-07-02',
      expected: {
        '2026-07-01': seconds({ available: 6 * HOUR, held: HOUR, occupied: 13 * HOUR, unavailable: 4 * HOUR }),
        '2026-07-02': seconds({ unavailable: 20 * HOUR, stale: 4 * HOUR }),
      },
    },
    {
      // occurred_at is a transaction's start: the later-committed change may carry the earlier time.
      name: "events count in commit (seq) order, and a time that goes backwards takes its predecessor's",
      freshnessHours: 24,
      events: [
        { type: 'registered', status: 'available', at: at('2026-09-10T00:00:00.000+02:00') },
        { type: 'status_changed', status: 'occupied', at: at('2026-09-10T12:00:00.900+02:00') },
        { type: 'status_changed', status: 'unavailable', at: at('2026-09-10T11:00:00.100+02:00') },
      ],
      through: '2026-09-10',
      expected: { '2026-09-10': seconds({ available: 12 * HOUR, unavailable: 12 * HOUR }) },
    },
    {
      name: 'held, expired and updated confirm nothing: stale overrides the status',
      freshnessHours: 2,
      events: [
        { type: 'registered', status: 'available', at: at('2026-08-01T00:00:00+02:00') },
        { type: 'held', status: 'held', at: at('2026-08-01T01:00:00+02:00') },
        { type: 'hold_expired', status: 'available', at: at('2026-08-01T05:00:00+02:00') },
        { type: 'updated', status: 'available', at: at('2026-08-01T06:00:00+02:00') },
        { type: 'confirmed', status: 'available', at: at('2026-08-01T23:00:00+02:00') },
      ],
      through: '2026-08-01',
      expected: { '2026-08-01': seconds({ available: 2 * HOUR, held: HOUR, stale: 21 * HOUR }) },
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const db = await freshDb();
      const [location] = await locations(db);
      const placeId = await insertPlace(db, location!.id, 'bed');
      await appendHistory(db, placeId, c.events);
      await closeDays(db, { through: c.through, freshnessHours: c.freshnessHours });
      for (const [day, expected] of Object.entries(c.expected)) {
        expect(await placeDay(db, placeId, day), day).toEqual(expected);
      }
    });
  }

  it('sums place days per region, closes each day once, and never a day that is not over', async () => {
    const db = await freshDb();
    const [amsterdam, utrecht] = await locations(db);
    const registered = (status: PlaceStatus): TestEvent[] => [{ type: 'registered', status, at: at('2026-09-01T00:00:00+02:00') }];
    for (const [location, kind, status] of [
      [amsterdam, 'bed', 'available'],
      [amsterdam, 'bed', 'occupied'],
      [amsterdam, 'family_unit', 'occupied'],
      [utrecht, 'bed', 'unavailable'],
    ] as const) {
      await appendHistory(db, await insertPlace(db, location!.id, kind), registered(status));
    }
    expect(await closeDays(db, { through: '2026-09-01', freshnessHours: 48 })).toEqual({ closed: 1 });
    expect(await closeDays(db, { through: '2026-09-01', freshnessHours: 48 })).toEqual({ closed: 0 });
    const rows = await db.selectFrom('region_days').selectAll().orderBy('region_code').orderBy('kind').execute();
    expect(rows).toEqual([
      {
        scheme_code: 'veiligheidsregio',
        region_code: 'VR09',
        day: '2026-09-01',
        kind: 'bed',
        places: 1,
        beds: 1,
        available_seconds: '0',
        held_seconds: '0',
        occupied_seconds: '0',
        unavailable_seconds: String(24 * HOUR),
        stale_seconds: '0',
      },
      {
        scheme_code: 'veiligheidsregio',
        region_code: 'VR13',
        day: '2026-09-01',
        kind: 'bed',
        places: 2,
        beds: 2,
        available_seconds: String(24 * HOUR),
        held_seconds: '0',
        occupied_seconds: String(24 * HOUR),
        unavailable_seconds: '0',
        stale_seconds: '0',
      },
      {
        scheme_code: 'veiligheidsregio',
        region_code: 'VR13',
        day: '2026-09-01',
        kind: 'family_unit',
        places: 1,
        beds: 4,
        available_seconds: '0',
        held_seconds: '0',
        occupied_seconds: String(24 * HOUR),
        unavailable_seconds: '0',
        stale_seconds: '0',
      },
    ]);
    // Today and later are not over yet, whatever `through` asks for.
    const far = await closeDays(db, { through: '2999-01-01', freshnessHours: 48 });
    const state = await db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow();
    const today = amsterdamDate(Date.now());
    expect(daysBetween(state.closed_through!, today)).toBe(1);
    expect(far.closed).toBe(daysBetween('2026-09-01', state.closed_through!));
  });

  it('two nodes closing at once close every day exactly once', async () => {
    const db = await freshDb();
    const [location] = await locations(db);
    await appendHistory(db, await insertPlace(db, location!.id, 'bed'), [{ type: 'registered', status: 'available', at: at('2026-05-01T09:00:00+02:00') }]);
    const results = await Promise.all([1, 2, 3].map(() => closeDays(db, { through: '2026-05-20', freshnessHours: 24 })));
    expect(results.reduce((sum, r) => sum + r.closed, 0)).toBe(20);
    const { n } = await db
      .selectFrom('place_days')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(20);
  });
});

describe('closing a day in commit order', () => {
  it('a hold begun before a confirmation and committed after it counts as held from the confirmation on', async () => {
    const db = await freshDb();
    const [location] = await locations(db);
    const placeId = await insertPlace(db, location!.id, 'bed');
    await sql`INSERT INTO place_events (place_id, occurred_at, type, status, version) VALUES (${placeId}, now() - interval '1 minute', 'registered', 'available', 1)`.execute(
      db,
    );
    // Connection A: the hold's transaction starts (its now() is fixed here) and waits; connection B
    // confirms the place and commits; then A holds it and commits: A's occurred_at is the earlier one.
    await db.transaction().execute(async (hold) => {
      await sql`SELECT now()`.execute(hold);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await db.transaction().execute(async (confirm) => {
        const row = await confirm
          .updateTable('places')
          .set({ version: sql`version + 1`, confirmed_at: sql`now()` })
          .where('id', '=', placeId)
          .returning('version')
          .executeTakeFirstOrThrow();
        await appendEvents(confirm, [{ placeId, type: 'confirmed', status: 'available', unavailableReason: null, version: row.version, actorUserId: null }]);
      });
      const row = await hold
        .updateTable('places')
        .set({ status: 'held', version: sql`version + 1` })
        .where('id', '=', placeId)
        .returning('version')
        .executeTakeFirstOrThrow();
      await appendEvents(hold, [{ placeId, type: 'held', status: 'held', unavailableReason: null, version: row.version, actorUserId: null }]);
    });
    const events = await db.selectFrom('place_events').select(['type', 'occurred_at', 'effective_at']).where('place_id', '=', placeId).orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['registered', 'confirmed', 'held']);
    const [, confirmed, held] = events;
    expect(held!.occurred_at.getTime()).toBeLessThan(confirmed!.occurred_at.getTime());
    expect(held!.effective_at).toEqual(confirmed!.effective_at);

    // Move the history a week back, to a day that is over, and close that day (this test's own
    // database: the append-only guard is lifted for the move only).
    await sql`ALTER TABLE place_events DISABLE TRIGGER place_events_no_update`.execute(db);
    await sql`UPDATE place_events SET occurred_at = occurred_at - interval '7 days', effective_at = effective_at - interval '7 days' WHERE place_id = ${placeId}`.execute(
      db,
    );
    await sql`ALTER TABLE place_events ENABLE TRIGGER place_events_no_update`.execute(db);
    const { rows } = await sql<{ day: string; end: Date }>`
      SELECT (effective_at AT TIME ZONE ${TIME_ZONE})::date::text AS day,
             (((effective_at AT TIME ZONE ${TIME_ZONE})::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}) AS end
      FROM place_events WHERE place_id = ${placeId} AND type = 'held'`.execute(db);
    const { day, end } = rows[0]!;
    await closeDays(db, { through: day, freshnessHours: 24 * 30 });
    const heldSince = Math.floor(confirmed!.effective_at.getTime() / 1000) - 7 * 86_400;
    expect((await placeDay(db, placeId, day))?.held_seconds).toBe(Math.floor(end.getTime() / 1000) - heldSince);
  });
});

describe('the rollup job', () => {
  it('closes up to yesterday at start, in the background', async () => {
    const db = await freshDb();
    const [location] = await locations(db);
    await appendHistory(db, await insertPlace(db, location!.id, 'bed'), [
      { type: 'registered', status: 'available', at: new Date(Date.now() - 5 * 86_400_000) },
    ]);
    const stop = startRollupJob(db, { freshnessHours: 24 });
    try {
      const through = await lastDayToClose(db);
      await expect
        .poll(async () => (await db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow()).closed_through, { timeout: 30_000 })
        .toBe(through);
    } finally {
      stop();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The oracle: a straightforward walk over each place's events, in TypeScript, sharing no code with
// the SQL beyond the list of confirming event types.

interface OracleEvent {
  placeId: string;
  ms: number;
  order: number;
  type: PlaceEventType;
  status: PlaceStatus;
}
type Seconds = Record<'available' | 'held' | 'occupied' | 'unavailable' | 'stale', number>;

function oraclePlaceDays(events: OracleEvent[], through: string, freshnessHours: number): Map<string, Seconds> {
  const result = new Map<string, Seconds>();
  const byPlace = new Map<string, OracleEvent[]>();
  for (const e of events) byPlace.set(e.placeId, [...(byPlace.get(e.placeId) ?? []), e]);
  const window = freshnessHours * 3_600_000;
  const first = amsterdamDate(Math.min(...events.map((e) => e.ms)));
  for (const [placeId, own] of byPlace) {
    // Commit order, each time at least its predecessor's (the effective time).
    own.sort((a, b) => a.order - b.order);
    own.forEach((e, i) => {
      if (i > 0) e.ms = Math.max(e.ms, own[i - 1]!.ms);
    });
    for (let day = first; day <= through; day = nextDay(day)) {
      const start = midnight(day);
      const end = midnight(nextDay(day));
      if (own[0]!.ms >= end) continue;
      const total: Seconds = { available: 0, held: 0, occupied: 0, unavailable: 0, stale: 0 };
      let confirmed = -Infinity;
      own.forEach((event, i) => {
        const from = Math.floor(event.ms / 1000) * 1000;
        const until = i + 1 < own.length ? Math.floor(own[i + 1]!.ms / 1000) * 1000 : Infinity;
        if ((CONFIRMING_EVENTS as readonly string[]).includes(event.type)) confirmed = from;
        const a = Math.max(from, start);
        const b = Math.min(until, end);
        if (b <= a) return;
        const staleFrom = confirmed + window;
        total[event.status] += Math.max(0, Math.min(b, staleFrom) - a) / 1000;
        total.stale += Math.max(0, b - Math.max(a, staleFrom)) / 1000;
      });
      result.set(`${placeId} ${day}`, total);
    }
  }
  return result;
}

const STATUSES: PlaceStatus[] = ['available', 'held', 'occupied', 'unavailable'];
const LATER_TYPES: PlaceEventType[] = ['status_changed', 'confirmed', 'updated', 'held', 'hold_accepted', 'hold_declined', 'hold_released', 'hold_expired'];
// Around the autumn DST change, so some days have 25 hours.
const WINDOW_START = Date.parse('2026-10-23T00:00:00+02:00');
const WINDOW_MS = 5 * 86_400_000;

const eventArb = fc.record({
  type: fc.constantFrom(...LATER_TYPES),
  status: fc.constantFrom(...STATUSES),
  // Whole seconds half of the time, so events often share a second (and the seq tie-break matters).
  offset: fc.oneof(
    fc.integer({ min: 0, max: WINDOW_MS - 1 }),
    fc.integer({ min: 0, max: WINDOW_MS / 1000 - 1 }).map((s) => s * 1000),
  ),
});
const placeArb = fc.record({
  kind: fc.constantFrom<PlaceKind>('bed', 'family_unit'),
  location: fc.integer({ min: 0, max: 1 }),
  registeredStatus: fc.constantFrom(...STATUSES),
  events: fc.array(eventArb, { maxLength: 10 }),
});
const historyArb = fc.record({
  places: fc.array(placeArb, { minLength: 1, maxLength: 4 }),
  freshnessHours: fc.constantFrom(1, 6, 24, 30),
  // Where the random chunks of closing end: day numbers within the window (and one past it).
  cuts: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }),
});

describe('closing days incrementally equals a full recomputation', () => {
  it('for random histories and random chunks', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        const db = await freshDb();
        try {
          const locs = await locations(db);
          const events: OracleEvent[] = [];
          let order = 0;
          for (const place of history.places) {
            const placeId = await insertPlace(db, locs[place.location]!.id, place.kind);
            // The registration comes first in time; later events in random order of time (their seq
            // order may disagree with time, as concurrent writers can make it).
            const registeredAt = Math.min(...place.events.map((e) => e.offset), WINDOW_MS - 1);
            const own: TestEvent[] = [{ type: 'registered', status: place.registeredStatus, at: new Date(WINDOW_START + registeredAt) }];
            for (const e of place.events) own.push({ type: e.type, status: e.status, at: new Date(WINDOW_START + e.offset) });
            await appendHistory(db, placeId, own);
            for (const e of own) events.push({ placeId, ms: e.at.getTime(), order: order++, type: e.type, status: e.status });
          }
          const firstDay = amsterdamDate(Math.min(...events.map((e) => e.ms)));
          const expected = oraclePlaceDays(events, amsterdamDate(WINDOW_START + WINDOW_MS), history.freshnessHours);
          const lastDay = amsterdamDate(WINDOW_START + WINDOW_MS);
          const day = (n: number) => {
            let d = firstDay;
            for (let i = 0; i < n; i++) d = nextDay(d);
            return d;
          };
          for (const cut of [...history.cuts].sort((a, b) => a - b)) {
            if (day(cut) < lastDay) await closeDays(db, { through: day(cut), freshnessHours: history.freshnessHours });
          }
          await closeDays(db, { through: lastDay, freshnessHours: history.freshnessHours });

          const rows = await db.selectFrom('place_days').selectAll().execute();
          const actual = new Map(
            rows.map((r) => [
              `${r.place_id} ${r.day}`,
              {
                available: r.available_seconds,
                held: r.held_seconds,
                occupied: r.occupied_seconds,
                unavailable: r.unavailable_seconds,
                stale: r.stale_seconds,
              },
            ]),
          );
          expect(actual).toEqual(expected);

          // Regions: the oracle's place days summed by the municipality's region (one scheme, one mapping).
          const mapping = new Map(
            (await db.selectFrom('municipality_regions').select(['municipality_code', 'region_code']).execute()).map((m) => [
              m.municipality_code,
              m.region_code,
            ]),
          );
          const places = new Map(
            (
              await db
                .selectFrom('places')
                .innerJoin('locations', 'locations.id', 'places.location_id')
                .select(['places.id', 'places.kind', 'places.beds', 'locations.municipality_code'])
                .execute()
            ).map((p) => [p.id, p]),
          );
          const expectedRegions = new Map<string, Seconds & { places: number; beds: number }>();
          for (const [key, s] of expected) {
            const [placeId, d] = key.split(' ') as [string, string];
            const place = places.get(placeId)!;
            const regionKey = `${mapping.get(place.municipality_code)} ${place.kind} ${d}`;
            const sum = expectedRegions.get(regionKey) ?? { places: 0, beds: 0, available: 0, held: 0, occupied: 0, unavailable: 0, stale: 0 };
            sum.places += 1;
            sum.beds += place.beds;
            for (const k of ['available', 'held', 'occupied', 'unavailable', 'stale'] as const) sum[k] += s[k];
            expectedRegions.set(regionKey, sum);
          }
          const regionRows = await db.selectFrom('region_days').selectAll().execute();
          expect(
            new Map(
              regionRows.map((r) => [
                `${r.region_code} ${r.kind} ${r.day}`,
                {
                  places: r.places,
                  beds: r.beds,
                  available: Number(r.available_seconds),
                  held: Number(r.held_seconds),
                  occupied: Number(r.occupied_seconds),
                  unavailable: Number(r.unavailable_seconds),
                  stale: Number(r.stale_seconds),
                },
              ]),
            ),
          ).toEqual(expectedRegions);
        } finally {
          await Promise.all(open.splice(0).map((t) => t.drop()));
        }
      }),
      { numRuns: 25 },
    );
  });
});
