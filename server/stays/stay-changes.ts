import { sql, type Transaction } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Database, ExitDestination, Household, PlaceStatus } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { Conflict, InvalidInput, type InvalidParam, NotFound } from '../errors.ts';
import { assertMay } from '../policy/scope.ts';
import { stayRowToStay } from './stays.mapper.ts';
import { findOpenStay, findStay, originRegion } from './stays.repository.ts';
import type { Composition, StayDto } from './stays.schema.ts';

// Stays follow the place (docs/definition.md, Stays): a stay begins when the place becomes occupied
// and ends when it is freed, inside the same transaction as the place's change and at the time of the
// event that made it (effective_at, the rollups' time), so a stay and the place's status never disagree.
// The place write path (server/places/place-changes.ts, server/holds/hold-changes.ts) calls
// followPlace; readiness and composition change the stay alone, in changeStay.

type Trx = Transaction<Database>;

export interface StayInput {
  /** The shelter's intake: who comes in, in numbers. */
  intake?: Composition;
  /** Where the household went, when this change frees the place. */
  exitDestination?: ExitDestination;
}

/** The time of the place's latest event: the one the caller has just appended. */
function lastEventTime(placeId: string) {
  return sql<Date>`(SELECT effective_at FROM place_events WHERE place_id = ${placeId} ORDER BY seq DESC LIMIT 1)`;
}

interface PlaceShape {
  kind: 'bed' | 'family_unit';
  max_adults: number;
  max_children: number;
}

/** A composition's problems for this place and its origin municipality's region (default scheme). */
async function checkComposition(db: Db, place: PlaceShape, composition: Composition, path: string) {
  const issues: InvalidParam[] = [];
  if (composition.adults > place.max_adults) issues.push({ name: `${path}.adults`, code: 'too_big', reason: `at most ${place.max_adults} in this place` });
  if (composition.children.length > (place.kind === 'bed' ? 0 : place.max_children)) {
    issues.push({
      name: `${path}.children`,
      code: 'too_big',
      reason: place.kind === 'bed' ? 'a bed never holds a child' : `at most ${place.max_children} in this place`,
    });
  }
  let region: string | null = null;
  if (composition.originMunicipality !== null) {
    const origin = await originRegion(db, composition.originMunicipality);
    if (!origin) issues.push({ name: `${path}.originMunicipality`, code: 'not_found', reason: 'no such municipality' });
    region = origin?.region ?? null;
  }
  if (issues.length) throw new InvalidInput(issues);
  return region;
}

function compositionColumns(composition: Composition) {
  return {
    adults: composition.adults,
    child_ages: composition.children.map((c) => c.age),
    child_sexes: composition.children.map((c) => c.sex),
    origin_municipality_code: composition.originMunicipality,
  };
}

/**
 * Called by the place write path after appending a status event: opens a stay when the place became
 * occupied without one, ends the open one when it is no longer occupied.
 */
export async function followPlace(trx: Trx, placeId: string, status: Exclude<PlaceStatus, 'held'>, input: StayInput, actor: SessionUser): Promise<void> {
  const open = await findOpenStay(trx, placeId);
  if (status === 'occupied') {
    if (open && input.intake) throw new Conflict('The place already has a household: change its composition instead.', stayRowToStay(open));
    if (open) return;
    const place = await trx.selectFrom('places').select(['kind', 'max_adults', 'max_children']).where('id', '=', placeId).executeTakeFirstOrThrow();
    const region = input.intake ? await checkComposition(trx, place, input.intake, 'body') : null;
    const stay = await trx
      .insertInto('stays')
      .values({
        place_id: placeId,
        began_by: 'intake',
        started_at: lastEventTime(placeId),
        ...(input.intake ? compositionColumns(input.intake) : {}),
        origin_region_code: region,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorUserId: actor.id, action: 'stay.started', subjectType: 'stay', subjectId: stay.id, detail: { beganBy: 'intake' } });
    return;
  }
  if (!open) return;
  const destination = input.exitDestination ?? 'unknown';
  await trx
    .updateTable('stays')
    .set({ ended_at: lastEventTime(placeId), exit_destination: destination, version: sql`version + 1` })
    .where('id', '=', open.id)
    .execute();
  await audit(trx, { actorUserId: actor.id, action: 'stay.ended', subjectType: 'stay', subjectId: open.id, detail: { destination } });
}

