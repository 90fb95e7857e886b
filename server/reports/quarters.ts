// Quarters of the calendar year, as the ministry reports: 2026-Q3 is 1 July to 30 September.

export interface Quarter {
  quarter: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOf(day: string): Quarter {
  const year = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const lastMonth = q * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return { quarter: `${year}-Q${q}`, start: `${year}-${pad(lastMonth - 2)}-01`, end: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** The last quarter every day of which is closed (its last day on or before `closedThrough`), or null. */
export function lastClosedQuarter(closedThrough: string | null): Quarter | null {
  if (closedThrough === null) return null;
  const current = quarterOf(closedThrough);
  if (current.end === closedThrough) return current;
  const dayBefore = new Date(Date.parse(`${current.start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return quarterOf(dayBefore);
}
