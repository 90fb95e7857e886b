import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';

import type { Db } from '../database.ts';
import type { ExitDestination, Household, PlaceEventType, PlaceKind, PlaceStatus, Serves, UnavailableReason, WaitingFor } from '../schema.ts';
import { demoAccounts, isEmpty, seedDemo } from './demo.ts';
import { type Random, seededRandom } from './random.ts';

// A synthetic history for the demo: the demo places registered `years` ago, then years of daily
// confirmations, intakes (a placement request, a hold, its acceptance), departures, maintenance, and
// requests that found no place or were withdrawn; finally the days are closed into the rollups.
//
// Why only on an EMPTY database: place_events is append-only and a place's events carry versions
// 1..n in time order (tests/helpers/invariants.ts). History cannot be slid in before events that
// already exist, so this seeds the demo itself, backdated, and appends the history after it: every
// place, event, hold and request stays exactly as the write path would have left it.
//
// The picture: demand peaks in January and dips in summer (winter shortage: more "no place"),
// intakes are fewer at weekends and night-time arrivals wait for the morning, weekend confirmations
// are skipped more often (more unknown place-time), and regions differ in pressure.
// Stays: every occupation is a stay with its household in numbers; where housing is scarce (high
// pressure) more households become ready to move on and wait longer for it (blocked place-days), and
// fewer leave for housing of their own.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const BATCH = 20_000;

export interface HistoryOptions {
  years: number;
  passwordHash: string;
  now?: Date;
  seed?: number;
  progress?: (phase: string, done: number, total: number) => void;
}

interface SimPlace {
  id: string;
  kind: PlaceKind;
  beds: number;
  maxAdults: number;
  maxChildren: number;
  status: PlaceStatus;
  reason: UnavailableReason | null;
  locationId: string;
  region: string;
  serves: Serves;
  registeredAt: number;
}

interface Row {
  [column: string]: unknown;
}

/** Seasonal pressure: 1.3 mid-January, 0.7 mid-July. */
function season(t: number): number {
  const yearFraction = (t - Date.UTC(2000, 0, 15)) / (365.25 * DAY);
  return 1 + 0.3 * Math.cos(2 * Math.PI * yearFraction);
}

/** Local hour and weekday, near enough (Amsterdam is UTC+1 or +2; synthetic data needs no more). */
const localHour = (t: number) => new Date(t + HOUR).getUTCHours();
const isWeekend = (t: number) => [0, 6].includes(new Date(t + HOUR).getUTCDay());

const exponential = (random: Random, mean: number) => -Math.log(1 - random.next()) * mean;
function poisson(random: Random, mean: number): number {
  let k = 0;
  for (let p = Math.exp(-mean), s = p, u = random.next(); u > s; k++) {
    p *= mean / (k + 1);
    s += p;
  }
  return k;
}

/** Moves a time into office hours (08:00–20:00); at weekends often on to Monday morning. */
function daytime(random: Random, t: number): number {
  let at = t;
  const hour = localHour(at);
  if (hour < 8) at += (8 - hour) * HOUR + random.next() * 2 * HOUR;
  else if (hour >= 20) at += (32 - hour) * HOUR + random.next() * 2 * HOUR;
  while (isWeekend(at) && random.chance(0.5)) at += DAY;
  return at;
}

function household(random: Random, kind: PlaceKind | 'any', place?: SimPlace): Household {
  const gender = place?.serves === 'men' ? 'male' : place?.serves === 'women' || random.chance(0.85) ? 'female' : 'male';
  if (kind === 'bed') return { adults: [{ gender }], children: [] };
  const adults = place && place.maxAdults === 2 && random.chance(0.2) ? 2 : 1;
  const room = place ? Math.min(place.maxChildren, place.beds - adults) : 4;
  const children = Array.from({ length: random.int(kind === 'any' ? 0 : 1, Math.max(1, room)) }, () => ({
    age: random.int(0, random.chance(0.75) ? 11 : 17),
    sex: random.chance(0.5) ? ('female' as const) : ('male' as const),
  }));
  return { adults: Array.from({ length: adults }, () => ({ gender })), children };
}

