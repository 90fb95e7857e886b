import type { Db } from '../../db/database.ts';

/**
 * One location per veiligheidsregio, of one new organisation, each in the region's first municipality
 * (by code): for tests of figures per region, which insert their own places and events.
 */
export async function locationsInRegions(
  db: Db,
  regions: string[],
  organisationName: string,
): Promise<Array<{ id: string; region: string; municipality: string }>> {
  const organisation = await db.insertInto('organisations').values({ name: organisationName, kind: 'vrouwenopvang' }).returning('id').executeTakeFirstOrThrow();
  const result = [];
  for (const region of regions) {
    const { municipality_code } = await db
      .selectFrom('municipality_regions')
      .select('municipality_code')
      .where('scheme_code', '=', 'veiligheidsregio')
      .where('region_code', '=', region)
      .orderBy('municipality_code')
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('locations')
      .values({
        organisation_id: organisation.id,
        name: `Huis ${region}`,
        municipality_code,
        region_scheme: 'veiligheidsregio',
        region_code: region,
        serves: 'women',
        street_address: 'Teststraat 1',
        postal_code: '1234 AB',
        city: 'Test',
        intake_phone: '088 123 4567',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    result.push({ id: row.id, region, municipality: municipality_code });
  }
  return result;
}
