import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
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
 */
export async function countAvailability(db: Db, freshnessHours: number): Promise<AvailabilityRow[]> {
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
    .groupBy(['locations.region_code', 'places.kind', bucket])
    .execute();
  return rows.map((row) => ({ ...row, places: Number(row.places), beds: Number(row.beds) }));
}
