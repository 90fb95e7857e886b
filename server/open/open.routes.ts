import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, csvAndJsonResponse, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { publicFigures } from '../reports/report-figures.ts';
import { findReport, listReports, type ReportRow } from '../reports/reports.repository.ts';
import { OpenReport, OpenReportList, ReportIdParams } from '../reports/reports.schema.ts';
import { csvDescription, csvResponse, wantsCsv } from '../statistics/csv.ts';
import { DataPackageSchema } from '../statistics/datapackage.schema.ts';
import { OPEN_TABLES, type OpenTable } from './open-columns.ts';
import { openDataPackage } from './open-datapackage.ts';

// Open data (issue 16): the figures of signed-off quarterly reports, without a login. Only what a
// report froze as public (aggregates under disclosure control, counts of flags) ever leaves here:
// never a location, a flag's location, an explanation's text or a question.

const FORMAT = z.enum(['json', 'csv', 'csv-nl']).optional().openapi({
  description:
    'csv: RFC 4180 (also with Accept: text/csv); csv-nl: for Dutch spreadsheets (semicolons, decimal comma, BOM, Dutch column names, days). Default: json.',
});
const TableQuery = z.object({
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional()
    .openapi({ description: 'Only this quarter, e.g. 2026-Q3. Default: every signed-off quarter.', example: '2026-Q3' }),
  format: FORMAT,
});

export const list = createRoute({
  method: 'get',
  path: '/open/reports',
  ...policy('open.read'),
  tags: ['Open data'],
  summary: 'Signed-off quarterly reports, per region and national (no login)',
  responses: { 200: jsonResponse(OpenReportList, 'Newest quarter first.'), ...problems(401, 403, 429) },
});
export const read = createRoute({
  method: 'get',
  path: '/open/reports/{id}',
  ...policy('open.read'),
  tags: ['Open data'],
  summary: 'The public figures of one signed-off report (no login)',
  request: { params: ReportIdParams },
  responses: {
    200: jsonResponse(OpenReport, 'The figures as signed off, with their definition and disclosure-control versions.'),
    ...problems(400, 401, 403, 404, 429),
  },
});

const tableRoute = (table: OpenTable, schemaName: string) =>
  createRoute({
    method: 'get',
    path: `/open/${table}` as const,
    ...policy('open.read'),
    tags: ['Open data'],
    summary: `${OPEN_TABLES[table].title} (no login)`,
    request: { query: TableQuery },
    responses: {
      200: csvAndJsonResponse(
        z.object({ rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))) }).openapi(schemaName),
        'One row per report and month (and kind or region).',
        csvDescription(OPEN_TABLES[table].columns),
      ),
      ...problems(400, 401, 403, 429),
    },
  });
const places = tableRoute('places', 'OpenPlaceRows');
const demand = tableRoute('demand', 'OpenDemandRows');
export const datapackage = createRoute({
  method: 'get',
  path: '/open/datapackage',
  ...policy('open.read'),
  tags: ['Open data'],
  summary: 'Frictionless Data Package of the open-data CSV files (no login)',
  responses: { 200: jsonResponse(DataPackageSchema, 'The data package.'), ...problems(401, 403, 429) },
});

const summaryOf = ({ snapshot: _s, regionScheme: _r, status: _st, ...summary }: ReportRow) => summary;

function rowsOf(table: OpenTable, reports: ReportRow[]): Array<Record<string, unknown>> {
  return reports.flatMap((report): Array<Record<string, unknown>> => {
    const figures = publicFigures(report.snapshot!);
    const key = { quarter: report.quarter, reportRegionCode: figures.regionCode };
    return table === 'places' ? figures.places.map((row) => ({ ...key, ...row })) : figures.demand.map((row) => ({ ...key, ...row }));
  });
}

export function openRoutes({ db }: AppDeps) {
  /** The rows of a table, and its CSV file name, for the signed-off reports of the query. */
  const table = async (name: OpenTable, { quarter }: z.infer<typeof TableQuery>) => ({
    rows: rowsOf(name, await listReports(db, { signedOffOnly: true, ...(quarter ? { quarter } : {}) })),
    filename: `noodbed-open-${name}${quarter ? `-${quarter}` : ''}.csv`,
  });
  return createRouter()
    .openapi(list, async (c) => c.json({ items: (await listReports(db, { signedOffOnly: true })).map(summaryOf) }, 200))
    .openapi(read, async (c) => {
      const report = await findReport(db, c.req.valid('param').id);
      // A draft does not exist for the public.
      if (!report || report.status !== 'signed_off') throw new NotFound('This report');
      return c.json({ ...summaryOf(report), figures: publicFigures(report.snapshot!) }, 200);
    })
    .openapi(places, async (c) => {
      const { rows, filename } = await table('places', c.req.valid('query'));
      return wantsCsv(c) ? csvResponse(c, filename, OPEN_TABLES.places.columns, rows) : c.json({ rows }, 200);
    })
    .openapi(demand, async (c) => {
      const { rows, filename } = await table('demand', c.req.valid('query'));
      return wantsCsv(c) ? csvResponse(c, filename, OPEN_TABLES.demand.columns, rows) : c.json({ rows }, 200);
    })
    .openapi(datapackage, (c) => c.json(openDataPackage(new URL('/api/v1', c.req.url).href), 200));
}
