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

/** The API path with the filters that endpoint takes: flows are monthly, kind only on place-time. */
export function statisticsPath(endpoint: Endpoint, filters: StatisticsFilters): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (endpoint === 'occupancy' || endpoint === 'capacity') query.set('interval', filters.interval);
  if (endpoint === 'stays') query.set('interval', stayInterval(filters.interval));
  if (endpoint === 'demand') query.set('interval', demandInterval(filters.interval));
  if (filters.regionCodes.length > 0) query.set('regionCodes', filters.regionCodes.join(','));
  // Without regions the page shows the country: the nation's own row of the protected tables, which
  // stays visible where a sum of regions (nearly all hidden in a week) would not be.
  else if (endpoint === 'demand') query.set('national', 'true');
  if ((endpoint === 'occupancy' || endpoint === 'capacity') && filters.kind) query.set('kind', filters.kind);
  return `/statistics/${endpoint}?${query}`;
}
