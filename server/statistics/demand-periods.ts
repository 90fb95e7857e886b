import { addDays } from './statistics-filters.repository.ts';

// The fixed periods household figures are published in. Weeks are ISO weeks (Monday to Sunday,
// Europe/Amsterdam). A month is the ISO weeks whose Thursday falls in it (as ISO years are made of
// weeks), so every month is a union of whole weeks and its figures are sums of its weeks'.
// A week is published once it is closed: ended at least `lagDays` days ago. Outcomes are counted as
// they stood at that moment, so a published figure never changes afterwards.

export type DemandInterval = 'week' | 'month';

/** The Monday of the week `day` lies in. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The month (its first day) a week belongs to: the month of its Thursday. */
export function monthOfWeek(monday: string): string {
  return `${addDays(monday, 3).slice(0, 7)}-01`;
}

/** The day whose start closes the week: outcomes are counted as they stood then. */
export function closingDay(monday: string, lagDays: number): string {
  return addDays(monday, 7 + lagDays);
}

export function weekIsClosed(monday: string, today: string, lagDays: number): boolean {
  return closingDay(monday, lagDays) <= today;
}

export interface DemandPeriods {
  /** The published periods: Mondays, or first days of months. */
  periods: string[];
  /** Every week the periods are made of, in order. */
  weeks: string[];
  periodOf: (monday: string) => string;
}

/** The closed periods that start within [from, to]: a fixed set, whatever [from, to] cuts off. */
export function demandPeriods(from: string, to: string, interval: DemandInterval, today: string, lagDays: number): DemandPeriods {
  const periodOf = interval === 'week' ? (monday: string) => monday : monthOfWeek;
  // Weeks that can belong to a period starting within [from, to]: from the week before `from`
  // (a month's first week may start in the month before) to the last week of `to`'s month.
  const weeks: string[] = [];
  for (let monday = mondayOf(addDays(from, -7)); monday <= addDays(to, 38); monday = addDays(monday, 7)) weeks.push(monday);
  const byPeriod = new Map<string, string[]>();
  for (const monday of weeks) {
    const period = periodOf(monday);
    if (period < from || period > to) continue;
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), monday]);
  }
  const periods = [...byPeriod.keys()].filter((p) => byPeriod.get(p)!.every((monday) => weekIsClosed(monday, today, lagDays))).sort();
  return { periods, weeks: periods.flatMap((p) => byPeriod.get(p)!), periodOf };
}
