import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';

import { OPEN_TABLES } from '../../server/open/open-columns.ts';
import { toCsv } from '../../server/statistics/csv.ts';
import { DUTCH_COLUMN_NAMES } from '../../server/statistics/csv-nl.ts';
import { STATISTICS_TABLES } from '../../server/statistics/datapackage.ts';
import type { Column } from '../../server/statistics/statistics-columns.schema.ts';

// The one CSV writer in its two dialects: the machine's (RFC 4180) and Dutch spreadsheets'.

const columns: Column[] = [
  { name: 'regionName', type: 'string', schema: z.string(), description: '' },
  { name: 'occupancyRate', type: 'number', schema: z.number(), description: '' },
  { name: 'occupiedSeconds', type: 'integer', schema: z.number(), description: '' },
  { name: 'medianMinutesToPlacement', type: 'number', schema: z.number(), description: '' },
];
const rows = [
  { regionName: 'Fryslân; noord', occupancyRate: 0.8125, occupiedSeconds: 172_800, medianMinutesToPlacement: 2_160 },
  { regionName: '=HYPERLINK("http://x")', occupancyRate: null, occupiedSeconds: 43_200, medianMinutesToPlacement: null },
];

describe('CSV', () => {
  it('machine: commas, points, seconds and minutes as they are, formulas defused', () => {
    const lines = toCsv(columns, rows).split('\r\n');
    expect(lines[0]).toBe('definitionVersion,disclosureVersion,regionName,occupancyRate,occupiedSeconds,medianMinutesToPlacement');
    expect(lines[1]).toBe('1,sdc-1,Fryslân; noord,0.8125,172800,2160');
    expect(lines[2]).toBe(`1,sdc-1,"'=HYPERLINK(""http://x"")",,43200,`);
  });

  it('Dutch spreadsheet: BOM, semicolons, decimal comma, Dutch names, durations in days, formulas defused', () => {
    const text = toCsv(columns, rows, 'nl');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('definitieversie;beveiligingsversie;regio;bezettingsgraad;bezet_dagen;mediaan_dagen_tot_plaatsing');
    expect(lines[1]).toBe('1;sdc-1;"Fryslân; noord";0,8125;2;1,5');
    expect(lines[2]).toBe(`1;sdc-1;"'=HYPERLINK(""http://x"")";;0,5;`);
  });

  it('has a Dutch name for every column of every table', () => {
    const all = [...Object.values(STATISTICS_TABLES), ...Object.values(OPEN_TABLES)].flatMap((t) => t.columns.map((c) => c.name));
    expect(all.filter((name) => !(name in DUTCH_COLUMN_NAMES))).toEqual([]);
  });
});
