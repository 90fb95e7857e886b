import type { z } from '@hono/zod-openapi';

import { DEFINITION_VERSION } from '../definition.ts';
import { csvColumns } from './csv.ts';
import type { DataPackageSchema } from './datapackage.schema.ts';
import { DISCLOSURE_VERSION, HIDDEN } from './disclosure.ts';
import {
  CAPACITY_COLUMNS,
  CHILDREN_ORIGIN_COLUMNS,
  type Column,
  DEMAND_COLUMNS,
  FAMILY_PLACE_COLUMNS,
  FLOW_COLUMNS,
  OCCUPANCY_COLUMNS,
  STAY_COLUMNS,
  STAY_LENGTH_COLUMNS,
} from './statistics-columns.schema.ts';

// GET /statistics/datapackage: a Frictionless Data Package (https://specs.frictionlessdata.io/) that
// describes each statistics CSV from the same column list as the OpenAPI document.

type DataPackage = z.infer<typeof DataPackageSchema>;

interface Table {
  title: string;
  columns: readonly Column[];
  /** The query of the path in the data package: the defaults, spelled out where they are not dates. */
  defaultQuery: string;
  /** Cell values that mean "no number": empty (null), and "x" where disclosure control hides a figure. */
  missingValues: string[];
}

export const STATISTICS_TABLES = {
  capacity: { title: 'Capacity: places and beds by period, region and kind', columns: CAPACITY_COLUMNS, defaultQuery: 'interval=week', missingValues: [''] },
  occupancy: {
    title: 'Place-time by status and occupancy rate by period, region and kind',
    columns: OCCUPANCY_COLUMNS,
    defaultQuery: 'interval=week',
    missingValues: [''],
  },
  demand: { title: 'Placement requests by period and origin region', columns: DEMAND_COLUMNS, defaultQuery: 'interval=week', missingValues: ['', HIDDEN] },
  flows: { title: 'Placements from origin region to placement region by month', columns: FLOW_COLUMNS, defaultQuery: '', missingValues: ['', HIDDEN] },
  'stay-lengths': {
    title: 'Length of stay and exit destinations by period, region and kind',
    columns: STAY_LENGTH_COLUMNS,
    defaultQuery: 'interval=month',
    missingValues: ['', HIDDEN],
  },
  'children-origin': {
    title: 'Children placed outside their origin municipality, by origin municipality and month',
    columns: CHILDREN_ORIGIN_COLUMNS,
    defaultQuery: '',
    missingValues: ['', HIDDEN],
  },
  stays: {
    title: 'Households, blocked place-days and children by age band in shelter places by period and region',
    columns: STAY_COLUMNS,
    defaultQuery: 'interval=week',
    missingValues: ['', HIDDEN],
  },
  'family-places': {
    title: 'Family places and beds per 10,000 inhabitants by region, beside the Istanbul-convention norm',
    columns: FAMILY_PLACE_COLUMNS,
    defaultQuery: '',
    missingValues: [''],
  },
} as const satisfies Record<string, Table>;

export type StatisticsTable = keyof typeof STATISTICS_TABLES;

/** The data package, with each resource's path a full URL under `apiBase` (e.g. https://host/api/v1). */
export function dataPackage(apiBase: string): DataPackage {
  return {
    profile: 'tabular-data-package',
    name: 'noodbed-statistics',
    title: 'Noodbed statistics: capacity, occupancy and demand of emergency shelter places',
    description:
      'Aggregates only, by region of a region scheme. Each path answers with this CSV to a logged-in analyst or admin ' +
      'sending Accept: text/csv; change from, to, interval, scheme, regionCodes and kind in the query. ' +
      'Household counts (demand, flows) pass disclosure control: hidden ones are "x", which the schemas list as a missing value.',
    definitionVersion: DEFINITION_VERSION,
    disclosureVersion: DISCLOSURE_VERSION,
    resources: Object.entries(STATISTICS_TABLES).map(([name, table]: [string, Table]) => ({
      profile: 'tabular-data-resource',
      name,
      title: table.title,
      path: `${apiBase}/statistics/${name}${table.defaultQuery ? `?${table.defaultQuery}` : ''}`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
      schema: {
        fields: csvColumns(table.columns).map((c) => ({ name: c.name, type: c.type, description: c.description })),
        missingValues: table.missingValues,
      },
    })),
  };
}
