import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { importRegionScheme } from '../../db/region-import.ts';
import { seedDemoWithHistory } from '../../db/seed/history.ts';
import { countAvailability } from '../../server/availability/availability.repository.ts';
import { factsOf, FIT_RULES, householdFacts } from '../../server/requests/fit.ts';
import { closeAllDays } from '../../server/statistics/close-all-days.ts';
import { lastDayToClose } from '../../server/statistics/rollups.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A municipality moves to another veiligheidsregio (as on 1 January). Live search and availability
// read the location's copied region, the statistics the dated mapping: after the import all three
// must put the municipality's places in the new region from the mapping's first day on, and in the
// old one before it.

let t: TestDatabase;
let municipality: string;
let from: string;
let to: string;
let firstDay: string;
let dayBefore: string;

beforeAll(async () => {
  t = await createTestDatabase('migrated');
  await seedDemoWithHistory(t.db, { years: 0.02, passwordHash: 'not-a-login' });
  ({ municipality_code: municipality, region_code: from } = await t.db
    .selectFrom('locations')
    .select(['municipality_code', 'region_code'])
    .orderBy('municipality_code')
    .limit(1)
    .executeTakeFirstOrThrow());
  to = from === 'VR01' ? 'VR02' : 'VR01';
  // The mapping starts on the last day the statistics may close (yesterday, or the day before just
  // after midnight), so that day is in the figures.
  firstDay = await lastDayToClose(t.db);
  const { rows } = await sql<{ before: string }>`SELECT (${firstDay}::date - 1)::text AS before`.execute(t.db);
  dayBefore = rows[0]!.before;
}, 120_000);
afterAll(() => t.drop());

const placesIn = async (region: string) => (await countAvailability(t.db, 24)).filter((r) => r.region_code === region).reduce((sum, r) => sum + r.places, 0);

const statisticsPlaces = async (region: string, day: string) =>
  Number(
    (
      await t.db
        .selectFrom('region_days')
        .select((eb) => eb.fn.sum<string>('places').as('places'))
        .where('scheme_code', '=', 'veiligheidsregio')
        .where('region_code', '=', region)
        .where('day', '=', day)
        .executeTakeFirst()
    )?.places ?? 0,
  );

it('moves a regrouped municipality in search, availability and statistics alike', { timeout: 300_000 }, async () => {
  const moving = Number(
    (
      await t.db
        .selectFrom('places')
        .innerJoin('locations', 'locations.id', 'places.location_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('locations.municipality_code', '=', municipality)
        .executeTakeFirstOrThrow()
    ).n,
  );
  expect(moving).toBeGreaterThan(0);
  const before = { from: await placesIn(from), to: await placesIn(to) };

  const scheme = await t.db.selectFrom('region_schemes').select('name').where('code', '=', 'veiligheidsregio').executeTakeFirstOrThrow();
  const region = await t.db.selectFrom('regions').select('name').where('scheme_code', '=', 'veiligheidsregio').where('code', '=', to).executeTakeFirstOrThrow();
  const name = (await t.db.selectFrom('municipalities').select('name').where('code', '=', municipality).executeTakeFirstOrThrow()).name;
  await importRegionScheme(t.db, {
    scheme: 'veiligheidsregio',
    schemeName: scheme.name,
    validFrom: firstDay,
    csv: `municipality_code,municipality_name,region_code,region_name\n${municipality},"${name}",${to},"${region.name}"\n`,
  });

  // Availability: the places count in the new region now.
  expect(await placesIn(from)).toBe(before.from - moving);
  expect(await placesIn(to)).toBe(before.to + moving);

  // Search: a household that avoids the new region is not offered them; one avoiding the old one is.
  const avoided = FIT_RULES.find((r) => r.rule === 'avoidedRegion')!;
  const avoiding = async (regions: string[]) => {
    const facts = householdFacts({ household: { adults: [{ gender: 'female' }], children: [] }, accessibility: 'none', pet: false, avoidRegions: regions });
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM places p JOIN locations l ON l.id = p.location_id
      WHERE l.municipality_code = ${municipality} AND ${avoided.sql(factsOf(facts))}`.execute(t.db);
    return rows[0]!.n;
  };
  expect(await avoiding([to])).toBe(moving);
  expect(await avoiding([from])).toBe(0);

  // Statistics: from the mapping's first day in the new region, the day before in the old one.
  await closeAllDays(t.db, { freshnessHours: 24 });
  expect(await statisticsPlaces(to, firstDay)).toBe(await placesIn(to));
  expect(await statisticsPlaces(from, firstDay)).toBe(await placesIn(from));
  expect(await statisticsPlaces(from, dayBefore)).toBe(before.from);
  expect(await statisticsPlaces(to, dayBefore)).toBe(before.to);
});
