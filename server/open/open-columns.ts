import { z } from '@hono/zod-openapi';

import { PLACE_KINDS } from '../../shared/vocabulary.ts';
import { type Column, DEMAND_COLUMNS } from '../statistics/statistics-columns.schema.ts';

// The open-data tables: every signed-off quarterly report's figures, one row per month (and kind),
// described once for the JSON rows, the CSV header and the data package.

const quarter: Column = { name: 'quarter', type: 'string', schema: z.string(), description: 'The signed-off quarter, e.g. 2026-Q3.' };
const reportRegion: Column = {
  name: 'reportRegionCode',
  type: 'string',
  schema: z.string(),
  description: 'The report: a region code, or NL for the national report.',
};

export const OPEN_PLACE_COLUMNS: readonly Column[] = [
  quarter,
  reportRegion,
  { name: 'period', type: 'date', schema: z.iso.date(), description: 'First day of the month.' },
  { name: 'kind', type: 'string', schema: z.enum(PLACE_KINDS), description: 'Place kind: bed or family_unit.' },
  { name: 'places', type: 'integer', schema: z.number().int(), description: 'Places registered on the last closed day of the month.' },
  { name: 'beds', type: 'integer', schema: z.number().int(), description: 'Sleeping places of those places.' },
  {
    name: 'occupancyRate',
    type: 'number',
    schema: z.number().nullable(),
    description: 'Occupied share of the usable place-time (4 decimals); empty when none was usable.',
  },
  { name: 'unavailableShare', type: 'number', schema: z.number(), description: 'Share of place-time out of use.' },
  { name: 'unknownShare', type: 'number', schema: z.number(), description: 'Share of place-time whose status was not confirmed (stale).' },
];

export const OPEN_DEMAND_COLUMNS: readonly Column[] = [quarter, reportRegion, ...DEMAND_COLUMNS];

export const OPEN_TABLES = {
  places: { title: 'Places, beds and occupancy per month, from signed-off quarterly reports', columns: OPEN_PLACE_COLUMNS, missingValues: [''] },
  demand: {
    title: 'Placement requests per month and origin region, from signed-off quarterly reports (disclosure-controlled)',
    columns: OPEN_DEMAND_COLUMNS,
    missingValues: ['', 'x'],
  },
} as const;
export type OpenTable = keyof typeof OPEN_TABLES;
