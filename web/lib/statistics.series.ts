// Turning API rows into chart series and a flow matrix. Pure functions: the components only draw.
import { type CapacityRow, type Count, type DemandRow, type FlowRow, HIDDEN, type Interval, type OccupancyRow } from './statistics.ts';

export interface Series {
  code: string;
  label: string;
  /** One value per period; null is a gap in the line. */
  values: Array<number | null>;
  /** Per period: the value is a gap because disclosure control hid (part of) it. */
  suppressed: boolean[];
}

export interface SeriesSet {
  periods: string[];
  series: Series[];
}

/** The key of the line a row belongs to: its region when regions are chosen, else one national line. */
export const NATIONAL = 'NL';

/** What a time axis covers: the query's period and interval, as the rows leave out periods without data. */
export interface Axis {
  from: string;
  to: string;
  interval: Interval;
}

/**
 * Every period of [from, to]: the first day of each day, ISO week (Monday), month, quarter or year, as the API
 * numbers them. A period without rows is then a visible gap (or zero) instead of a line drawn
 * straight across it. Rows of a period the API counts differently are kept all the same.
 */
export function periodsOf(axis: Axis, rows: Array<{ period: string }>): string[] {
  const end = Date.parse(`${axis.to}T00:00:00Z`);
  const periods = new Set(rows.map((r) => r.period));
  for (let period = periodStart(axis.from, axis.interval); Date.parse(`${period}T00:00:00Z`) <= end; period = nextPeriod(period, axis.interval))
    periods.add(period);
  return [...periods].sort();
}

const MONTHS_OF: Partial<Record<Interval, number>> = { month: 1, quarter: 3, year: 12 };

