import { sql, type Transaction } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Database, DeclineReason, HoldStatus, PlaceEventType, PlaceStatus } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Config } from '../config.ts';
import { Conflict, NotFound, Problem, RateLimited } from '../errors.ts';
import { appendEvents } from '../places/place-events.repository.ts';
import { placeRowToPlace } from '../places/places.mapper.ts';
import { findPlace, staleExpression } from '../places/places.repository.ts';
import type { Action } from '../policy/rules.ts';
import { assertMay } from '../policy/scope.ts';
import { fitFailures } from '../requests/fit.ts';
import { fitPlaceOf, fitRequestOf } from '../requests/matching.ts';
import { beginStayFromHold } from '../stays/stay-changes.ts';

// The write path for holds (docs/definition.md rules 2 and 5). A hold and its place change in one
// transaction; the place's guard (status = 'available', or 'held') and the unique index on active
// holds per place make two holds on one place impossible, however many try at once.

type Trx = Transaction<Database>;

async function placeConflict(db: Db, placeId: string, freshnessHours: number, detail: string): Promise<never> {
  const row = await findPlace(db, freshnessHours, placeId);
  if (!row) throw new NotFound('Place');
  throw new Conflict(detail, placeRowToPlace(row));
}

export async function createHold(db: Db, input: { requestId: string; placeId: string }, actor: SessionUser, config: Config): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // One worker's holds are counted under a lock on their user row, so parallel tabs cannot hoard.
    // NO KEY UPDATE, not UPDATE: the worker's other changes (a release, say) insert events and audit
    // rows whose foreign key to this user takes a KEY SHARE lock on it while holding the event-append
    // lock; a full UPDATE lock here would conflict with that and deadlock with the append lock.
    await trx.selectFrom('users').select('id').where('id', '=', actor.id).forNoKeyUpdate().execute();
    const { n } = await trx
      .selectFrom('holds')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('created_by', '=', actor.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    if (Number(n) >= config.holds.maxActive) {
      throw new Problem(409, 'Too many holds', `You already hold ${n} places; release or close one first (at most ${config.holds.maxActive}).`);
    }
    await assertHourlyHoldLimit(trx, actor, config.holdLimits.perHour);
    const request = await trx.selectFrom('placement_requests').selectAll().where('id', '=', input.requestId).forUpdate().executeTakeFirst();
    if (!request) throw new NotFound('Placement request');
    // Only for a request of the worker's own team: holding another team's would show its intake phone
    // and block that team's worker.
    assertMay(actor, 'holds.create', { teamId: request.team_id });
    if (request.status !== 'open') throw new Problem(409, 'Request closed', `The placement request is ${request.status}.`);
    const active = await trx.selectFrom('holds').select('id').where('request_id', '=', request.id).where('status', '=', 'active').executeTakeFirst();
    if (active) throw new Problem(409, 'Already held', 'This request already holds a place: release it first.');

    const place = await findPlace(trx, config.freshnessHours, input.placeId);
    if (!place) throw new NotFound('Place');
    const failures = fitFailures(fitPlaceOf(place), fitRequestOf(request));
    if (failures.length) throw new Problem(409, 'Does not fit', `The place does not fit: ${failures.map((f) => f.message).join('; ')}.`, { failures });

    const held = await trx
      .updateTable('places')
      .set({ status: 'held', version: sql`version + 1`, status_changed_at: sql`now()` })
      .where('id', '=', input.placeId)
      .where('status', '=', 'available')
      .where(sql<boolean>`NOT ${staleExpression(config.freshnessHours)}`)
      .returning(['version'])
      .executeTakeFirst();
    if (!held) return placeConflict(trx, input.placeId, config.freshnessHours, 'The place is no longer available.');

    const hold = await trx
      .insertInto('holds')
      .values({
        request_id: request.id,
        place_id: input.placeId,
        created_by: actor.id,
        team_id: request.team_id,
        expires_at: sql`now() + make_interval(mins => ${config.holds.minutes})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEvents(trx, [
      { placeId: input.placeId, type: 'held', status: 'held', unavailableReason: null, version: held.version, actorUserId: actor.id, holdId: hold.id },
    ]);
    await audit(trx, {
      actorUserId: actor.id,
      action: 'hold.created',
      subjectType: 'hold',
      subjectId: hold.id,
      detail: { placeId: input.placeId, requestId: request.id },
    });
    return hold.id;
  });
}

/**
 * Every hold shows its worker a shelter's intake phone, so holds are limited per hour, whatever became
 * of them: holding and releasing in a loop collects no more phones than the limit. Counted under the
 * lock on the worker's row (see createHold), so parallel requests cannot pass it together.
 */
async function assertHourlyHoldLimit(trx: Trx, actor: SessionUser, perHour: number): Promise<void> {
  const row = await trx
    .selectFrom('holds')
    .select([(eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('created_by', '=', actor.id)
    .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  if (Number(row.n) < perHour) return;
  const retryAfterSeconds = row.oldest ? (new Date(row.oldest).getTime() + 3_600_000 - Date.now()) / 1000 : 3600;
  throw new RateLimited(`At most ${perHour} holds an hour; try again later.`, retryAfterSeconds);
}

/**
 * Holding and releasing over and over is how intake phones would be harvested. The pattern is the
 * hold's maker's: every hold they made that ended without a placement (released by them or by a
 * colleague of the team, or left to expire) within `flagMinutes` counts, so a colleague releasing for
 * them hides nothing. From `flagReleases` such holds on, the maker is written to the audit log as
 * abuse.suspected, once per window.
 */
async function flagReleasePattern(trx: Trx, actor: SessionUser, holdId: string, limits: Config['holdLimits']): Promise<void> {
  const { created_by: maker } = await trx.selectFrom('holds').select('created_by').where('id', '=', holdId).executeTakeFirstOrThrow();
  const since = sql<Date>`now() - make_interval(mins => ${limits.flagMinutes})`;
  const { n } = await trx
    .selectFrom('holds')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('created_by', '=', maker)
    .where('status', 'in', ['released', 'expired'])
    .where('ended_at', '>', since)
    .executeTakeFirstOrThrow();
  const releases = Number(n);
  if (releases < limits.flagReleases) return;
  const flagged = await trx
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'abuse.suspected')
    .where('subject_id', '=', maker)
    .where('occurred_at', '>', since)
    .executeTakeFirst();
  if (flagged) return;
  await audit(trx, {
    actorUserId: actor.id,
    action: 'abuse.suspected',
    subjectType: 'user',
    subjectId: maker,
    detail: { pattern: 'hold_release', releases, minutes: limits.flagMinutes },
  });
}

/** Ends an active hold and moves its place out of `held`, with the matching event. */
async function endHold(
  trx: Trx,
  holdId: string,
  outcome: { hold: Exclude<HoldStatus, 'active'>; place: PlaceStatus; event: PlaceEventType; declineReason?: DeclineReason; onlyBeforeExpiry?: boolean },
  actor: SessionUser | null,
) {
  const hold = await trx
    .updateTable('holds')
    .set({ status: outcome.hold, ended_at: sql`now()`, decline_reason: outcome.declineReason ?? null })
    .where('id', '=', holdId)
    .where('status', '=', 'active')
    .$if(outcome.onlyBeforeExpiry === true, (q) => q.where('expires_at', '>', sql<Date>`now()`))
    .returning(['place_id', 'request_id'])
    .executeTakeFirst();
  if (!hold) return undefined;
  const place = await trx
    .updateTable('places')
    .set({
      status: outcome.place,
      unavailable_reason: null,
      version: sql`version + 1`,
      status_changed_at: sql`now()`,
      // The shelter answering a hold has just looked at the place: that confirms it.
      ...(outcome.hold === 'accepted' || outcome.hold === 'declined' ? { confirmed_at: sql`now()` } : {}),
    })
    .where('id', '=', hold.place_id)
    .where('status', '=', 'held')
    .returning(['version'])
    .executeTakeFirstOrThrow();
  await appendEvents(trx, [
    {
      placeId: hold.place_id,
      type: outcome.event,
      status: outcome.place,
      unavailableReason: null,
      version: place.version,
      actorUserId: actor?.id ?? null,
      holdId,
    },
  ]);
  await audit(trx, {
    actorUserId: actor?.id ?? null,
    action: `hold.${outcome.hold}`,
    subjectType: 'hold',
    subjectId: holdId,
    detail: outcome.declineReason ? { reason: outcome.declineReason } : {},
  });
  return hold;
}

/** Explains why a hold could not be changed: unknown, not yours to change, no longer active, or expired. */
async function holdRefusal(db: Db, holdId: string): Promise<never> {
  const hold = await db.selectFrom('holds').select(['status', 'expires_at']).where('id', '=', holdId).executeTakeFirst();
  if (!hold) throw new NotFound('Hold');
  if (hold.status === 'active') throw new Problem(409, 'Hold expired', 'The hold has expired; the place is being released.');
  throw new Problem(409, 'Hold ended', `The hold is already ${hold.status}.`);
}

/**
 * The policy's word on `action` for this hold: the shelter whose place is held answers it; the
 * crisis team that holds it extends or releases it (any member: colleagues take over at shift change).
 */
async function assertMayOnHold(db: Db, holdId: string, actor: SessionUser, action: Action) {
  const row = await db
    .selectFrom('holds')
    .innerJoin('places', 'places.id', 'holds.place_id')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select(['locations.organisation_id', 'holds.team_id'])
    .where('holds.id', '=', holdId)
    .executeTakeFirst();
  if (!row) throw new NotFound('Hold');
  assertMay(actor, action, { organisationId: row.organisation_id, teamId: row.team_id });
}

export async function acceptHold(db: Db, holdId: string, actor: SessionUser): Promise<void> {
  await assertMayOnHold(db, holdId, actor, 'holds.answer');
  await db.transaction().execute(async (trx) => {
    const hold = await endHold(trx, holdId, { hold: 'accepted', place: 'occupied', event: 'hold_accepted', onlyBeforeExpiry: true }, actor);
    if (!hold) return holdRefusal(trx, holdId);
    await beginStayFromHold(trx, holdId, actor);
    const { region_code } = await trx
      .selectFrom('places')
      .innerJoin('locations', 'locations.id', 'places.location_id')
      .select('locations.region_code')
      .where('places.id', '=', hold.place_id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('placement_requests')
      .set({ status: 'placed', placed_place_id: hold.place_id, placed_region: region_code, closed_at: sql`now()` })
      .where('id', '=', hold.request_id)
      .where('status', '=', 'open')
      .execute();
  });
}

export async function declineHold(db: Db, holdId: string, reason: DeclineReason, actor: SessionUser): Promise<void> {
  await assertMayOnHold(db, holdId, actor, 'holds.answer');
  await db.transaction().execute(async (trx) => {
    const hold = await endHold(trx, holdId, { hold: 'declined', place: 'available', event: 'hold_declined', declineReason: reason }, actor);
    if (!hold) return holdRefusal(trx, holdId);
  });
}

export async function releaseHold(db: Db, holdId: string, actor: SessionUser, config: Config): Promise<void> {
  await assertMayOnHold(db, holdId, actor, 'holds.release');
  await db.transaction().execute(async (trx) => {
    const hold = await endHold(trx, holdId, { hold: 'released', place: 'available', event: 'hold_released' }, actor);
    if (!hold) return holdRefusal(trx, holdId);
    // An admin releasing a hold (a team off duty) is support, not the maker's pattern.
    if (actor.role === 'crisis_worker') await flagReleasePattern(trx, actor, holdId, config.holdLimits);
  });
}

/** Once, before it expires: the hold lasts `extendMinutes` longer. */
export async function extendHold(db: Db, holdId: string, actor: SessionUser, config: Config): Promise<void> {
  await assertMayOnHold(db, holdId, actor, 'holds.extend');
  await db.transaction().execute(async (trx) => {
    const extended = await trx
      .updateTable('holds')
      .set({ expires_at: sql`expires_at + make_interval(mins => ${config.holds.extendMinutes})`, extended: true })
      .where('id', '=', holdId)
      .where('status', '=', 'active')
      .where('extended', '=', false)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('id')
      .executeTakeFirst();
    if (!extended) {
      const hold = await trx.selectFrom('holds').select(['status', 'extended']).where('id', '=', holdId).executeTakeFirst();
      if (hold?.status === 'active' && hold.extended) throw new Problem(409, 'Already extended', 'A hold can be extended once.');
      return holdRefusal(trx, holdId);
    }
    await audit(trx, { actorUserId: actor.id, action: 'hold.extended', subjectType: 'hold', subjectId: holdId });
  });
}

/**
 * Ends every hold past its expiry and frees its place. Safe on many nodes at once (SKIP LOCKED) and
 * after a restart: expiry is a time in the database, not a timer in a process.
 * One hold per transaction, like every other change of a place: a transaction that ended one hold
 * (holding the event-append lock) and then waited for the next place's row deadlocked with a
 * confirmation of that location (holding the place rows, waiting for the append lock).
 */
export async function expireDueHolds(db: Db): Promise<number> {
  let expired = 0;
  for (;;) {
    const ended = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('holds')
        .select('id')
        .where('status', '=', 'active')
        .where('expires_at', '<=', sql<Date>`now()`)
        .orderBy('expires_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (due) await endHold(trx, due.id, { hold: 'expired', place: 'available', event: 'hold_expired' }, null);
      return due !== undefined;
    });
    if (!ended) return expired;
    expired++;
  }
}

/** Runs expiry now and every few seconds; returns the stop function. */
export function startHoldExpiry(db: Db, everyMs = 5_000): () => void {
  const run = () => expireDueHolds(db).catch(() => {});
  run();
  const timer = setInterval(run, everyMs);
  return () => clearInterval(timer);
}
