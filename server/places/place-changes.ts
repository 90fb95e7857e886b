import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceStatus, PlaceUpdate, UnavailableReason } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { Conflict, NotFound } from '../errors.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { followPlace, type StayInput } from '../stays/stay-changes.ts';
import { appendEvents } from './place-events.repository.ts';
import { type PlaceDto, placeRowToPlace } from './places.mapper.ts';
import { findPlace } from './places.repository.ts';

// The one write path for places (docs/definition.md rules 2, 3 and 5). Each operation is one
// transaction: the place row changes only if it is still at the expected version (a guard in the
// WHERE clause, so concurrent changes cannot both win), then the event is appended.

export interface ExpectedVersion {
  version: number;
  /** 412 when the version came from If-Match, 409 when from the body. */
  via: 'body' | 'if-match';
}

/** The place as the actor may see it, read with `db` (inside a write: its transaction). */
export async function visiblePlace(ctx: WriteContext, db: Db, placeId: string): Promise<PlaceDto> {
  const row = await findPlace(db, ctx.config.freshnessHours, placeId);
  if (!row) throw new NotFound('Place');
  assertMay(ctx.actor, 'places.read', { organisationId: row.organisation_id });
  return placeRowToPlace(row);
}

/** Why a guarded update touched no row: not visible, held, or an old version. */
async function refusal(ctx: WriteContext, db: Db, placeId: string, expected: ExpectedVersion): Promise<never> {
  const current = await visiblePlace(ctx, db, placeId);
  // A retired place is history: it changes no more (place-retirement.ts).
  if (current.retiredAt) throw new Conflict('The place was retired; it changes no more.', current);
  if (current.version !== expected.version) {
    throw new Conflict(
      `The place changed since version ${expected.version}; it is now at version ${current.version}.`,
      current,
      expected.via === 'if-match' ? 412 : 409,
    );
  }
  throw new Conflict('The place is held for a placement request: accept or decline the hold instead.', current);
}

export async function changeStatus(
  ctx: WriteContext,
  input: { placeId: string; expected: ExpectedVersion; status: Exclude<PlaceStatus, 'held'>; unavailableReason: UnavailableReason | null; stay?: StayInput },
): Promise<PlaceDto> {
  const { db, actor } = ctx;
  const organisation = listScope(actor, 'places.change_status').organisationId;
  // The response is read inside the transaction: it is the state this change made, never a later
  // change by someone else (which the client would otherwise take for its own).
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('places')
      .set({
        status: input.status,
        unavailable_reason: input.unavailableReason,
        version: sql`version + 1`,
        status_changed_at: sql`now()`,
        // Setting a status is also confirming it.
        confirmed_at: sql`now()`,
      })
      .where('id', '=', input.placeId)
      .where('version', '=', input.expected.version)
      .where('status', '<>', 'held')
      .where('retired_at', 'is', null)
      .$if(organisation !== undefined, (q) =>
        q.where('location_id', 'in', (eb) => eb.selectFrom('locations').select('id').where('organisation_id', '=', organisation!)),
      )
      .returning(['version', 'status', 'unavailable_reason'])
      .executeTakeFirst();
    if (!row) return refusal(ctx, trx, input.placeId, input.expected);
    await appendEvents(trx, [
      {
        placeId: input.placeId,
        type: 'status_changed',
        status: row.status,
        unavailableReason: row.unavailable_reason,
        version: row.version,
        actorUserId: actor.id,
      },
    ]);
    await followPlace(trx, input.placeId, input.status, input.stay ?? {}, actor);
    await audit(trx, {
      actorUserId: actor.id,
      action: 'place.status_changed',
      subjectType: 'place',
      subjectId: input.placeId,
      detail: { status: row.status, unavailableReason: row.unavailable_reason, version: row.version },
    });
    return visiblePlace(ctx, trx, input.placeId);
  });
}

/** An admin's change of a place's attributes. The database's checks keep it within the definition. */
export async function updateAttributes(ctx: WriteContext, input: { placeId: string; expected: ExpectedVersion; changes: PlaceUpdate }): Promise<PlaceDto> {
  const { db, actor } = ctx;
  assertMay(actor, 'places.change_attributes');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('places')
      .set({ ...input.changes, version: sql`version + 1` })
      .where('id', '=', input.placeId)
      .where('version', '=', input.expected.version)
      .where('retired_at', 'is', null)
      .returning(['version', 'status', 'unavailable_reason'])
      .executeTakeFirst();
    if (!row) return refusal(ctx, trx, input.placeId, input.expected);
    await appendEvents(trx, [
      {
        placeId: input.placeId,
        type: 'updated',
        status: row.status,
        unavailableReason: row.unavailable_reason,
        version: row.version,
        actorUserId: actor.id,
      },
    ]);
    await audit(trx, {
      actorUserId: actor.id,
      action: 'place.updated',
      subjectType: 'place',
      subjectId: input.placeId,
      detail: { fields: Object.keys(input.changes) },
    });
    return visiblePlace(ctx, trx, input.placeId);
  });
}

/**
 * A shelter confirms that every status at a location is still right: one event per place, all in
 * one transaction. Places keep their status; only freshness and version change.
 */
export async function confirmLocation(ctx: WriteContext, locationId: string): Promise<{ confirmedAt: Date; places: number }> {
  const { db, actor } = ctx;
  return db.transaction().execute(async (trx) => {
    const location = await trx.selectFrom('locations').select(['id', 'organisation_id']).where('id', '=', locationId).executeTakeFirst();
    if (!location) throw new NotFound('Location');
    assertMay(actor, 'locations.confirm', { organisationId: location.organisation_id });
    // Lock the places in one fixed order first: an UPDATE locks rows in the order it finds them, which
    // differs between concurrent confirmations once rows have moved, and two of them then deadlocked.
    // NO KEY UPDATE, the lock the UPDATE itself takes: FOR UPDATE would also wait for every row that
    // references a place (an alert, a stay, an event inserted in another transaction holds KEY SHARE on
    // it), in whatever order those came: after alerts and stays began to reference places, the test of
    // expiry against confirmations deadlocked in 3 of 3 runs; with this lock in 0 of 3.
    await trx.selectFrom('places').select('id').where('location_id', '=', locationId).orderBy('id').forNoKeyUpdate().execute();
    const rows = await trx
      .updateTable('places')
      .set({ confirmed_at: sql`now()`, version: sql`version + 1` })
      .where('location_id', '=', locationId)
      .where('retired_at', 'is', null)
      .returning(['id', 'version', 'status', 'unavailable_reason', 'confirmed_at'])
      .execute();
    await appendEvents(
      trx,
      rows.map((row) => ({
        placeId: row.id,
        type: 'confirmed' as const,
        status: row.status,
        unavailableReason: row.unavailable_reason,
        version: row.version,
        actorUserId: actor.id,
      })),
    );
    await audit(trx, { actorUserId: actor.id, action: 'location.confirmed', subjectType: 'location', subjectId: locationId, detail: { places: rows.length } });
    const { now } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx).then((r) => r.rows[0]!);
    return { confirmedAt: now, places: rows.length };
  });
}