export async function seedDemoWithHistory(db: Db, options: HistoryOptions): Promise<{ events: number; requests: number }> {
  if (!(await isEmpty(db))) {
    throw new Error('History can only be generated into an empty database (place events are append-only): use a new DATABASE_URL or remove DATA_DIR.');
  }
  const random = seededRandom(options.seed ?? 20261124);
  const end = (options.now ?? new Date()).getTime();
  const start = end - Math.round(options.years * 365.25) * DAY;
  await seedDemo(db, { passwordHash: options.passwordHash, now: new Date(start), seed: options.seed });
  // From two weeks before: the first registrations lie up to four days before `start`, and weekly
  // figures look up a week's region by its Monday.
  await backdateRegionMappings(db, new Date(start - 14 * DAY).toISOString().slice(0, 10));

  const crisisEmail = demoAccounts.find((a) => a.role === 'crisis_worker')!.email;
  const { id: crisisId } = await db.selectFrom('users').select('id').where('email', '=', crisisEmail).executeTakeFirstOrThrow();
  const places: SimPlace[] = (
    await db
      .selectFrom('places')
      .innerJoin('locations', 'locations.id', 'places.location_id')
      .select([
        'places.id',
        'places.kind',
        'places.beds',
        'places.max_adults',
        'places.max_children',
        'places.status',
        'places.unavailable_reason',
        'places.location_id',
        'locations.region_code',
        'locations.serves',
        'places.confirmed_at',
      ])
      .orderBy('places.location_id')
      .orderBy('places.id')
      .execute()
  ).map((p) => ({
    id: p.id,
    kind: p.kind,
    beds: p.beds,
    maxAdults: p.max_adults,
    maxChildren: p.max_children,
    status: p.status,
    reason: p.unavailable_reason,
    locationId: p.location_id,
    region: p.region_code,
    serves: p.serves,
    registeredAt: p.confirmed_at.getTime(),
  }));
  const regions = (await db.selectFrom('regions').select('code').where('scheme_code', '=', 'veiligheidsregio').orderBy('code').execute()).map((r) => r.code);
  // Big cities feel more pressure; other regions a fixed random amount more or less.
  const pressure = new Map(regions.map((code) => [code, (0.8 + 0.4 * random.next()) * (['VR13', 'VR17', 'VR15', 'VR09'].includes(code) ? 1.2 : 1)]));

  const municipalities = new Map<string, string[]>();
  for (const m of await db
    .selectFrom('municipality_regions')
    .select(['municipality_code', 'region_code'])
    .where('scheme_code', '=', 'veiligheidsregio')
    .orderBy('municipality_code')
    .execute()) {
    municipalities.set(m.region_code, [...(municipalities.get(m.region_code) ?? []), m.municipality_code]);
  }
  const confirmations = confirmationSchedule(random, places, end);
  const writer = new Writer(db);
  const finals: Row[] = [];
  let done = 0;
  for (const place of places) {
    finals.push(
      await simulatePlace(
        random,
        place,
        { end, crisisId, regions, pressure: pressure.get(place.region)!, confirmations: confirmations.get(place.locationId)!, municipalities },
        writer,
      ),
    );
    options.progress?.('history', ++done, places.length);
  }
  await unplacedRequests(random, { start, end, crisisId, regions, pressure }, writer);
  await writer.flush();
  await updatePlaces(db, finals);
  // Its days are closed by the caller (server/statistics/close-all-days.ts, or the server's rollup job).
  return { events: writer.events, requests: writer.requests };
}

/**
 * The demo's region mapping starts on 1 January of its year; the history reaches further back. We
 * assume municipalities belonged to the same regions before (dated rows, as a real import would add).
 */
async function backdateRegionMappings(db: Db, from: string): Promise<void> {
  await sql`
    INSERT INTO municipality_regions (municipality_code, scheme_code, region_code, valid_from, valid_to)
    SELECT DISTINCT ON (municipality_code, scheme_code) municipality_code, scheme_code, region_code, ${from}::date, valid_from
    FROM municipality_regions
    WHERE valid_from > ${from}::date
    ORDER BY municipality_code, scheme_code, valid_from`.execute(db);
}

