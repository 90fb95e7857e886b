import { sql, type Transaction } from 'kysely';

import type { Database } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { WriteContext } from '../context.ts';
import { NotFound, Problem } from '../errors.ts';
import { assertMay } from '../policy/scope.ts';
import { appendEvents } from './place-events.repository.ts';
import { type PlaceDto, placeRowToPlace } from './places.mapper.ts';
import { findPlace } from './places.repository.ts';

// Retiring a place instead of deleting it (issue 18): its events, holds, stays and place-time stay as
// they were, so figures of the days before do not change. From the day it is retired, it is out of
// search (it is no longer `available`), of availability and of the capacity rollups (retired_at).

/** Why a place cannot be retired now. The UI names it in the user's language from `reason`. */
export const RETIREMENT_BLOCKS = ['active_hold', 'active_stay', 'already_retired'] as const;
export type RetirementBlock = (typeof RETIREMENT_BLOCKS)[number];

const BLOCK_DETAIL: Record<RetirementBlock, string> = {
  active_hold: 'The place is held for a placement request: the hold must be answered or released first.',
  active_stay: 'A household stays in the place: end the stay (or set the place free) first.',
  already_retired: 'The place was already retired.',
};

export class RetirementBlocked extends Problem {
  constructor(reason: RetirementBlock, placeIds: string[]) {
    super(409, 'Conflict', BLOCK_DETAIL[reason], { reason, placeIds });
  }
}

/**
 * Retires the given places in the caller's transaction, after locking them in one fixed order (as
 * confirming a location does). Refused as a whole when any of them is held, occupied or already
 * retired. Returns how many were retired.
 */
export async function retirePlacesLocked(trx: Transaction<Database>, actor: SessionUser, placeIds: string[]): Promise<number> {
  if (placeIds.length === 0) return 0;
  const places = await trx.selectFrom('places').select(['id', 'status', 'retired_at']).where('id', 'in', placeIds).orderBy('id').forNoKeyUpdate().execute();
  const blocked = (reason: RetirementBlock, ids: string[]) => {
    if (ids.length) throw new RetirementBlocked(reason, [...new Set(ids)]);
  };
  blocked(
    'already_retired',
    places.filter((p) => p.retired_at !== null).map((p) => p.id),
  );
  const holds = await trx.selectFrom('holds').select('place_id').where('place_id', 'in', placeIds).where('status', '=', 'active').execute();
  blocked('active_hold', [...holds.map((h) => h.place_id), ...places.filter((p) => p.status === 'held').map((p) => p.id)]);
  const stays = await trx.selectFrom('stays').select('place_id').where('place_id', 'in', placeIds).where('ended_at', 'is', null).execute();
  blocked('active_stay', [...stays.map((s) => s.place_id), ...places.filter((p) => p.status === 'occupied').map((p) => p.id)]);

  const rows = await trx
    .updateTable('places')
    .set({
      status: 'unavailable',
      unavailable_reason: sql`coalesce(unavailable_reason, 'other')`,
      version: sql`version + 1`,
      status_changed_at: sql`now()`,
      retired_at: sql`now()`,
    })
    .where('id', 'in', placeIds)
    .returning(['id', 'version', 'status', 'unavailable_reason'])
    .execute();
  await appendEvents(
    trx,
    rows.map((row) => ({
      placeId: row.id,
      type: 'retired' as const,
      status: row.status,
      unavailableReason: row.unavailable_reason,
      version: row.version,
      actorUserId: actor.id,
    })),
  );
  return rows.length;
}

/** An admin retires one place. */
export async function retirePlace(ctx: WriteContext, placeId: string): Promise<PlaceDto> {
  assertMay(ctx.actor, 'places.retire');
  return ctx.db.transaction().execute(async (trx) => {
    const place = await trx.selectFrom('places').select(['id', 'location_id']).where('id', '=', placeId).executeTakeFirst();
    if (!place) throw new NotFound('Place');
    await retirePlacesLocked(trx, ctx.actor, [placeId]);
    await audit(trx, {
      actorUserId: ctx.actor.id,
      action: 'place.retired',
      subjectType: 'place',
      subjectId: placeId,
      detail: { locationId: place.location_id },
    });
    const row = await findPlace(trx, ctx.config.freshnessHours, placeId);
    return placeRowToPlace(row!);
  });
}
