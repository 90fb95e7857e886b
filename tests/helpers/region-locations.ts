import type { Db } from '../../db/database.ts';
import { TEST_LOCATION_DETAILS } from './factories.ts';

/** A new organisation of shelters, for the locations below. */
export async function insertShelterOrganisation(db: Db, name: string): Promise<string> {
  return (await db.insertInto('organisations').values({ name, kind: 'vrouwenopvang' }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A location of the organisation in this municipality and veiligheidsregio. */
export async function insertLocationIn(db: Db, organisationId: string, region: string, municipality: string): Promise<string> {
  const row = await db
    .insertInto('locations')
    .values({
      organisation_id: organisationId,
      name: `Huis ${region}`,
      municipality_code: municipality,
      region_scheme: 'veiligheidsregio',
      region_code: region,
      ...TEST_LOCATION_DETAILS,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * One location per veiligheidsregio, of one new organisation, each in the region's first municipality
 * (by code): for tests of figures per region, which insert their own places and events.
 */
export async function locationsInRegions(
  db: Db,
  regions: string[],
  organisationName: string,
): Promise<Array<{ id: string; region: string; municipality: string }>> {
  const organisationId = await insertShelterOrganisation(db, organisationName);
  const result = [];
  for (const region of regions) {
    const { municipality_code } = await db
      .selectFrom('municipality_regions')
      .select('municipality_code')
      .where('scheme_code', '=', 'veiligheidsregio')
      .where('region_code', '=', region)
      .orderBy('municipality_code')
      .executeTakeFirstOrThrow();
    result.push({ id: await insertLocationIn(db, organisationId, region, municipality_code), region, municipality: municipality_code });
  }
  return result;
}
