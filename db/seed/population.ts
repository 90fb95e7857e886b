import { readFileSync } from 'node:fs';

import { parseCsv } from '../csv.ts';
import type { Db } from '../database.ts';

// Inhabitants per municipality on 1 January of a year (CBS): see data/README.md for the sources and the
// coverage. One file holds figures of several years, each row with its own; the figures per 10,000
// inhabitants take per municipality the one of the table's reference year or the nearest to it
// (server/statistics/stays-family-places.ts), and leave a region without a rate when any of its
// municipalities has none of any year.

export const POPULATION_FILE = new URL('./data/population.csv', import.meta.url);

export interface PopulationFact {
  code: string;
  population: number;
  year: number;
  source: string;
}

export function readPopulation(file: URL = POPULATION_FILE): PopulationFact[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8')).filter((row) => row.some(Boolean));
  if (header?.join() !== 'gm_code,name,population,year,source') throw new Error(`${file.pathname}: unexpected header`);
  const seen = new Set<string>();
  return rows.map(([code, , population, year, source], i) => {
    const fact = { code: code!, population: Number(population), year: Number(year), source: source ?? '' };
    if (!/^GM\d{4}$/.test(fact.code) || !Number.isInteger(fact.population) || fact.population <= 0 || !/^\d{4}$/.test(year ?? ''))
      throw new Error(`${file.pathname}, row ${i + 2}: not a municipality code, a whole population and a year`);
    // Two figures of one municipality and year: the upsert below would refuse the whole file.
    if (seen.has(`${fact.code} ${fact.year}`)) throw new Error(`${file.pathname}, row ${i + 2}: ${fact.code} ${fact.year} a second time`);
    seen.add(`${fact.code} ${fact.year}`);
    return fact;
  });
}

/**
 * Loads the shipped figures. The file is the whole table: a row it no longer has (a figure replaced
 * by one of another year, say) goes, or the nearest-year rule could still pick it. One transaction,
 * so a reader never sees the table half replaced.
 */
export async function loadPopulation(db: Db): Promise<void> {
  const facts = readPopulation();
  if (!facts.length) return;
  await db.transaction().execute(async (trx) => {
    const shipped = new Set(facts.map((f) => `${f.code} ${f.year}`));
    const stored = await trx.selectFrom('municipality_populations').select(['municipality_code', 'year']).execute();
    const gone = stored.filter((row) => !shipped.has(`${row.municipality_code} ${row.year}`));
    for (const row of gone) {
      await trx.deleteFrom('municipality_populations').where('municipality_code', '=', row.municipality_code).where('year', '=', row.year).execute();
    }
    await trx
      .insertInto('municipality_populations')
      .values(facts.map(({ code, population, year, source }) => ({ municipality_code: code, population, year, source })))
      .onConflict((oc) =>
        oc.columns(['municipality_code', 'year']).doUpdateSet((eb) => ({ population: eb.ref('excluded.population'), source: eb.ref('excluded.source') })),
      )
      .execute();
  });
}
