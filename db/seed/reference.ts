import type { Db } from '../database.ts';
import { readMunicipalities } from './municipalities.ts';
import { loadPopulation } from './population.ts';
import { DEFAULT_SCHEME, MAPPING_VALID_FROM, veiligheidsregios } from './veiligheidsregios.ts';

/** Reference data every installation needs, demo or not. Idempotent: safe at every start. */
export async function loadReferenceData(db: Db): Promise<void> {
  const municipalities = readMunicipalities();
  await db.transaction().execute(async (trx) => {
    const hasDefault = await trx.selectFrom('region_schemes').select('code').where('is_default', '=', true).executeTakeFirst();
    await trx
      .insertInto('region_schemes')
      .values({ ...DEFAULT_SCHEME, is_default: !hasDefault })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('regions')
      .values(veiligheidsregios.map(({ code, name }) => ({ scheme_code: DEFAULT_SCHEME.code, code, name })))
      .onConflict((oc) => oc.columns(['scheme_code', 'code']).doNothing())
      .execute();
    // Centroids are facts of the shipped year: a newer file corrects them at the next start. Names
    // stay as loaded, since a region import may have renamed a municipality since.
    await trx
      .insertInto('municipalities')
      .values(municipalities.map(({ code, name, latitude, longitude }) => ({ code, name, latitude, longitude })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ latitude: eb.ref('excluded.latitude'), longitude: eb.ref('excluded.longitude') })))
      .execute();
    await trx
      .insertInto('municipality_regions')
      .values(
        municipalities.map(({ code, regionCode }) => ({
          municipality_code: code,
          scheme_code: DEFAULT_SCHEME.code,
          region_code: regionCode,
          valid_from: MAPPING_VALID_FROM,
          valid_to: null,
        })),
      )
      .onConflict((oc) => oc.columns(['municipality_code', 'scheme_code', 'valid_from']).doNothing())
      .execute();
  });
  // After the municipalities, which the figures refer to.
  await loadPopulation(db);
}
