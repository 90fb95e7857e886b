import { createRoute, z } from '@hono/zod-openapi';

import type { Config } from '../config.ts';
import type { AppDeps } from '../context.ts';
import { DEFINITION_VERSION } from '../definition.ts';
import { InvalidInput } from '../errors.ts';
import { createRouter, csvAndJsonResponse, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { publishChildrenOrigin } from './children-origin-publication.ts';
import { csvDescription, csvResponse, wantsCsv } from './csv.ts';
import { DataPackageSchema } from './datapackage.schema.ts';
import { dataPackage, STATISTICS_TABLES, type StatisticsTable } from './datapackage.ts';
import { type DemandContext, publishDemand, publishFlows } from './demand-publication.ts';
import { DISCLOSURE_VERSION, disclosureRules } from './disclosure.ts';
import { capacityRows, occupancyRows } from './region-days.repository.ts';
import {
  CapacityStatistics,
  ChildrenOriginQuery,
  ChildrenOriginStatistics,
  DemandQuery,
  DemandStatistics,
  FamilyPlaceQuery,
  FamilyPlaceStatistics,
  FlowQuery,
  FlowStatistics,
  OccupancyStatistics,
  type PlaceTimeInterval,
  PlaceTimeQuery,
  StayLengthQuery,
  StayLengthStatistics,
  StayQuery,
  StayStatistics,
} from './statistics.schema.ts';
import { auditQuery } from './statistics-audit.ts';
import { amsterdamToday, resolveFilters, type StatisticsFilters } from './statistics-filters.repository.ts';
import { publishStayLengths } from './stay-lengths-publication.ts';
import { familyPlaceRows } from './stays-family-places.ts';
import { publishStays } from './stays-publication.ts';

// Aggregates for analysts and admins. Nothing here names a place, location, organisation or request:
// rows are keyed by period, region and kind only.

const CLOSED_DAYS =
  'Computed from the daily place-time rollups (region_days), which hold closed days only: days after the last closed day, ' +
  'such as today, are left out until they are closed, so a period that has not ended yet covers its closed days so far.';
const DEMAND_SOURCE =
  'Computed from the placement requests, one per household, by the week (Europe/Amsterdam) the request was made, with its outcome ' +
  'as it stood when the week closed. Only closed periods that start within [from, to] are given: a week is closed a configured lag ' +
  '(at least a day) after its Sunday, a month when all its weeks are. Every region of the scheme is a row, with households or without. ' +
  'Demand is recorded in veiligheidsregio codes, so only the default scheme is accepted (another scheme is a 400 naming scheme). ' +
  'Figures pass disclosure control (disclosureVersion, docs/definition.md): hidden ones are "x" in JSON and CSV alike.';
// Place figures count places and their time, not households: they are published as they are, under the same versions.

function statisticsRoute<T extends StatisticsTable, Q extends z.ZodObject, S extends z.ZodType>(
  table: T,
  query: Q,
  schema: S,
  summary: string,
  description: string,
) {
  return createRoute({
    method: 'get',
    path: `/statistics/${table}` as const,
    ...policy('statistics.read'),
    tags: ['Statistics'],
    summary,
    description: `${description} Send Accept: text/csv for the same rows as CSV (columns documented there and in GET /statistics/datapackage).`,
    request: { query },
    responses: {
      200: csvAndJsonResponse(schema, 'The figures, with the filters they were computed for.', csvDescription(STATISTICS_TABLES[table].columns)),
      ...problems(400, 401, 403),
    },
  });
}

export const capacity = statisticsRoute(
  'capacity',
  PlaceTimeQuery,
  CapacityStatistics,
  'Places and beds by period, region and kind (analysts, admins)',
  `Capacity on the last closed day of each period within [from, to], from the event history. ${CLOSED_DAYS}`,
);
export const occupancy = statisticsRoute(
  'occupancy',
  PlaceTimeQuery,
  OccupancyStatistics,
  'Place-time by status and occupancy rate (analysts, admins)',
  `Seconds of place-time per status summed over the period; stale time counts as unknown whatever the status. ${CLOSED_DAYS}`,
);
export const demand = statisticsRoute(
  'demand',
  DemandQuery,
  DemandStatistics,
  'Placement requests and their outcomes by origin region (analysts, admins)',
  DEMAND_SOURCE,
);
export const flows = statisticsRoute(
  'flows',
  FlowQuery,
  FlowStatistics,
  'Placements from origin region to placement region (analysts, admins)',
  `${DEMAND_SOURCE} Flows are monthly and the full table: every origin × every placement region, zeros included. ` +
    'A region filter keeps the flows that start or end in one of the regions.',
);

export const stays = statisticsRoute(
  'stays',
  StayQuery,
  StayStatistics,
  'Households, blocked place-days and children by age band in shelter places (analysts, admins)',
  'Per period whose every day is closed (from the daily stay rollups) and region of the place, with the nation (NL) last: households in shelter ' +
    'places and children by age band (mean per day), place-days occupied by a household ready to move on and their share of capacity. ' +
    'Household and child counts pass disclosure control (disclosureVersion): hidden ones are "x" in JSON and CSV alike. ' +
    'Only the default scheme is accepted.',
);

export const stayLengths = statisticsRoute(
  'stay-lengths',
  StayLengthQuery,
  StayLengthStatistics,
  'Length of stay and exit destinations (analysts, admins)',
  'Stays that ended per closed period (an ISO week, or a month of the ISO weeks whose Thursday falls in it; default month) and ' +
    'veiligheidsregio of the place, by kind, with the nation (NL) last: ' +
    'how many, median and 90th percentile length in days, and the exit destinations. Counts pass disclosure control (disclosureVersion): ' +
    'hidden ones are "x"; a month\'s counts are the sums of its weeks\' as published. Lengths are given only where the count is shown. ' +
    'Only the default scheme is accepted.',
);

export const childrenOrigin = statisticsRoute(
  'children-origin',
  ChildrenOriginQuery,
  ChildrenOriginStatistics,
  'Children placed outside their origin municipality, by origin municipality (analysts, admins)',
  'Per closed month the stays began in and origin municipality (every municipality, with the nation NL last): children in a place outside ' +
    'and inside their origin municipality. Counts pass disclosure control (disclosureVersion): hidden ones are "x".',
);

export const familyPlaces = statisticsRoute(
  'family-places',
  FamilyPlaceQuery,
  FamilyPlaceStatistics,
  'Family places and beds per 10,000 inhabitants per region, beside the Istanbul-convention norm (analysts, admins)',
  'Per region of the scheme, with the nation (NL) last: places registered on the last closed day on or before to (from the daily ' +
    'place-time rollups), inhabitants from the shipped CBS table (its reference year populationYear, else per municipality the nearest year: municipalitiesOtherYear, populationYearsOther) summed over the municipalities of the region that day, ' +
    'the rates per 10,000 inhabitants and the norm of 1 family place per 10,000. A rate is given only where every municipality of the ' +
    'region has a population figure (municipalitiesWithoutPopulation = 0); otherwise it is null, never computed from a partial sum.',
);

export const datapackage = createRoute({
  method: 'get',
  path: '/statistics/datapackage',
  ...policy('statistics.read'),
  tags: ['Statistics'],
  summary: 'Frictionless Data Package describing the statistics CSV files (analysts, admins)',
  responses: { 200: jsonResponse(DataPackageSchema, 'The data package: one resource per statistics CSV.'), ...problems(401, 403) },
});

/** The normalised filters every response echoes, with the versions its figures are computed and published under. */
function echo(f: StatisticsFilters<PlaceTimeInterval>) {
  return { definitionVersion: DEFINITION_VERSION, disclosureVersion: DISCLOSURE_VERSION, from: f.from, to: f.to, scheme: f.scheme, regionCodes: f.regionCodes };
}

function demandContext(f: StatisticsFilters, config: Config, interval: 'week' | 'month'): DemandContext {
  return {
    scheme: f.scheme,
    from: f.from,
    to: f.to,
    interval,
    today: amsterdamToday(),
    lagDays: config.statistics.demandLagDays,
    rules: disclosureRules(config.statistics.threshold),
  };
}

function filename(table: StatisticsTable, f: StatisticsFilters<PlaceTimeInterval>): string {
  return `noodbed-${table}-${f.from}-${f.to}.csv`;
}

export function statisticsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(capacity, async (c) => {
      const f = await resolveFilters(db, c.req.valid('query'));
      const rows = await capacityRows(db, f);
      await auditQuery(db, c, 'capacity', f);
      if (wantsCsv(c)) return csvResponse(c, filename('capacity', f), STATISTICS_TABLES.capacity.columns, rows);
      return c.json({ ...echo(f), interval: f.interval, kind: f.kind, rows }, 200);
    })
    .openapi(occupancy, async (c) => {
      const f = await resolveFilters(db, c.req.valid('query'));
      const rows = await occupancyRows(db, f);
      await auditQuery(db, c, 'occupancy', f);
      if (wantsCsv(c)) return csvResponse(c, filename('occupancy', f), STATISTICS_TABLES.occupancy.columns, rows);
      return c.json({ ...echo(f), interval: f.interval, kind: f.kind, rows }, 200);
    })
    .openapi(demand, async (c) => {
      const query = c.req.valid('query');
      const national = query.national === 'true';
      // The nation is a fixed level; a total over a chosen set of regions could be differenced.
      if (national && query.regionCodes) {
        throw new InvalidInput([{ name: 'query.national', code: 'not_supported', reason: 'national=true is the whole country and takes no regionCodes' }]);
      }
      const f = await resolveFilters(db, query, { onlyDefaultScheme: true });
      const interval = query.interval ?? 'week';
      const rows = await publishDemand(db, demandContext(f, config, interval), { regionCodes: f.regionCodes, national });
      await auditQuery(db, c, 'demand', f, { interval, national });
      if (wantsCsv(c)) return csvResponse(c, filename('demand', f), STATISTICS_TABLES.demand.columns, rows);
      return c.json({ ...echo(f), interval, rows }, 200);
    })
    .openapi(flows, async (c) => {
      const f = await resolveFilters(db, c.req.valid('query'), { onlyDefaultScheme: true });
      const rows = await publishFlows(db, demandContext(f, config, 'month'), f.regionCodes);
      await auditQuery(db, c, 'flows', f, { interval: 'month' });
      if (wantsCsv(c)) return csvResponse(c, filename('flows', f), STATISTICS_TABLES.flows.columns, rows);
      return c.json({ ...echo(f), rows }, 200);
    })
    .openapi(stays, async (c) => {
      // One scheme only: two schemes' tables, each protected on its own, differ by the households of the
      // municipalities one region has and the other lacks (tests/api/stays-statistics-attack.test.ts).
      const f = await resolveFilters(db, c.req.valid('query'), { onlyDefaultScheme: true });
      const rows = await publishStays(db, f, disclosureRules(config.statistics.threshold));
      await auditQuery(db, c, 'stays', f);
      if (wantsCsv(c)) return csvResponse(c, filename('stays', f), STATISTICS_TABLES.stays.columns, rows);
      return c.json({ ...echo(f), interval: f.interval, rows }, 200);
    })
    .openapi(stayLengths, async (c) => {
      const query = c.req.valid('query');
      const f = await resolveFilters(db, query, { onlyDefaultScheme: true });
      const interval = query.interval ?? 'month';
      const rows = await publishStayLengths(db, { ...f, interval }, disclosureRules(config.statistics.threshold));
      await auditQuery(db, c, 'stay-lengths', { ...f, interval });
      if (wantsCsv(c)) return csvResponse(c, filename('stay-lengths', f), STATISTICS_TABLES['stay-lengths'].columns, rows);
      return c.json({ ...echo(f), interval, rows }, 200);
    })
    .openapi(childrenOrigin, async (c) => {
      const f = await resolveFilters(db, c.req.valid('query'));
      const rows = await publishChildrenOrigin(db, f, disclosureRules(config.statistics.threshold));
      await auditQuery(db, c, 'children-origin', f);
      if (wantsCsv(c)) return csvResponse(c, filename('children-origin', f), STATISTICS_TABLES['children-origin'].columns, rows);
      return c.json({ ...echo(f), rows }, 200);
    })
    .openapi(familyPlaces, async (c) => {
      const f = await resolveFilters(db, c.req.valid('query'));
      const rows = await familyPlaceRows(db, f);
      await auditQuery(db, c, 'family-places', f);
      if (wantsCsv(c)) return csvResponse(c, filename('family-places', f), STATISTICS_TABLES['family-places'].columns, rows);
      return c.json({ ...echo(f), rows }, 200);
    })
    .openapi(datapackage, (c) => {
      // Paths are full URLs: a Frictionless path may not start with a slash.
      return c.json(dataPackage(new URL('/api/v1', c.req.url).href), 200);
    });
}
