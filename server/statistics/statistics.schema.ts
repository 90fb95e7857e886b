import { z } from '@hono/zod-openapi';
import { PLACE_KINDS } from '../places/places.schema.ts';
import { CAPACITY_COLUMNS, DEMAND_COLUMNS, FLOW_COLUMNS, OCCUPANCY_COLUMNS, rowSchema } from './statistics-columns.schema.ts';

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

const date = (description: string) => z.iso.date().optional().openapi({ description, example: '2026-01-05' });

const commonQuery = {
  from: date('First day (inclusive), YYYY-MM-DD. Default: 365 days before today.'),
  to: date('Last day (inclusive), YYYY-MM-DD. Default: yesterday. Must not be before from.'),
  scheme: z.string().regex(/^[a-z][a-z0-9_]*$/).optional().openapi({ description: 'Region scheme code. Default: the default scheme (veiligheidsregio).', example: 'veiligheidsregio' }),
  regionCodes: z.string().regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/).optional()
    .openapi({ description: 'Comma-separated region codes of the scheme. Default: all regions.', example: 'VR01,VR13' }),
};
const interval = z.enum(INTERVALS).optional().openapi({ description: 'Period length; weeks start on Monday (ISO). Default: week.', example: 'week' });

export const PlaceTimeQuery = z.object({
  ...commonQuery,
  interval,
  kind: z.enum(PLACE_KINDS).optional().openapi({ description: 'Only this place kind. Default: both.' }),
});
export const DemandQuery = z.object({
  ...commonQuery,
  interval,
  national: z.enum(['true', 'false']).optional().openapi({
    description: 'true: one row per period for all regions of the filter together (regionCode "NL", regionName "Nederland" '
      + 'without a filter; else the codes joined by "+"), suppressed only when the total is under 5. Default: false, a row per region.',
    example: 'true',
  }),
});
export const FlowQuery = z.object(commonQuery);

const echoed = {
  definitionVersion: z.string().openapi({ description: 'Version of the capacity definition the figures are computed under.', example: '1' }),
  from: z.iso.date(),
  to: z.iso.date(),
  scheme: z.string().openapi({ example: 'veiligheidsregio' }),
  regionCodes: z.array(z.string()).nullable().openapi({ description: 'The region filter, or null for all regions.' }),
};
const echoedInterval = z.enum(INTERVALS);

export const CapacityRow = rowSchema(CAPACITY_COLUMNS, 'CapacityRow');
export const OccupancyRow = rowSchema(OCCUPANCY_COLUMNS, 'OccupancyRow');
export const DemandRow = rowSchema(DEMAND_COLUMNS, 'DemandRow');
export const FlowRow = rowSchema(FLOW_COLUMNS, 'FlowRow');

const kindEcho = z.enum(PLACE_KINDS).nullable().openapi({ description: 'The kind filter, or null for both.' });

export const CapacityStatistics = z
  .object({ ...echoed, interval: echoedInterval, kind: kindEcho, rows: z.array(CapacityRow) })
  .openapi('CapacityStatistics');
export const OccupancyStatistics = z
  .object({ ...echoed, interval: echoedInterval, kind: kindEcho, rows: z.array(OccupancyRow) })
  .openapi('OccupancyStatistics');
export const DemandStatistics = z.object({ ...echoed, interval: echoedInterval, rows: z.array(DemandRow) }).openapi('DemandStatistics');
export const FlowStatistics = z.object({ ...echoed, rows: z.array(FlowRow) }).openapi('FlowStatistics');

export type CapacityRow = z.infer<typeof CapacityRow>;
export type OccupancyRow = z.infer<typeof OccupancyRow>;
export type DemandRow = z.infer<typeof DemandRow>;
export type FlowRow = z.infer<typeof FlowRow>;
export type CapacityStatistics = z.infer<typeof CapacityStatistics>;
export type OccupancyStatistics = z.infer<typeof OccupancyStatistics>;
export type DemandStatistics = z.infer<typeof DemandStatistics>;
export type FlowStatistics = z.infer<typeof FlowStatistics>;
