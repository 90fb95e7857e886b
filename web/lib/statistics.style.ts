// Line colours and dashes of the charts. Each colour has at least 3:1 contrast on white (WCAG 1.4.11)
// and neighbouring lines also differ in dash pattern, so they stay apart without relying on colour alone.
const COLORS = ['#01689b', '#a30000', '#1e6b2f', '#8a4b00', '#5b2c83', '#4a4a4a', '#006d6f', '#b0006e'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

export function lineStyle(index: number): { color: string; dash: number[] } {
  return { color: COLORS[index % COLORS.length] ?? '#01689b', dash: DASHES[index % DASHES.length] ?? [] };
}

/** Heat-map shading of a flow cell: white to mid blue. Dark text keeps at least 7:1 contrast on all of it. */
export function heat(value: number, max: number): string {
  const t = Math.min(1, Math.max(0, value / max));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${mix(255, 120)}, ${mix(255, 170)}, ${mix(255, 210)})`;
}
