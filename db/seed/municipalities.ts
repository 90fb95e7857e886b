import { readFileSync } from 'node:fs';

import { parseCsv } from '../csv.ts';

// Every CBS gemeente of the year shipped, with its veiligheidsregio and centroid: see
// data/README.md for the sources and the checks made.

export const MUNICIPALITIES_FILE = new URL('./data/gemeenten-2026.csv', import.meta.url);

export interface MunicipalityFact {
  code: string;
  name: string;
  regionCode: string;
  latitude: number;
  longitude: number;
}

export function readMunicipalities(): MunicipalityFact[] {
  const [header, ...rows] = parseCsv(readFileSync(MUNICIPALITIES_FILE, 'utf8')).filter((row) => row.some(Boolean));
  if (header?.join() !== 'municipality_code,municipality_name,region_code,latitude,longitude')
    throw new Error(`${MUNICIPALITIES_FILE.pathname}: unexpected header`);
  return rows.map(([code, name, regionCode, latitude, longitude]) => ({
    code: code!,
    name: name!,
    regionCode: regionCode!,
    latitude: Number(latitude),
    longitude: Number(longitude),
  }));
}
