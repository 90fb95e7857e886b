import { z } from '@hono/zod-openapi';

import { PLACE_KINDS } from '../../shared/vocabulary.ts';
import {
  CAPACITY_COLUMNS,
  CHILDREN_ORIGIN_COLUMNS,
  DEMAND_COLUMNS,
  FAMILY_PLACE_COLUMNS,
  FLOW_COLUMNS,
  OCCUPANCY_COLUMNS,
  rowSchema,
  STAY_COLUMNS,
  STAY_LENGTH_COLUMNS,
} from './statistics-columns.schema.ts';

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];
/** Place-time (capacity, occupancy) also sums over calendar quarters and years. */
export const PLACE_TIME_INTERVALS = [...INTERVALS, 'quarter', 'year'] as const;
export type PlaceTimeInterval = (typeof PLACE_TIME_INTERVALS)[number];

// Years outside 2000–2100 are refused here, with the field named (PostgreSQL would fail on year 0).
const date = (description: string) =>
  z.iso
    .date()
    .refine((day) => !/^\d{4}-\d{2}-\d{2}$/.test(day) || (day >= '2000-01-01' && day <= '2100-12-31'), 'the year must be between 2000 and 2100')
    .optional()
    .openapi({ description, example: '2026-01-05' });

const commonQuery = {
  from: date('First day (inclusive), YYYY-MM-DD. Default: 365 days before today.'),
  to: date('Last day (inclusive), YYYY-MM-DD. Default: yesterday. Must not be before from.'),
  scheme: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .optional()
    .openapi({ description: 'Region scheme code. Default: the default scheme (veiligheidsregio).', example: 'veiligheidsregio' }),
  regionCodes: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/)
    .optional()
    .openapi({ description: 'Comma-separated region codes of the scheme. Default: all regions.', example: 'VR01,VR13' }),
};
const interval = z.enum(INTERVALS).optional().openapi({ description: 'Period length; weeks start on Monday (ISO). Default: week.', example: 'week' });

export const PlaceTimeQuery = z.object({
  ...commonQuery,
  interval: z
    .enum(PLACE_TIME_INTERVALS)
    .optional()
    .openapi({ description: 'Period length; weeks start on Monday (ISO), quarters in January, April, July and October. Default: week.', example: 'week' }),
  kind: z.enum(PLACE_KINDS).optional().openapi({ description: 'Only this place kind. Default: both.' }),
});
export const DemandQuery = z.object({
  ...commonQuery,
  interval: z
    .enum(['week', 'month'])
    .optional()
    .openapi({
      description:
        'Closed period: an ISO week (Monday to Sunday), or a month of the ISO weeks whose Thursday falls in it. Default: week. ' +
        'There is no day interval for household figures.',
      example: 'week',
    }),
  national: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      description:
        'true: the nation\'s row only (regionCode "NL"), a fixed level of the same protected tables; cannot be combined with regionCodes. ' +
        'Default: false, a row per region of the filter.',
      example: 'true',
    }),
});
export const FlowQuery = z.object(commonQuery);

const echoed = {
  definitionVersion: z.string().openapi({ description: 'Version of the capacity definition the figures are computed under.', example: '1' }),
  disclosureVersion: z
    .string()
    .openapi({ description: 'Version of the disclosure control the figures are published under (docs/definition.md).', example: 'sdc-1' }),
  from: z.iso.date(),
  to: z.iso.date(),
  scheme: z.string().openapi({ example: 'veiligheidsregio' }),
  regionCodes: z.array(z.string()).nullable().openapi({ description: 'The region filter, or null for all regions.' }),
};
const echoedInterval = z.enum(INTERVALS);
const echoedPlaceTimeInterval = z.enum(PLACE_TIME_INTERVALS);

export const CapacityRow = rowSchema(CAPACITY_COLUMNS, 'CapacityRow');
export const OccupancyRow = rowSchema(OCCUPANCY_COLUMNS, 'OccupancyRow');
export const DemandRow = rowSchema(DEMAND_COLUMNS, 'DemandRow');
export const FlowRow = rowSchema(FLOW_COLUMNS, 'FlowRow');

const kindEcho = z.enum(PLACE_KINDS).nullable().openapi({ description: 'The kind filter, or null for both.' });

export const CapacityStatistics = z
  .object({ ...echoed, interval: echoedPlaceTimeInterval, kind: kindEcho, rows: z.array(CapacityRow) })
  .openapi('CapacityStatistics');
export const OccupancyStatistics = z
  .object({ ...echoed, interval: echoedPlaceTimeInterval, kind: kindEcho, rows: z.array(OccupancyRow) })
  .openapi('OccupancyStatistics');
export const DemandStatistics = z.object({ ...echoed, interval: z.enum(['week', 'month']), rows: z.array(DemandRow) }).openapi('DemandStatistics');
export const FlowStatistics = z.object({ ...echoed, rows: z.array(FlowRow) }).openapi('FlowStatistics');

export type CapacityRow = z.infer<typeof CapacityRow>;
export type OccupancyRow = z.infer<typeof OccupancyRow>;
export type DemandRow = z.infer<typeof DemandRow>;
export type FlowRow = z.infer<typeof FlowRow>;
export type CapacityStatistics = z.infer<typeof CapacityStatistics>;
export type OccupancyStatistics = z.infer<typeof OccupancyStatistics>;
export type DemandStatistics = z.infer<typeof DemandStatistics>;
export type FlowStatistics = z.infer<typeof FlowStatistics>;

export const StayQuery = z.object({ ...commonQuery, interval });
export const StayRow = rowSchema(STAY_COLUMNS, 'StayRow');
export const StayStatistics = z.object({ ...echoed, interval: echoedInterval, rows: z.array(StayRow) }).openapi('StayStatistics');
export type StayRow = z.infer<typeof StayRow>;
export type StayStatistics = z.infer<typeof StayStatistics>;

export const StayLengthQuery = z.object({
  ...commonQuery,
  interval: z.enum(['week', 'month']).optional().openapi({
    description:
      "Period the stays ended in. Default: month. A month is the ISO weeks whose Thursday falls in it; its counts are the sums of its weeks' counts as published, so a month is x when any of its weeks is.",
    example: 'month',
  }),
});
export const StayLengthRow = rowSchema(STAY_LENGTH_COLUMNS, 'StayLengthRow');
export const StayLengthStatistics = z.object({ ...echoed, interval: z.enum(['week', 'month']), rows: z.array(StayLengthRow) }).openapi('StayLengthStatistics');
export type StayLengthRow = z.infer<typeof StayLengthRow>;

export const ChildrenOriginQuery = z.object({ from: commonQuery.from, to: commonQuery.to });
export const ChildrenOriginRow = rowSchema(CHILDREN_ORIGIN_COLUMNS, 'ChildrenOriginRow');
export const ChildrenOriginStatistics = z.object({ ...echoed, rows: z.array(ChildrenOriginRow) }).openapi('ChildrenOriginStatistics');
export type ChildrenOriginRow = z.infer<typeof ChildrenOriginRow>;

export const FamilyPlaceQuery = z.object({ to: commonQuery.to, scheme: commonQuery.scheme, regionCodes: commonQuery.regionCodes });
export const FamilyPlaceRow = rowSchema(FAMILY_PLACE_COLUMNS, 'FamilyPlaceRow');
export const FamilyPlaceStatistics = z.object({ ...echoed, rows: z.array(FamilyPlaceRow) }).openapi('FamilyPlaceStatistics');
export type FamilyPlaceRow = z.infer<typeof FamilyPlaceRow>;
