import type { Db } from '../../db/database.ts';

/** The named scheme, or the default one when no code is given. */
export async function findScheme(db: Db, code: string | undefined) {
  let query = db.selectFrom('region_schemes').select(['code', 'name']);
  query = code ? query.where('code', '=', code) : query.where('is_default', '=', true);
  return query.executeTakeFirst();
}

export async function listRegions(db: Db, schemeCode: string) {
  return db.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', schemeCode).orderBy('code').execute();
}
