import { afterAll, beforeAll, expect, it } from 'vitest';

import { importRegionScheme } from '../../db/region-import.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

const CSV = [
  'municipality_code;municipality_name;region_code;region_name',
  'GM0344;Utrecht;VO09;"Utrecht; centrumgemeente"',
  'GM0307;Amersfoort;VO10;Amersfoort',
].join('\r\n');

it('imports a scheme with a dated municipality mapping', async () => {
  const result = await importRegionScheme(t.db, {
    scheme: 'centrumgemeente_vrouwenopvang',
    schemeName: 'Centrumgemeente vrouwenopvang',
    validFrom: '2026-01-01',
    csv: CSV,
  });
  expect(result).toEqual({ regions: 2, municipalities: 2 });
  const regions = await t.db.selectFrom('regions').selectAll().where('scheme_code', '=', 'centrumgemeente_vrouwenopvang').orderBy('code').execute();
  expect(regions.map((r) => r.name)).toEqual(['Utrecht; centrumgemeente', 'Amersfoort']);
});

it('closes the old mapping when a municipality moves on 1 January', async () => {
  await importRegionScheme(t.db, {
    scheme: 'centrumgemeente_vrouwenopvang',
    schemeName: 'Centrumgemeente vrouwenopvang',
    validFrom: '2027-01-01',
    csv: 'municipality_code,municipality_name,region_code,region_name\nGM0307,Amersfoort,VO09,Utrecht; centrumgemeente\n',
  });
  const mapping = await t.db
    .selectFrom('municipality_regions')
    .selectAll()
    .where('scheme_code', '=', 'centrumgemeente_vrouwenopvang')
    .where('municipality_code', '=', 'GM0307')
    .orderBy('valid_from')
    .execute();
  expect(mapping.map((m) => [m.region_code, m.valid_from, m.valid_to])).toEqual([
    ['VO10', '2026-01-01', '2027-01-01'],
    ['VO09', '2027-01-01', null],
  ]);
});

it('rejects a bad file whole, naming the line, and stores nothing', async () => {
  const bad = 'municipality_code,municipality_name,region_code,region_name\nGM0599,Rotterdam,VO17,Rotterdam\nRotterdam,GM0599,VO17,x\n';
  await expect(importRegionScheme(t.db, { scheme: 'other', schemeName: 'Other', validFrom: '2026-01-01', csv: bad })).rejects.toThrow(
    /Line 3: municipality_code/,
  );
  await expect(importRegionScheme(t.db, { scheme: 'other', schemeName: 'Other', validFrom: '2026-01-01', csv: 'a,b\n1,2' })).rejects.toThrow(/header row/);
  expect(await t.db.selectFrom('region_schemes').select('code').where('code', '=', 'other').executeTakeFirst()).toBeUndefined();
});
