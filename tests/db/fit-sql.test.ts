import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { Accessibility, Household, Serves } from '../../db/schema.ts';
import {
  factsOf,
  failedRulesSql,
  fitFailures,
  type FitPlace,
  type FitRequest,
  fitsSql,
  householdFacts,
  requestFactColumns,
  rulesOfMask,
} from '../../server/requests/fit.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The search evaluates the fit rules inside PostgreSQL (failedRulesSql); the near misses are
// explained in TypeScript (fitFailures). Both come from one table of rules: over random places and
// households they must name the same broken rules, or a worker is told a place misses for a reason
// the search did not use.

let t: TestDatabase;
/** A location per (serves, region), so a random place can be put anywhere. */
const locations = new Map<string, string>();
const REGIONS = [
  ['VR01', 'GM0014'],
  ['VR09', 'GM0344'],
  ['VR13', 'GM0363'],
] as const;
const SERVES: Serves[] = ['women', 'men', 'all'];

beforeAll(async () => {
  t = await createTestDatabase('migrated');
  const { id: organisationId } = await t.db
    .insertInto('organisations')
    .values({ name: 'Fit-test', kind: 'vrouwenopvang' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [region, municipality] of REGIONS) {
    for (const serves of SERVES) {
      const { id } = await t.db
        .insertInto('locations')
        .values({
          organisation_id: organisationId,
          name: `Fit ${region} ${serves}`,
          municipality_code: municipality,
          region_scheme: 'veiligheidsregio',
          region_code: region,
          serves,
          street_address: 'Teststraat 1',
          postal_code: '1000 AA',
          city: 'Test',
          intake_phone: '088 000 0000',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      locations.set(`${serves}/${region}`, id);
    }
  }
});
afterAll(() => t.drop());

type Gender = Household['adults'][number]['gender'];
type Sex = Household['children'][number]['sex'];
const accessibility = fc.constantFrom<Accessibility>('none', 'limited_mobility', 'wheelchair');
const common = { accessibility, petsAllowed: fc.boolean(), serves: fc.constantFrom(...SERVES), regionCode: fc.constantFrom(...REGIONS.map(([r]) => r)) };
const arbPlace: fc.Arbitrary<FitPlace> = fc.oneof(
  fc.record({
    ...common,
    kind: fc.constant('bed' as const),
    beds: fc.constant(1),
    maxAdults: fc.constant(1),
    maxChildren: fc.constant(0),
    maxBoyAge: fc.constant(null),
  }),
  fc.record({
    ...common,
    kind: fc.constant('family_unit' as const),
    beds: fc.integer({ min: 2, max: 8 }),
    maxAdults: fc.integer({ min: 1, max: 2 }),
    maxChildren: fc.integer({ min: 1, max: 6 }),
    maxBoyAge: fc.option(fc.integer({ min: 0, max: 17 }), { nil: null }),
  }),
);
const arbRequest: fc.Arbitrary<FitRequest> = fc.record({
  household: fc.record({
    adults: fc.array(fc.record({ gender: fc.constantFrom<Gender>('female', 'male', 'other') }), { minLength: 1, maxLength: 2 }),
    children: fc.array(fc.record({ age: fc.integer({ min: 0, max: 17 }), sex: fc.constantFrom<Sex>('female', 'male') }), { maxLength: 6 }),
  }),
  accessibility,
  pet: fc.boolean(),
  avoidRegions: fc.subarray(REGIONS.map(([r]) => r)),
});

class Rollback extends Error {}

it('the SQL and the TypeScript of every fit rule, and of all together, agree on random places and households', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(arbPlace, { minLength: 1, maxLength: 25 }), arbRequest, async (places, request) => {
      let fromSql: string[][] = [];
      let fitsInSql: boolean[] = [];
      // Inserted and read in a transaction that is rolled back: every run starts from no places.
      await t.db
        .transaction()
        .execute(async (trx) => {
          const ids = await trx
            .insertInto('places')
            .values(
              places.map((p, i) => ({
                location_id: locations.get(`${p.serves}/${p.regionCode}`)!,
                label: `P${i}`,
                kind: p.kind,
                beds: p.beds,
                max_adults: p.maxAdults,
                max_children: p.maxChildren,
                max_boy_age: p.maxBoyAge,
                accessibility: p.accessibility,
                pets_allowed: p.petsAllowed,
                status: 'available',
                unavailable_reason: null,
              })),
            )
            .returning('id')
            .execute();
          const { rows } = await sql<{ id: string; failed: number; fits: boolean }>`
          SELECT p.id, ${failedRulesSql(factsOf(householdFacts(request)))} AS failed, ${fitsSql(factsOf(householdFacts(request)))} AS fits
          FROM places p JOIN locations l ON l.id = p.location_id WHERE p.id = ANY(${ids.map((r) => r.id)}::uuid[])`.execute(trx);
          const byId = new Map(rows.map((r) => [r.id, rulesOfMask(r.failed)]));
          fromSql = ids.map((r) => byId.get(r.id)!);
          const fits = new Map(rows.map((r) => [r.id, r.fits]));
          fitsInSql = ids.map((r) => fits.get(r.id)!);
          throw new Rollback();
        })
        .catch((error) => {
          if (!(error instanceof Rollback)) throw error;
        });
      expect(fromSql).toEqual(places.map((p) => fitFailures(p, request).map((f) => f.rule)));
      // The search's WHERE clause (all rules at once) fits exactly the places that break none.
      expect(fitsInSql).toEqual(places.map((p) => fitFailures(p, request).length === 0));
    }),
    { numRuns: 300 },
  );
});

it("the household's facts worked out in SQL from a request row equal householdFacts, for random households", async () => {
  await fc.assert(
    fc.asyncProperty(arbRequest, async (request) => {
      // The columns the search reads of placement_requests, as a row of their own.
      const { rows } = await sql<Record<string, unknown>>`
        SELECT ${requestFactColumns(sql`r`)}
        FROM (SELECT ${JSON.stringify(request.household)}::jsonb AS household, ${request.accessibility}::text AS accessibility,
          ${request.pet}::boolean AS pet, ${request.avoidRegions}::text[] AS avoid_regions) r`.execute(t.db);
      expect(rows[0]).toEqual(householdFacts(request));
    }),
    { numRuns: 300 },
  );
});