/** The first day of the period that holds `day`: itself, its ISO week's Monday, or the 1st of its month, quarter or year. */
export function periodStart(day: string, interval: Interval): string {
  const date = new Date(`${day}T00:00:00Z`);
  const months = MONTHS_OF[interval];
  if (interval === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  if (months) date.setUTCMonth(date.getUTCMonth() - (date.getUTCMonth() % months), 1);
  return date.toISOString().slice(0, 10);
}

/** The first day of the period after the one that starts on `start`. */
export function nextPeriod(start: string, interval: Interval): string {
  const date = new Date(`${start}T00:00:00Z`);
  const months = MONTHS_OF[interval];
  if (months) date.setUTCMonth(date.getUTCMonth() + months);
  else date.setUTCDate(date.getUTCDate() + (interval === 'week' ? 7 : 1));
  return date.toISOString().slice(0, 10);
}

function lines<Row extends { period: string; regionCode: string; regionName: string }>(rows: Row[], byRegion: boolean, nationalLabel: string) {
  const found = new Map<string, { label: string; rows: Map<string, Row[]> }>();
  for (const row of rows) {
    const code = byRegion ? row.regionCode : NATIONAL;
    const line = found.get(code) ?? { label: byRegion ? `${row.regionCode} ${row.regionName}` : nationalLabel, rows: new Map() };
    found.set(code, line);
    line.rows.set(row.period, [...(line.rows.get(row.period) ?? []), row]);
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Occupancy rate per line and period, weighted by place-time: summing seconds before dividing makes
 * a region with 300 places count 300 times as much as one with a single place, and combines the two
 * kinds the same way. The denominator leaves out unavailable and unknown time, as the definition does.
 */
export function occupancySeries(axis: Axis, rows: OccupancyRow[], byRegion: boolean, nationalLabel: string): SeriesSet {
  const periods = periodsOf(axis, rows);
  const series = lines(rows, byRegion, nationalLabel).map(([code, line]) => ({
    code,
    label: line.label,
    values: periods.map((period) => {
      const cells = line.rows.get(period) ?? [];
      // Weighted by place-time: the national rate is total occupied over total usable time.
      const occupied = cells.reduce((sum, r) => sum + r.occupiedSeconds, 0);
      const usable = cells.reduce((sum, r) => sum + r.placeSeconds - r.unavailableSeconds - r.unknownSeconds, 0);
      return usable > 0 ? occupied / usable : null;
    }),
    suppressed: periods.map(() => false),
  }));
  return { periods, series };
}

/**
 * Places (or their beds) per line and period, on the period's last closed day: both kinds added up.
 * A period without rows (not closed yet) is a gap, not 0.
 */
export function capacitySeries(axis: Axis, rows: CapacityRow[], byRegion: boolean, nationalLabel: string, count: 'places' | 'beds'): SeriesSet {
  const periods = periodsOf(axis, rows);
  const series = lines(rows, byRegion, nationalLabel).map(([code, line]) => ({
    code,
    label: line.label,
    values: periods.map((period) => {
      const cells = line.rows.get(period);
      return cells ? cells.reduce((sum, r) => sum + r[count], 0) : null;
    }),
    suppressed: periods.map(() => false),
  }));
  return { periods, series };
}

/**
 * Requests closed without a place, per line and period. The API gives every region for every closed
 * period, so the periods are the rows' own: one not yet closed is left out, not drawn as 0.
 * A hidden cell is a gap, never a guess. Without regions the page asks the API for the nation's row
 * (national=true), so the national line is one row per period, not a sum of hidden regions.
 */
export function demandSeries(rows: DemandRow[], byRegion: boolean, nationalLabel: string): SeriesSet {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const series = lines(rows, byRegion, nationalLabel).map(([code, line]) => {
    const cells = periods.map((period) => (line.rows.get(period) ?? []).map((r) => r.noPlace));
    const suppressed = cells.map((counts) => counts.some((n) => n === HIDDEN));
    const values = cells.map((counts, i) => (suppressed[i] ? null : counts.reduce<number>((sum, n) => sum + (n as number), 0)));
    return { code, label: line.label, values, suppressed };
  });
  return { periods, series };
}

export interface FlowMatrix {
  /** The month shown: the latest in the rows (flows are published per month). */
  period: string | null;
  /** Origins and placement regions with at least one figure shown; the others are listed, not drawn. */
  origins: Array<{ code: string; name: string }>;
  placements: Array<{ code: string; name: string }>;
  /** Origins whose whole row is hidden ("x" in every cell). */
  hiddenOrigins: string[];
  cell: (origin: string, placement: string) => Count | null;
  /** The largest number in the matrix, for the heat scale (hidden cells are not shaded). */
  max: number;
}

/**
 * The flow table of the latest month. With regions chosen: exactly those, as rows and as columns
 * (N × N), although the API also gives their flows from and to every other region (those are in the CSV).
 */
export function flowMatrix(rows: FlowRow[], chosen: string[] = []): FlowMatrix {
  const origins = new Map<string, string>();
  const placements = new Map<string, string>();
  const cells = new Map<string, Count>();
  const period = rows.reduce<string | null>((latest, r) => (latest === null || r.period > latest ? r.period : latest), null);
  const hiddenOrigins = new Set<string>();
  const month = rows.filter(
    (r) => r.period === period && (chosen.length === 0 || (chosen.includes(r.originRegionCode) && chosen.includes(r.placementRegionCode))),
  );
  for (const row of month) {
    hiddenOrigins.add(row.originRegionCode);
    cells.set(`${row.originRegionCode}>${row.placementRegionCode}`, row.placed);
  }
  if (chosen.length > 0) {
    // The few regions asked for are all drawn, a hidden one as a row of "x": the analyst chose it.
    for (const row of month) origins.set(row.originRegionCode, row.originRegionName).set(row.placementRegionCode, row.placementRegionName);
    hiddenOrigins.clear();
    for (const [code, name] of origins) placements.set(code, name);
  } else {
    // The API gives the full table; a row or column that is hidden throughout says nothing on screen,
    // so it is named once instead of drawn as a line of "x" (625 cells for the whole country).
    for (const row of month.filter((r) => r.placed !== HIDDEN)) {
      hiddenOrigins.delete(row.originRegionCode);
      origins.set(row.originRegionCode, row.originRegionName);
    }
    for (const row of month.filter((r) => origins.has(r.originRegionCode) && r.placed !== HIDDEN))
      placements.set(row.placementRegionCode, row.placementRegionName);
  }
  const sorted = (map: Map<string, string>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, name]) => ({ code, name }));
  return {
    period,
    origins: sorted(origins),
    placements: sorted(placements),
    hiddenOrigins: [...hiddenOrigins].sort(),
    cell: (origin, placement) => cells.get(`${origin}>${placement}`) ?? null,
    max: Math.max(0, ...[...cells.values()].filter((n): n is number => n !== HIDDEN)),
  };
}

type Point = { value: number; period: string };

/** Lowest, highest and latest value of a line with the period of each, skipping gaps. */
export function extremes(periods: string[], values: Array<number | null>): { min: Point | null; max: Point | null; latest: Point | null } {
  let min: Point | null = null;
  let max: Point | null = null;
  let latest: Point | null = null;
  for (const [i, value] of values.entries()) {
    if (value === null) continue;
    latest = { value, period: periods[i] ?? '' };
    if (!min || value < min.value) min = latest;
    if (!max || value > max.value) max = latest;
  }
  return { min, max, latest };
}
