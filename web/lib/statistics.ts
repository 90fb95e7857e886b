// The analyst page's view of the statistics API (its OpenAPI document, /api/v1/openapi.json):
// the filters, the rows it answers, and the query string shared by the charts and their CSV download,
// so a download is always exactly the query on screen.
import type { CapacityStatistics } from '../../server/statistics/statistics.schema.ts';
import { HIDDEN, type PlaceKind } from '../../shared/vocabulary.ts';
import type { DemandStatistics, FlowStatistics, OccupancyStatistics } from './types.ts';

export type { CapacityStatistics, DemandStatistics, FlowStatistics, OccupancyStatistics };

/** Quarters and years exist for place-time (capacity, occupancy); households are counted per week or month. */
export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const INTERVALS: readonly Interval[] = ['week', 'month', 'quarter', 'year', 'day'];
export type Kind = PlaceKind;
/** A household count: "x" where the API's disclosure control hides it (docs/definition.md). */
export type Count = number | typeof HIDDEN;
export { HIDDEN };

export interface StatisticsFilters {
  from: string;
  to: string;
  interval: Interval;
  regionCodes: string[];
  /** '' = both kinds. */
  kind: Kind | '';
}

export type CapacityRow = CapacityStatistics['rows'][number];
export type OccupancyRow = OccupancyStatistics['rows'][number];
export type DemandRow = DemandStatistics['rows'][number];
export type FlowRow = FlowStatistics['rows'][number];

export type Endpoint = 'capacity' | 'occupancy' | 'demand' | 'flows' | 'stays';

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The API's own defaults (last 365 days up to yesterday), spelled out so the form shows them. */
export function defaultFilters(today = new Date()): StatisticsFilters {
  const day = 24 * 60 * 60 * 1000;
  const midnight = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return { from: isoDate(new Date(midnight - 365 * day)), to: isoDate(new Date(midnight - day)), interval: 'week', regionCodes: [], kind: '' };
}

/** The interval demand is asked in: households are counted per closed week or month, never per day. */
export function demandInterval(interval: Interval): 'week' | 'month' {
  return interval === 'week' || interval === 'day' ? 'week' : 'month';
}

/** The interval stays are asked in: they have days, weeks and months; quarters and years show months. */
export function stayInterval(interval: Interval): 'day' | 'week' | 'month' {
  return interval === 'quarter' || interval === 'year' ? 'month' : interval;
}

/**
 * The query each endpoint takes for the filters: flows are monthly, kind only on place-time. Typed
 * per endpoint, so call() checks each against its route's definition.
 */
export function statisticsQueries(filters: StatisticsFilters) {
  const regionCodes = filters.regionCodes.length > 0 ? filters.regionCodes.join(',') : undefined;
  const base = { from: filters.from, to: filters.to };
  const placeTime = { ...base, interval: filters.interval, regionCodes, kind: filters.kind || undefined };
  return {
    capacity: placeTime,
    occupancy: placeTime,
    stays: { ...base, interval: stayInterval(filters.interval), regionCodes },
    // Without regions the page shows the country: the nation's own row of the protected tables, which
    // stays visible where a sum of regions (nearly all hidden in a week) would not be.
    demand: { ...base, interval: demandInterval(filters.interval), regionCodes, national: regionCodes ? undefined : ('true' as const) },
    flows: { ...base, regionCodes },
  };
}

/** The API path of an endpoint's query, for its CSV download: always exactly the query on screen. */
export function statisticsPath(endpoint: Endpoint, filters: StatisticsFilters): string {
  const query: Record<string, string | undefined> = statisticsQueries(filters)[endpoint];
  const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return `/statistics/${endpoint}?${new URLSearchParams(defined)}`;
}
