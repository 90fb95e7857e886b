import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
import { CONFIRMING_EVENTS } from '../../shared/vocabulary.ts';
import { staleExpression } from '../places/places.repository.ts';

export const BUCKETS = ['available', 'held', 'occupied', 'unavailable', 'stale'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface AvailabilityRow {
  region_code: string;
  kind: PlaceKind;
  bucket: Bucket;
  places: number;
  beds: number;
}

/**
 * Places and beds per region, kind and bucket. A stale place counts as `stale` whatever its status,
 * so it is never counted as available (definition rule 4) and the buckets add up to the total.
 * With `asOf`, the state at that moment, from the event history (the same rules as the place-time
 * rollups, server/statistics/rollups.ts): a place that had no event by then did not exist yet.
 */
export async function countAvailability(db: Db, freshnessHours: number, asOf?: Date): Promise<AvailabilityRow[]> {
  if (asOf) return countAvailabilityAt(db, freshnessHours, asOf);
  const bucket = sql<Bucket>`case when ${staleExpression(freshnessHours)} then 'stale' else places.status end`;
  const rows = await db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select([
      'locations.region_code',
      'places.kind',
      bucket.as('bucket'),
      (eb) => eb.fn.countAll<string>().as('places'),
      (eb) => eb.fn.sum<string>('places.beds').as('beds'),
    ])
    // A retired place is no capacity (place-retirement.ts).
    .where('places.retired_at', 'is', null)
    .groupBy(['locations.region_code', 'places.kind', bucket])
    .execute();
  return rows.map((row) => ({ ...row, places: Number(row.places), beds: Number(row.beds) }));
}

async function countAvailabilityAt(db: Db, freshnessHours: number, asOf: Date): Promise<AvailabilityRow[]> {
  const confirming = sql.join(CONFIRMING_EVENTS.map((type) => sql.lit(type)));
  // Two index lookups per place (place_events_place_time, place_events_place_confirmed).
  const { rows } = await sql<{ region_code: string; kind: PlaceKind; bucket: Bucket; places: string; beds: string }>`
    WITH states AS (
      SELECT l.region_code, p.kind, p.beds,
             CASE WHEN confirmation.at IS NULL OR confirmation.at < ${asOf}::timestamptz - make_interval(secs => ${Math.round(freshnessHours * 3600)})
                  THEN 'stale' ELSE last.status END AS bucket
      FROM places p
      JOIN locations l ON l.id = p.location_id AND (p.retired_at IS NULL OR p.retired_at > ${asOf})
      CROSS JOIN LATERAL (
        SELECT status FROM place_events WHERE place_id = p.id AND occurred_at <= ${asOf}
        ORDER BY occurred_at DESC, seq DESC LIMIT 1
      ) last
      LEFT JOIN LATERAL (
        SELECT occurred_at AS at FROM place_events WHERE place_id = p.id AND occurred_at <= ${asOf} AND type IN (${confirming})
        ORDER BY occurred_at DESC, seq DESC LIMIT 1
      ) confirmation ON true
    )
    SELECT region_code, kind, bucket, count(*) AS places, sum(beds) AS beds FROM states GROUP BY region_code, kind, bucket`.execute(db);
  return rows.map((row) => ({ ...row, places: Number(row.places), beds: Number(row.beds) }));
}
