import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMunicipalities } from '../../db/seed/municipalities.ts';
import { loadPopulation, readPopulation } from '../../db/seed/population.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The shipped population table (db/seed/data/population.csv): figures of current municipalities only,
// of any year (each row says which), at most one per municipality and year, all loaded with the
// reference data.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

describe('the shipped population table', () => {
  it('holds whole figures for current municipalities, one per municipality and year', () => {
    const facts = readPopulation();
    const codes = new Set(readMunicipalities().map((m) => m.code));
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.filter((f) => !codes.has(f.code))).toEqual([]);
    expect(new Set(facts.map((f) => `${f.code} ${f.year}`)).size).toBe(facts.length);
    expect(facts.filter((f) => f.year < 2000 || f.year > 2100)).toEqual([]);
    expect(facts.every((f) => f.source.length > 0)).toBe(true);
  });

  const table = async () =>
    (await t.db.selectFrom('municipality_populations').select(['municipality_code', 'population', 'year']).execute())
      .map((r) => `${r.municipality_code} ${r.population} ${r.year}`)
      .sort();
  const shipped = () =>
    readPopulation()
      .map((f) => `${f.code} ${f.population} ${f.year}`)
      .sort();

  it('is loaded with the reference data', async () => {
    expect(await table()).toEqual(shipped());
  });

  it('is the whole table at the next start: a row the file no longer has goes, a changed figure is corrected', async () => {
    // As if an older file had shipped a 2019 figure for Groningen, and another figure for a row still shipped.
    const [first] = readPopulation();
    await t.db.insertInto('municipality_populations').values({ municipality_code: 'GM0014', year: 2019, population: 1, source: 'an older file' }).execute();
    await t.db
      .updateTable('municipality_populations')
      .set({ population: 1 })
      .where('municipality_code', '=', first!.code)
      .where('year', '=', first!.year)
      .execute();
    await loadPopulation(t.db);
    expect(await table()).toEqual(shipped());
  });
});