/** Each location confirms once a day in the morning, skipping some days (more often at weekends). */
function confirmationSchedule(random: Random, places: SimPlace[], end: number): Map<string, number[]> {
  const schedule = new Map<string, number[]>();
  for (const place of places) {
    if (schedule.has(place.locationId)) continue;
    const times: number[] = [];
    // About one location in ten has not confirmed for a day or more now, as in the plain demo.
    const lastAllowed = random.chance(0.1) ? end - random.int(26, 96) * HOUR : end;
    const first = place.registeredAt - (place.registeredAt % DAY) + DAY;
    for (let day = first; day < lastAllowed; day += DAY) {
      if (random.chance(isWeekend(day + 12 * HOUR) ? 0.2 : 0.03)) continue;
      const at = day + 7 * HOUR + random.next() * 3 * HOUR;
      if (at < lastAllowed) times.push(at);
    }
    schedule.set(place.locationId, times);
  }
  return schedule;
}

interface SimContext {
  end: number;
  crisisId: string;
  regions: string[];
  pressure: number;
  confirmations: number[];
  municipalities: Map<string, string[]>;
}

/** Where households go: housing of their own less often where it is scarce. */
function exitDestination(random: Random, pressure: number): ExitDestination {
  const housing = 0.45 / pressure;
  const u = random.next();
  if (u < housing) return 'own_housing';
  if (u < housing + 0.2) return 'family_or_friends';
  if (u < housing + 0.35) return 'other_shelter';
  if (u < housing + 0.45) return 'former_home';
  if (u < housing + 0.52) return 'care_institution';
  return 'unknown';
}

const WAITING: WaitingFor[] = ['housing', 'housing', 'housing', 'urgency_declaration', 'urgency_declaration', 'income_or_debts', 'care', 'other'];
const dateOf = (t: number) => new Date(t + HOUR).toISOString().slice(0, 10);

