/** Percentile by nearest rank of already sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

export const ms = (value: number) => (Number.isNaN(value) ? '—' : `${value.toFixed(1)} ms`);

/** Prints rows side by side: a label column and one column per measured variant. */
export function table(header: string[], rows: Array<Array<string | number>>) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: Array<string | number>) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Runs `query` `runs` times one after the other: each run's milliseconds, and the last result. */
export async function timed<T>(runs: number, query: () => Promise<T>): Promise<{ times: number[]; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await query();
    times.push(performance.now() - started);
  }
  return { times, result: result! };
}
