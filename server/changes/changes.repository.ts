import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceChange } from '../realtime/contract.ts';

/** Changes after `after`, oldest first, in the full shape (the audience function narrows them per reader). */
export async function changesAfter(db: Db, after: string, limit: number): Promise<PlaceChange[]> {
  const rows = await db
    .selectFrom('place_events as e')
    .innerJoin('places', 'places.id', 'e.place_id')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select([
      'e.seq',
      'e.type',
      'e.status',
      'e.unavailable_reason',
      'e.version',
      'e.occurred_at',
      'e.place_id',
      'places.kind',
      'places.location_id',
      'locations.organisation_id',
      'locations.region_code',
    ])
    .where('e.seq', '>', sql<string>`${after}::bigint`)
    .orderBy('e.seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type,
    regionCode: r.region_code,
    kind: r.kind,
    occurredAt: r.occurred_at.toISOString(),
    placeId: r.place_id,
    locationId: r.location_id,
    organisationId: r.organisation_id,
    status: r.status,
    unavailableReason: r.unavailable_reason,
    version: r.version,
  }));
}

export async function latestSeq(db: Db): Promise<string> {
  const row = await db
    .selectFrom('place_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return String(row?.seq ?? '0');
}

export async function countChangesAfter(db: Db, after: string, cap: number): Promise<number> {
  const row = await sql<{ n: string }>`
    SELECT count(*) AS n FROM (SELECT 1 FROM place_events WHERE seq > ${after}::bigint LIMIT ${cap}) missed`.execute(db);
  return Number(row.rows[0]!.n);
}