/** One place's life from its registration to now: its events in time order, versions 2..n. */
async function simulatePlace(random: Random, place: SimPlace, ctx: SimContext, writer: Writer): Promise<Row> {
  const changes: Array<{ at: number; type: PlaceEventType; status: PlaceStatus; reason: UnavailableReason | null; holdId?: string; actor?: string }> = [];
  let status = place.status;
  let reason = place.reason;
  let t = place.registeredAt;
  const bed = place.kind === 'bed';
  let stay: Row | null = null;
  const beginStay = (at: number, composition: Household, origin: string, holdId: string | null) => {
    const own = ctx.municipalities.get(origin) ?? [];
    stay = {
      place_id: place.id,
      began_by: holdId ? 'hold' : 'intake',
      hold_id: holdId,
      started_at: new Date(at),
      ended_at: null,
      exit_destination: null,
      adults: composition.adults.length,
      child_ages: composition.children.map((c) => c.age),
      child_sexes: composition.children.map((c) => c.sex),
      origin_municipality_code: own.length ? random.pick(own) : null,
      origin_region_code: origin,
      ready_since: null,
      waiting_for: null,
    };
  };
  if (status === 'occupied') beginStay(t, household(random, place.kind, place), place.region, null);
  while (t < ctx.end) {
    if (status === 'occupied') {
      // Time in care, then (for many) ready to move on and waiting: longer where housing is scarce.
      const care = bed ? exponential(random, 6 * DAY) + DAY : exponential(random, 20 * DAY) + exponential(random, 20 * DAY) + 3 * DAY;
      const ready = random.chance(Math.min(0.9, (bed ? 0.3 : 0.5) * ctx.pressure));
      const waiting = ready ? exponential(random, (bed ? 8 : 30) * DAY * ctx.pressure * ctx.pressure) + DAY : 0;
      const readyAt = t + care;
      t = daytime(random, t + care + waiting);
      if (ready && readyAt < ctx.end) Object.assign(stay!, { ready_since: dateOf(readyAt), waiting_for: random.pick(WAITING) });
      if (t >= ctx.end) break;
      status = 'available';
      changes.push({ at: t, type: 'status_changed', status, reason: null });
      Object.assign(stay!, { ended_at: new Date(t), exit_destination: exitDestination(random, ctx.pressure) });
      writer.stay(stay!);
      stay = null;
    } else if (status === 'unavailable') {
      t = daytime(random, t + exponential(random, 5 * DAY) + DAY);
      if (t >= ctx.end) break;
      status = 'available';
      reason = null;
      changes.push({ at: t, type: 'status_changed', status, reason });
    } else if (random.chance(0.03)) {
      t = daytime(random, t + exponential(random, 2 * DAY));
      if (t >= ctx.end) break;
      status = 'unavailable';
      reason = random.pick(['maintenance', 'maintenance', 'staffing', 'safety', 'other'] as const);
      changes.push({ at: t, type: 'status_changed', status, reason });
    } else {
      // Vacant until the next household: shorter when the region and the season press harder.
      const demand = ctx.pressure * season(t);
      const held = daytime(random, t + exponential(random, ((bed ? 2.5 : 7) * DAY) / (demand * demand)));
      const accepted = held + random.int(10, 55) * MINUTE;
      if (accepted >= ctx.end) break;
      const waited = exponential(random, 3 * HOUR * season(held)) + 5 * MINUTE;
      const requestId = randomUUID();
      const holdId = randomUUID();
      const composition = household(random, place.kind, place);
      const origin = random.chance(0.65) ? place.region : random.pick(ctx.regions);
      writer.request({
        id: requestId,
        created_by: ctx.crisisId,
        created_at: new Date(held - waited),
        origin_region: origin,
        household: composition,
        status: 'placed',
        outcome_reason: null,
        placed_place_id: place.id,
        placed_region: place.region,
        closed_at: new Date(accepted),
      });
      writer.hold({
        id: holdId,
        request_id: requestId,
        place_id: place.id,
        created_by: ctx.crisisId,
        created_at: new Date(held),
        expires_at: new Date(held + HOUR),
        ended_at: new Date(accepted),
      });
      changes.push({ at: held, type: 'held', status: 'held', reason: null, holdId, actor: ctx.crisisId });
      changes.push({ at: accepted, type: 'hold_accepted', status: 'occupied', reason: null, holdId });
      status = 'occupied';
      reason = null;
      t = accepted;
      beginStay(accepted, composition, origin, holdId);
    }
  }

  // Merge the location's confirmations in: each carries the status the place has at that moment.
  let version = 1;
  let current: { status: PlaceStatus; reason: UnavailableReason | null } = { status: place.status, reason: place.reason };
  let confirmedAt = place.registeredAt;
  let statusChangedAt = place.registeredAt;
  let c = ctx.confirmations.findIndex((at) => at > place.registeredAt);
  if (c < 0) c = ctx.confirmations.length;
  const emit = (at: number, type: PlaceEventType, holdId?: string, actor?: string) => {
    writer.event({
      place_id: place.id,
      occurred_at: new Date(at),
      type,
      status: current.status,
      unavailable_reason: current.reason,
      version: ++version,
      hold_id: holdId ?? null,
      actor_user_id: actor ?? null,
    });
    if (type !== 'held' && type !== 'updated') confirmedAt = at;
  };
  for (const change of changes) {
    while (c < ctx.confirmations.length && ctx.confirmations[c]! < change.at) emit(ctx.confirmations[c++]!, 'confirmed');
    current = { status: change.status, reason: change.reason };
    statusChangedAt = change.at;
    emit(change.at, change.type, change.holdId, change.actor);
  }
  while (c < ctx.confirmations.length && ctx.confirmations[c]! < ctx.end) emit(ctx.confirmations[c++]!, 'confirmed');
  // Still there now: an open stay (a readiness date in the future is not known yet).
  if (stay !== null && status === 'occupied') writer.stay(stay);
  await writer.flushIfFull();
  return {
    id: place.id,
    status: current.status,
    unavailable_reason: current.reason,
    version,
    confirmed_at: new Date(confirmedAt),
    status_changed_at: new Date(statusChangedAt),
  };
}

