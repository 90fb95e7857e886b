import type { Db } from '../database.ts';
import { DEFAULT_SCHEME, MAPPING_VALID_FROM, veiligheidsregios } from './veiligheidsregios.ts';

/** Reference data every installation needs, demo or not. Idempotent: safe at every start. */
export async function loadReferenceData(db: Db): Promise<void> {
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
    const municipalities = veiligheidsregios.flatMap((region) =>
      region.municipalities.map(([code, name]) => ({ code, name, region: region.code })),
    );
    await trx
      .insertInto('municipalities')
      .values(municipalities.map(({ code, name }) => ({ code, name })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await trx
      .insertInto('municipality_regions')
      .values(
        municipalities.map(({ code, region }) => ({
          municipality_code: code,
          scheme_code: DEFAULT_SCHEME.code,
          region_code: region,
          valid_from: MAPPING_VALID_FROM,
          valid_to: null,
        })),
      )
      .onConflict((oc) => oc.columns(['municipality_code', 'scheme_code', 'valid_from']).doNothing())
      .execute();
  });
}
