import { sql } from 'kysely';

import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { RetirementBlocked, retirePlacesLocked } from '../places/place-retirement.ts';
import { assertMay } from '../policy/scope.ts';
import { locationRowToLocation } from './locations.mapper.ts';
import { findLocation } from './locations.repository.ts';

// Retiring a location retires its places with it, all or none: a location with one held or occupied
// place stays in use until that household has a place decided (issue 18). Its history stays.

export async function retireLocation(ctx: WriteContext, locationId: string) {
  assertMay(ctx.actor, 'locations.retire');
  return ctx.db.transaction().execute(async (trx) => {
    const location = await trx.selectFrom('locations').select(['id', 'retired_at']).where('id', '=', locationId).forNoKeyUpdate().executeTakeFirst();
    if (!location) throw new NotFound('Location');
    if (location.retired_at) throw new RetirementBlocked('already_retired', []);
    const places = await trx.selectFrom('places').select('id').where('location_id', '=', locationId).where('retired_at', 'is', null).execute();
    const retired = await retirePlacesLocked(
      trx,
      ctx.actor,
      places.map((p) => p.id),
    );
    await trx
      .updateTable('locations')
      .set({ retired_at: sql`now()` })
      .where('id', '=', locationId)
      .execute();
    await audit(trx, { actorUserId: ctx.actor.id, action: 'location.retired', subjectType: 'location', subjectId: locationId, detail: { places: retired } });
    return locationRowToLocation((await findLocation(trx, locationId))!);
  });
}