/** Requests that found no place (more in winter and where pressure is high) or were withdrawn. */
async function unplacedRequests(
  random: Random,
  ctx: { start: number; end: number; crisisId: string; regions: string[]; pressure: Map<string, number> },
  writer: Writer,
) {
  for (let day = ctx.start + DAY; day < ctx.end - DAY; day += DAY) {
    for (const region of ctx.regions) {
      const pressure = ctx.pressure.get(region)! * season(day);
      const noPlace = poisson(random, 0.12 * pressure ** 4 * (isWeekend(day) ? 0.6 : 1));
      const withdrawn = poisson(random, 0.04 * pressure);
      for (let i = 0; i < noPlace + withdrawn; i++) {
        const created = day + 8 * HOUR + random.next() * 14 * HOUR;
        const failed = i < noPlace;
        writer.request({
          id: randomUUID(),
          created_by: ctx.crisisId,
          created_at: new Date(created),
          origin_region: region,
          household: household(random, random.chance(0.4) ? 'bed' : 'any'),
          status: failed ? 'no_place' : 'withdrawn',
          outcome_reason: failed ? random.pick(['no_capacity', 'no_capacity', 'no_fitting_place'] as const) : null,
          placed_place_id: null,
          placed_region: null,
          closed_at: new Date(created + (failed ? 20 * MINUTE + random.next() * 6 * HOUR : random.next() * 12 * HOUR)),
        });
      }
      await writer.flushIfFull();
    }
  }
}

/** The places end where their histories end. */
async function updatePlaces(db: Db, finals: Row[]): Promise<void> {
  for (let i = 0; i < finals.length; i += BATCH) {
    const rows = finals.slice(i, i + BATCH);
    const col = (name: string) => rows.map((r) => r[name]);
    await sql`
      UPDATE places p SET status = f.status, unavailable_reason = f.unavailable_reason, version = f.version,
        confirmed_at = f.confirmed_at, status_changed_at = f.status_changed_at
      FROM unnest(${col('id')}::uuid[], ${col('status')}::text[], ${col('unavailable_reason')}::text[], ${col('version')}::int[],
        ${col('confirmed_at')}::timestamptz[], ${col('status_changed_at')}::timestamptz[])
        AS f(id, status, unavailable_reason, version, confirmed_at, status_changed_at)
      WHERE p.id = f.id`.execute(db);
  }
}

/**
 * Buffers rows and writes them as one INSERT ... SELECT FROM unnest(arrays) per table and batch:
 * a handful of round trips per 20,000 rows. Requests and holds go first, as events refer to holds.
 */
class Writer {
  events = 0;
  requests = 0;
  private pending = { requests: [] as Row[], holds: [] as Row[], events: [] as Row[], stays: [] as Row[] };
  constructor(private readonly db: Db) {}

  request(row: Row & { household: Household }) {
    this.pending.requests.push(row);
    this.requests++;
  }
  hold(row: Row) {
    this.pending.holds.push(row);
  }
  event(row: Row) {
    this.pending.events.push(row);
    this.events++;
  }
  stay(row: Row) {
    this.pending.stays.push(row);
  }

  async flushIfFull() {
    if (this.pending.events.length + this.pending.requests.length + this.pending.stays.length >= BATCH) await this.flush();
  }

