// The time axis of the analyst's charts: a tick on a period's own point, never between two, and a
// label that names that period once ("jan 2026, feb, mrt"), in the interface's language.
import type { Interval } from './statistics.ts';

export interface Tick {
  period: string;
  label: string;
}

/** Steps (in periods) that read well per interval: a week, a fortnight, a month of days; a quarter of months. */
const STEPS: Record<Interval, number[]> = {
  day: [1, 2, 7, 14, 28, 91, 182, 364],
  week: [1, 2, 4, 13, 26, 52],
  month: [1, 2, 3, 6, 12, 24],
  quarter: [1, 2, 4, 8],
  year: [1, 2, 5, 10],
};

const yearOf = (period: string) => period.slice(0, 4);

/** A period's quarter, 1 to 4. */
export const quarterOf = (period: string) => Math.floor((Number(period.slice(5, 7)) - 1) / 3) + 1;

/**
 * The label of one period on the axis. The year is written on the first tick and where it changes,
 * so neighbouring labels differ ("jan 2026, jan 2027", never "jan 26, jan 26").
 */
export function tickLabel(
  period: string,
  interval: Interval,
  locale: string,
  quarterText: (quarter: number, year: string) => string,
  withYear: boolean,
): string {
  const date = new Date(`${period}T00:00:00Z`);
  const year = withYear ? ({ year: 'numeric' } as const) : {};
  if (interval === 'year') return yearOf(period);
  if (interval === 'quarter') return quarterText(quarterOf(period), yearOf(period));
  if (interval === 'month') return date.toLocaleDateString(locale, { month: 'short', timeZone: 'UTC', ...year });
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC', ...year });
}

/** At most `room` ticks, on every n-th period from the first, n a step that reads well for the interval. */
export function axisTicks(periods: string[], interval: Interval, room: number, label: (period: string, withYear: boolean) => string): Tick[] {
  const fits = (step: number) => Math.ceil(periods.length / step) <= Math.max(1, room);
  const step = STEPS[interval].find(fits) ?? Math.ceil(periods.length / Math.max(1, room));
  const chosen = periods.filter((_, i) => i % step === 0);
  return chosen.map((period, i) => ({ period, label: label(period, i === 0 || yearOf(period) !== yearOf(chosen[i - 1] ?? '')) }));
}
