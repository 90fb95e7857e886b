import type { Db } from '../../db/database.ts';
import { InvalidInput } from '../errors.ts';

// A region code is checked against the regions the scheme has, not only against a pattern: VR00,
// VR26 and VR99 look like veiligheidsregio codes and were stored, then counted in the figures.

/** A region code in a request and where it was sent, e.g. `body.avoidRegions.2`. */
export interface RegionRef {
  name: string;
  code: string;
}

/** The codes among `codes` that are no region of `scheme`. */
export async function unknownRegions(db: Db, scheme: string, codes: readonly string[]): Promise<string[]> {
  const distinct = [...new Set(codes)];
  if (distinct.length === 0) return [];
  const known = new Set(
    (await db.selectFrom('regions').select('code').where('scheme_code', '=', scheme).where('code', 'in', distinct).execute()).map((r) => r.code),
  );
  return distinct.filter((code) => !known.has(code));
}

/** Refuses (400) references to regions `scheme` does not have, naming every field that holds one. */
export async function assertRegionsExist(db: Db, scheme: string, refs: readonly RegionRef[]): Promise<void> {
  const unknown = new Set(
    await unknownRegions(
      db,
      scheme,
      refs.map((r) => r.code),
    ),
  );
  const wrong = refs.filter((r) => unknown.has(r.code));
  if (wrong.length) {
    throw new InvalidInput(wrong.map((r) => ({ name: r.name, code: 'unknown_region', reason: `${r.code} is not a region of scheme ${scheme}` })));
  }
}

/** Each code of a list field as its own reference: `body.avoidRegions.0`, `body.avoidRegions.1`, … */
export function listRefs(name: string, codes: readonly string[]): RegionRef[] {
  return codes.map((code, i) => ({ name: `${name}.${i}`, code }));
}
