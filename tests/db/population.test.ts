import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readMunicipalities } from '../../db/seed/municipalities.ts';
import { readPopulation } from '../../db/seed/population.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The shipped population table (db/seed/data/population-<year>.csv): figures of current municipalities
// only, one reference year, and all of them loaded with the reference data.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

describe('the shipped population table', () => {
  it('holds one year of whole figures for current municipalities, each once', () => {
    const facts = readPopulation();
    const codes = new Set(readMunicipalities().map((m) => m.code));
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.filter((f) => !codes.has(f.code))).toEqual([]);
    expect(new Set(facts.map((f) => f.code)).size).toBe(facts.length);
    expect(new Set(facts.map((f) => f.year)).size).toBe(1);
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