/** Called by acceptHold after the place became occupied: the household comes from the request. */
export async function beginStayFromHold(trx: Trx, holdId: string, actor: SessionUser): Promise<void> {
  const hold = await trx
    .selectFrom('holds')
    .innerJoin('placement_requests', 'placement_requests.id', 'holds.request_id')
    .select(['holds.place_id', 'placement_requests.household', 'placement_requests.origin_municipality', 'placement_requests.origin_region'])
    .where('holds.id', '=', holdId)
    .executeTakeFirstOrThrow();
  const household: Household = hold.household;
  const stay = await trx
    .insertInto('stays')
    .values({
      place_id: hold.place_id,
      began_by: 'hold',
      hold_id: holdId,
      started_at: lastEventTime(hold.place_id),
      adults: household.adults.length,
      child_ages: household.children.map((c) => c.age),
      child_sexes: household.children.map((c) => c.sex),
      origin_municipality_code: hold.origin_municipality,
      origin_region_code: hold.origin_region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, { actorUserId: actor.id, action: 'stay.started', subjectType: 'stay', subjectId: stay.id, detail: { beganBy: 'hold' } });
}

/**
 * Shelter staff enter or correct who stays, or mark the household ready to move on (or no longer),
 * based on the stay's version. The place does not change: it stays occupied.
 */
export async function changeStay(
  db: Db,
  input: {
    stayId: string;
    version: number;
    composition?: Composition;
    readiness?: { since: string; waitingFor: NonNullable<StayDto['readiness']>['waitingFor'] } | null;
  },
  actor: SessionUser,
): Promise<StayDto> {
  return db.transaction().execute(async (trx) => {
    const stay = await findStay(trx, input.stayId);
    if (!stay) throw new NotFound('Stay');
    assertMay(actor, 'stays.change', { organisationId: stay.organisation_id });
    if (stay.ended_at !== null) throw new Conflict('The stay has ended.', stayRowToStay(stay));
    const region = input.composition ? await checkComposition(trx, stay, input.composition, 'body.composition') : undefined;
    if (input.readiness) {
      // Not before the first open day either. The rollups no longer need this bound (a write to a stay
      // recomputes the closed days it touches: trigger stays_reclose, migration 2026_11_26_0200); it keeps
      // a readiness, marked as it happens, from moving the figures of weeks already closed.
      const { rows } = await sql<{ ok: boolean }>`
        SELECT ${input.readiness.since}::date BETWEEN greatest((${stay.started_at}::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date,
            (SELECT closed_through + 1 FROM rollup_state))
          AND (now() AT TIME ZONE 'Europe/Amsterdam')::date AS ok`.execute(trx);
      if (!rows[0]!.ok)
        throw new InvalidInput([
          { name: 'body.readiness.since', code: 'out_of_range', reason: 'between the start of the stay (or the last closed day) and today' },
        ]);
    }
    const row = await trx
      .updateTable('stays')
      .set({
        ...(input.composition ? { ...compositionColumns(input.composition), origin_region_code: region ?? null } : {}),
        ...(input.readiness !== undefined ? { ready_since: input.readiness?.since ?? null, waiting_for: input.readiness?.waitingFor ?? null } : {}),
        version: sql`version + 1`,
      })
      .where('id', '=', input.stayId)
      .where('version', '=', input.version)
      .where('ended_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new Conflict(`The stay changed since version ${input.version}; it is now at version ${stay.version}.`, stayRowToStay(stay));
    await audit(trx, {
      actorUserId: actor.id,
      action: 'stay.changed',
      subjectType: 'stay',
      subjectId: input.stayId,
      detail: { composition: input.composition !== undefined, readiness: input.readiness?.waitingFor ?? (input.readiness === null ? 'cleared' : 'unchanged') },
    });
    return stayRowToStay(row);
  });
}
