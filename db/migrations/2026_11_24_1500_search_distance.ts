import { type Kysely, sql } from 'kysely';

// Crisis search by distance (issue 17): municipality centroids for straight-line distance, the
// household's origin municipality and its "far away on purpose" choice on the request, and the
// index that finds the holds a request already had (a place declined, released or expired for it
// is not offered again). Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE municipalities
      ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
      ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
      ADD CHECK ((latitude IS NULL) = (longitude IS NULL));

    ALTER TABLE placement_requests
      ADD COLUMN origin_municipality text REFERENCES municipalities (code),
      ADD COLUMN far_away boolean NOT NULL DEFAULT false;

    CREATE INDEX holds_request_place ON holds (request_id, place_id);
    -- The search reads only available places; the rest of the table is most of it.
    CREATE INDEX places_available ON places (location_id) INCLUDE (kind, beds, max_adults, max_children, max_boy_age, accessibility, pets_allowed, confirmed_at)
      WHERE status = 'available';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX places_available;
    DROP INDEX holds_request_place;
    ALTER TABLE placement_requests DROP COLUMN far_away, DROP COLUMN origin_municipality;
    ALTER TABLE municipalities DROP COLUMN longitude, DROP COLUMN latitude;
  `.execute(db);
}
