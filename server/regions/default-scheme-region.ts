import type { Db } from '../../db/database.ts';
import { InvalidInput } from '../errors.ts';

/** A region code of the default scheme, as the policy compares regions; an unknown one is a 400 naming the field. */
export async function defaultSchemeRegion(db: Db, code: string, field: string): Promise<{ scheme: string; code: string }> {
  const row = await db
    .selectFrom('regions')
    .innerJoin('region_schemes', 'region_schemes.code', 'regions.scheme_code')
    .select('regions.scheme_code')
    .where('region_schemes.is_default', '=', true)
    .where('regions.code', '=', code)
    .executeTakeFirst();
  if (!row) throw new InvalidInput([{ name: field, code: 'unknown', reason: `no region ${code} in the default scheme` }]);
  return { scheme: row.scheme_code, code };
}
