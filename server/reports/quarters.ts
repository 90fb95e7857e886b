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
