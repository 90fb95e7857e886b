// Line colours and dashes of the charts. Each colour has at least 3:1 contrast on white (WCAG 1.4.11)
// and neighbouring lines also differ in dash pattern, so they stay apart without relying on colour alone.
const COLORS = ['#01689b', '#a30000', '#1e6b2f', '#8a4b00', '#5b2c83', '#4a4a4a', '#006d6f', '#b0006e'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

export function lineStyle(index: number): { color: string; dash: number[] } {
  return { color: COLORS[index % COLORS.length] ?? '#01689b', dash: DASHES[index % DASHES.length] ?? [] };
}

/**
 * The heat scale of the flow table: five shades of blue, light to mid, each at least 5:1 against the
 * page's dark text (WCAG 1.4.3), so every number stays readable; 0 is unshaded.
 */
export const HEAT_SHADES = ['#e3eef8', '#c6dbef', '#9ecae1', '#6baed6', '#4a98c9'];

export interface HeatClass {
  /** Smallest and largest count of the class. */
  low: number;
  high: number;
  color: string;
}

/** The classes of the scale for counts 1..max: as many shades as there are counts, at most five, of equal width. */
export function heatClasses(max: number): HeatClass[] {
  const count = Math.min(HEAT_SHADES.length, max);
  return Array.from({ length: count }, (_, i) => ({
    low: Math.floor((i * max) / count) + 1,
    high: Math.floor(((i + 1) * max) / count),
    color: HEAT_SHADES[Math.round((i * (HEAT_SHADES.length - 1)) / Math.max(1, count - 1))] ?? '#e3eef8',
  }));
}

/** A count's class in the scale, or null for 0 (unshaded). */
export function heatClass(value: number, classes: HeatClass[]): HeatClass | null {
  return classes.find((c) => value >= c.low && value <= c.high) ?? null;
}