  async flush() {
    const { requests, holds, events, stays } = this.pending;
    this.pending = { requests: [], holds: [], events: [], stays: [] };
    const col = (rows: Row[], name: string) => rows.map((r) => r[name]);
    if (requests.length) {
      const households = requests.map((r) => r.household as Household);
      await sql`
        INSERT INTO placement_requests (id, created_by, created_at, origin_region, household, adults, children, accessibility, pet,
          urgency, status, outcome_reason, placed_place_id, placed_region, closed_at, team_id)
        SELECT id, created_by, created_at, origin_region, household::jsonb, adults, children, 'none', false,
          'now', status, outcome_reason, placed_place_id, placed_region, closed_at,
          (SELECT organisation_id FROM users WHERE users.id = r.created_by)
        FROM unnest(${col(requests, 'id')}::uuid[], ${col(requests, 'created_by')}::uuid[], ${col(requests, 'created_at')}::timestamptz[],
          ${col(requests, 'origin_region')}::text[], ${households.map((h) => JSON.stringify(h))}::text[],
          ${households.map((h) => h.adults.length)}::int[], ${households.map((h) => h.children.length)}::int[],
          ${col(requests, 'status')}::text[], ${col(requests, 'outcome_reason')}::text[], ${col(requests, 'placed_place_id')}::uuid[],
          ${col(requests, 'placed_region')}::text[], ${col(requests, 'closed_at')}::timestamptz[])
          AS r(id, created_by, created_at, origin_region, household, adults, children, status, outcome_reason, placed_place_id, placed_region, closed_at)
      `.execute(this.db);
    }
    if (holds.length) {
      await sql`
        INSERT INTO holds (id, request_id, place_id, created_by, created_at, expires_at, status, ended_at, team_id)
        SELECT id, request_id, place_id, created_by, created_at, expires_at, 'accepted', ended_at,
          (SELECT team_id FROM placement_requests WHERE placement_requests.id = h.request_id)
        FROM unnest(${col(holds, 'id')}::uuid[], ${col(holds, 'request_id')}::uuid[], ${col(holds, 'place_id')}::uuid[],
          ${col(holds, 'created_by')}::uuid[], ${col(holds, 'created_at')}::timestamptz[], ${col(holds, 'expires_at')}::timestamptz[],
          ${col(holds, 'ended_at')}::timestamptz[])
          AS h(id, request_id, place_id, created_by, created_at, expires_at, ended_at)
      `.execute(this.db);
    }
    for (let i = 0; i < stays.length; i += BATCH) {
      const rows = stays.slice(i, i + BATCH);
      // Arrays of arrays do not pass through unnest: the children go as JSON text.
      await sql`
        INSERT INTO stays (place_id, began_by, hold_id, started_at, ended_at, exit_destination, adults, child_ages, child_sexes,
          origin_municipality_code, origin_region_code, ready_since, waiting_for)
        SELECT place_id, began_by, hold_id, started_at, ended_at, exit_destination, adults,
          ARRAY(SELECT jsonb_array_elements_text(ages::jsonb)::smallint), ARRAY(SELECT jsonb_array_elements_text(sexes::jsonb)),
          origin_municipality_code, origin_region_code, ready_since, waiting_for
        FROM unnest(${col(rows, 'place_id')}::uuid[], ${col(rows, 'began_by')}::text[], ${col(rows, 'hold_id')}::uuid[],
          ${col(rows, 'started_at')}::timestamptz[], ${col(rows, 'ended_at')}::timestamptz[], ${col(rows, 'exit_destination')}::text[],
          ${col(rows, 'adults')}::int[], ${rows.map((r) => JSON.stringify(r.child_ages))}::text[], ${rows.map((r) => JSON.stringify(r.child_sexes))}::text[],
          ${col(rows, 'origin_municipality_code')}::text[], ${col(rows, 'origin_region_code')}::text[], ${col(rows, 'ready_since')}::date[],
          ${col(rows, 'waiting_for')}::text[])
          AS s(place_id, began_by, hold_id, started_at, ended_at, exit_destination, adults, ages, sexes,
            origin_municipality_code, origin_region_code, ready_since, waiting_for)
      `.execute(this.db);
    }
    // Rows are in time order per place, so each place's seq order is its version order.
    for (let i = 0; i < events.length; i += BATCH) {
      const rows = events.slice(i, i + BATCH);
      await sql`
        INSERT INTO place_events (place_id, occurred_at, type, status, unavailable_reason, version, hold_id, actor_user_id)
        SELECT * FROM unnest(${col(rows, 'place_id')}::uuid[], ${col(rows, 'occurred_at')}::timestamptz[], ${col(rows, 'type')}::text[],
          ${col(rows, 'status')}::text[], ${col(rows, 'unavailable_reason')}::text[], ${col(rows, 'version')}::int[],
          ${col(rows, 'hold_id')}::uuid[], ${col(rows, 'actor_user_id')}::uuid[])
      `.execute(this.db);
    }
  }
}
