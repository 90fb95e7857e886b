import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMunicipalities } from '../../db/seed/municipalities.ts';
import { readPopulation } from '../../db/seed/population.ts';
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

  it('is loaded with the reference data', async () => {
    const rows = await t.db.selectFrom('municipality_populations').select(['municipality_code', 'population', 'year']).execute();
    expect(rows.map((r) => `${r.municipality_code} ${r.population} ${r.year}`).sort()).toEqual(
      readPopulation()
        .map((f) => `${f.code} ${f.population} ${f.year}`)
        .sort(),
    );
  });
});
