import { type Kysely, sql } from 'kysely';

// A placement request's origin and placement region must be regions that exist: codes such as VR00,
// VR26 or VR99 passed the API's pattern, were stored and then counted in the figures and the national
// total. Request regions are veiligheidsregio codes (the API says so), so the scheme half of the key
// is a constant column. NOT VALID: rows stored before are kept as they are (history is not rewritten)
// and a later change to them that leaves the region alone is still allowed; every new region is checked.
// The avoided and preferred regions are arrays, which a foreign key cannot check: the API does.
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE placement_requests ADD COLUMN region_scheme text NOT NULL GENERATED ALWAYS AS ('veiligheidsregio') STORED;
    ALTER TABLE placement_requests
      ADD CONSTRAINT placement_requests_origin_region_fkey
        FOREIGN KEY (region_scheme, origin_region) REFERENCES regions (scheme_code, code) NOT VALID,
      ADD CONSTRAINT placement_requests_placed_region_fkey
        FOREIGN KEY (region_scheme, placed_region) REFERENCES regions (scheme_code, code) NOT VALID;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE placement_requests DROP COLUMN region_scheme`.execute(db);
}
