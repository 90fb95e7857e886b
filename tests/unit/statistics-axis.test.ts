import { describe, expect, it } from 'vitest';

import { axisTicks, tickLabel } from '../../web/lib/statistics.axis.ts';
import { dateText, parseDateText } from '../../web/lib/statistics.dates.ts';
import { periodsOf } from '../../web/lib/statistics.series.ts';
import type { Interval } from '../../web/lib/statistics.ts';

// The time axis of the analyst's charts: ticks on the periods' own points, labels that never repeat.

const quarter = (q: number, year: string) => `K${q} ${year}`;
const ticksOf = (from: string, to: string, interval: Interval, room: number, locale = 'nl-NL') =>
  axisTicks(periodsOf({ from, to, interval }, []), interval, room, (period, withYear) => tickLabel(period, interval, locale, quarter, withYear));

describe('axisTicks', () => {
  it('names each month once, with the year where it starts or changes (not "jan 26, jan 26")', () => {
    const ticks = ticksOf('2025-11-24', '2026-11-23', 'month', 20);
    expect(ticks.map((t) => t.period)).toEqual(periodsOf({ from: '2025-11-24', to: '2026-11-23', interval: 'month' }, []));
    expect(ticks[0]?.label).toMatch(/^nov\.? 2025$/);
    expect(ticks[1]?.label).toMatch(/^dec\.?$/);
    expect(ticks[2]?.label).toMatch(/^jan\.? 2026$/);
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
  });

  it('thins out to the room there is, in steps that read well, every tick on a period', () => {
    const periods = periodsOf({ from: '2025-11-24', to: '2026-11-23', interval: 'week' }, []);
    const ticks = ticksOf('2025-11-24', '2026-11-23', 'week', 5);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.every((t) => periods.includes(t.period))).toBe(true);
    // Every 13th week: a quarter of a year apart.
    expect(periods.indexOf(ticks[1]!.period) - periods.indexOf(ticks[0]!.period)).toBe(13);
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
  });

  it('labels days, quarters and years, in the language asked', () => {
    expect(ticksOf('2026-01-05', '2026-01-07', 'day', 10, 'en-GB').map((t) => t.label)).toEqual(['5 Jan 2026', '6 Jan', '7 Jan']);
    expect(ticksOf('2025-10-01', '2026-06-30', 'quarter', 10).map((t) => t.label)).toEqual(['K4 2025', 'K1 2026', 'K2 2026']);
    expect(ticksOf('2024-03-01', '2026-06-30', 'year', 10).map((t) => t.label)).toEqual(['2024', '2025', '2026']);
    expect(ticksOf('2026-01-01', '2026-03-31', 'month', 10, 'en-GB').map((t) => t.label)).toEqual(['Jan 2026', 'Feb', 'Mar']);
    expect(ticksOf('2026-01-01', '2026-03-31', 'month', 10, 'nl-NL').map((t) => t.label.replace('.', ''))).toEqual(['jan 2026', 'feb', 'mrt']);
  });
});

describe('the date fields', () => {
  it('reads dd-mm-jjjj (and the ISO form) and writes dd-mm-jjjj', () => {
    expect(parseDateText('05-01-2026')).toBe('2026-01-05');
    expect(parseDateText(' 5/1/2026 ')).toBe('2026-01-05');
    expect(parseDateText('2026-01-05')).toBe('2026-01-05');
    expect(dateText('2026-01-05')).toBe('05-01-2026');
  });

  it('refuses what is no real day, an American order, and years the API refuses', () => {
    for (const bad of ['31-02-2026', '01-13-2026', '12/31/2026', '2026', '', '05-01-1999', '05-01-2101', 'morgen']) expect(parseDateText(bad), bad).toBeNull();
  });
});
