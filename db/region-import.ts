import { parseCsv } from './csv.ts';
import type { Db } from './database.ts';
import { syncLocationRegions } from './municipality-regions.ts';

export const REGION_CSV_COLUMNS = ['municipality_code', 'municipality_name', 'region_code', 'region_name'] as const;

export interface RegionImport {
  scheme: string;
  schemeName: string;
  /** First day the mapping holds (municipalities are regrouped on 1 January). */
  validFrom: string;
  csv: string;
}

export class RegionImportError extends Error {}

function parseRows(csv: string) {
  const [header, ...rows] = parseCsv(csv);
  const columns = header?.map((name) => name.trim().toLowerCase()) ?? [];
  const index = REGION_CSV_COLUMNS.map((name) => columns.indexOf(name));
  if (index.some((i) => i < 0)) {
    throw new RegionImportError(`The CSV needs a header row with the columns ${REGION_CSV_COLUMNS.join(', ')}.`);
  }
  return rows.map((row, n) => {
    const [municipalityCode, municipalityName, regionCode, regionName] = index.map((i) => (row[i] ?? '').trim());
    if (!/^GM\d{4}$/.test(municipalityCode!)) throw new RegionImportError(`Line ${n + 2}: municipality_code "${municipalityCode}" is not like GM0344.`);
    if (!/^[A-Z]{2}\d{2,4}$/.test(regionCode!)) throw new RegionImportError(`Line ${n + 2}: region_code "${regionCode}" is not like VR09.`);
    if (!municipalityName || !regionName) throw new RegionImportError(`Line ${n + 2}: a name is empty.`);
    return { municipalityCode: municipalityCode!, municipalityName, regionCode: regionCode!, regionName };
  });
}

/**
 * Loads a region scheme and its dated municipality mapping from CSV, in one transaction. A mapping
 * already open for a municipality in this scheme is closed the day the new one starts.
 */
export async function importRegionScheme(db: Db, input: RegionImport): Promise<{ regions: number; municipalities: number }> {
  if (!/^[a-z][a-z0-9_]*$/.test(input.scheme)) throw new RegionImportError(`Scheme code "${input.scheme}" must be lower_snake_case.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom)) throw new RegionImportError(`valid-from "${input.validFrom}" must be a date like 2026-01-01.`);
  const rows = parseRows(input.csv);
  if (rows.length === 0) throw new RegionImportError('The CSV has no rows.');
  const regions = new Map(rows.map((r) => [r.regionCode, r.regionName]));

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('region_schemes')
      .values({ code: input.scheme, name: input.schemeName })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: input.schemeName }))
      .execute();
    await trx
      .insertInto('regions')
      .values([...regions].map(([code, name]) => ({ scheme_code: input.scheme, code, name })))
      .onConflict((oc) => oc.columns(['scheme_code', 'code']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
    await trx
      .insertInto('municipalities')
      .values(rows.map((r) => ({ code: r.municipalityCode, name: r.municipalityName })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
    await trx
      .updateTable('municipality_regions')
      .set({ valid_to: input.validFrom })
      .where('scheme_code', '=', input.scheme)
      .where('valid_to', 'is', null)
      .where('valid_from', '<', input.validFrom)
      .where(
        'municipality_code',
        'in',
        rows.map((r) => r.municipalityCode),
      )
      .execute();
    await trx
      .insertInto('municipality_regions')
      .values(
        rows.map((r) => ({
          municipality_code: r.municipalityCode,
          scheme_code: input.scheme,
          region_code: r.regionCode,
          valid_from: input.validFrom,
          valid_to: null,
        })),
      )
      .onConflict((oc) => oc.columns(['municipality_code', 'scheme_code', 'valid_from']).doUpdateSet((eb) => ({ region_code: eb.ref('excluded.region_code') })))
      .execute();
    // Locations keep a copy of their region: a mapping in force from today on moves them now, one
    // starting later moves them on its first day (the server's daily job).
    await syncLocationRegions(trx);
  });
  return { regions: regions.size, municipalities: rows.length };
}
