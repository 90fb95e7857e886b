import type { Db } from '../../db/database.ts';
import { demandRegions, flowCounts, OUTCOMES, waitFigures, weekCounts } from './demand.repository.ts';
import { type DemandInterval, demandPeriods, monthOfWeek } from './demand-periods.ts';
import { type DisclosureRules, protectFlowRows, protectTable, publish } from './disclosure.ts';
import type { DemandRow, FlowRow } from './statistics.schema.ts';

// Household figures as published: every demand and flow figure is built here from the protected
// week tables (disclosure.ts), and from nothing else.
//
// A week's table: a row per region of the scheme and the nation's row (their total); columns placed,
// noPlace, withdrawn, open and their total, requests. A month's figure is the sum of its weeks' and is
// shown only when every one of them is: it then adds nothing an attacker could not add up himself.

export const NATION = { code: 'NL', name: 'Nederland' };
const COLUMNS = [...OUTCOMES, 'requests'] as const;
type Column = (typeof COLUMNS)[number];

interface Cell {
  value: number;
  hidden: boolean;
}

export interface DemandContext {
  scheme: string;
  from: string;
  to: string;
  interval: DemandInterval;
  today: string;
  lagDays: number;
  rules: DisclosureRules;
}

/** Per period, per row code (regions and NL), per column: the figure and whether it is hidden. */
type PeriodTable = Map<string, Map<string, Record<Column, Cell>>>;

async function protectedPeriods(db: Db, ctx: DemandContext) {
  const { periods, weeks, periodOf } = demandPeriods(ctx.from, ctx.to, ctx.interval, ctx.today, ctx.lagDays);
  const regions = await demandRegions(db, ctx.scheme);
  const counts = await weekCounts(db, weeks, ctx.lagDays);
  // A request from a region code that is no longer in the scheme still counts, in a row of its own.
  for (const c of counts) if (!regions.has(c.region)) regions.set(c.region, c.region);
  const codes = [...regions.keys()].sort();
  const byKey = new Map(counts.map((c) => [`${c.week} ${c.region}`, c.counts]));
  const rowCodes = [...codes, NATION.code];

  const table: PeriodTable = new Map();
  for (const week of weeks) {
    const interior = codes.map((code) => {
      const found = byKey.get(`${week} ${code}`);
      const values = OUTCOMES.map((o) => found?.[o] ?? 0);
      return [...values, values.reduce((a, b) => a + b, 0)];
    });
    const total = COLUMNS.map((_, j) => interior.reduce((sum, row) => sum + row[j]!, 0));
    const cells = [...interior, total];
    const hidden = protectTable(cells, ctx.rules);
    const period = periodOf(week);
    const rows = table.get(period) ?? new Map<string, Record<Column, Cell>>();
    table.set(period, rows);
    rowCodes.forEach((code, i) => {
      const sum = rows.get(code) ?? (Object.fromEntries(COLUMNS.map((col) => [col, { value: 0, hidden: false }])) as Record<Column, Cell>);
      COLUMNS.forEach((col, j) => {
        sum[col] = { value: sum[col].value + cells[i]![j]!, hidden: sum[col].hidden || hidden[i]![j]! };
      });
      rows.set(code, sum);
    });
  }
  return { periods, weeks, table, regions, codes };
}

export async function publishDemand(db: Db, ctx: DemandContext, options: { regionCodes: string[] | null; national: boolean }): Promise<DemandRow[]> {
  const { periods, weeks, table, regions } = await protectedPeriods(db, ctx);
  const waits = await waitFigures(db, weeks, ctx.lagDays, ctx.interval);
  const shownCodes = options.national ? [NATION.code] : [...regions.keys()].filter((code) => !options.regionCodes || options.regionCodes.includes(code)).sort();
  return periods.flatMap((period) =>
    shownCodes.map((code) => {
      const cells = table.get(period)!.get(code)!;
      const figure = (col: Column) => publish(cells[col].value, cells[col].hidden);
      // Times to placement only where the placed count they describe is shown (so at least the threshold).
      const wait = cells.placed.hidden ? undefined : waits.find((w) => w.period === period && (w.region ?? NATION.code) === code);
      return {
        period,
        regionCode: code,
        regionName: code === NATION.code ? NATION.name : regions.get(code)!,
        requests: figure('requests'),
        placed: figure('placed'),
        noPlace: figure('noPlace'),
        withdrawn: figure('withdrawn'),
        open: figure('open'),
        medianMinutesToPlacement: wait ? round1(wait.median) : null,
        p90MinutesToPlacement: wait ? round1(wait.p90) : null,
      };
    }),
  );
}

/**
 * Flows of each month: every origin × every placement region, zeros and all. An origin's row is shown
 * only where its month's placed count is (so its total adds nothing), and is then protected on its own.
 */
export async function publishFlows(db: Db, ctx: Omit<DemandContext, 'interval'>, regionCodes: string[] | null): Promise<FlowRow[]> {
  const { periods, weeks, table, regions, codes } = await protectedPeriods(db, { ...ctx, interval: 'month' });
  const counts = await flowCounts(db, weeks, ctx.lagDays);
  for (const c of counts) if (!regions.has(c.placement)) regions.set(c.placement, c.placement);
  const placements = [...regions.keys()].sort();
  const sums = new Map<string, number>();
  for (const c of counts) {
    const key = `${monthOfWeek(c.week)} ${c.origin} ${c.placement}`;
    sums.set(key, (sums.get(key) ?? 0) + c.placed);
  }
  return periods.flatMap((period) => {
    const matrix = codes.map((origin) => placements.map((placement) => sums.get(`${period} ${origin} ${placement}`) ?? 0));
    const known = codes.map((origin) => !table.get(period)!.get(origin)!.placed.hidden);
    const hidden = protectFlowRows(matrix, known, ctx.rules);
    return codes.flatMap((origin, i) =>
      placements
        .map((placement, j) => ({
          period,
          originRegionCode: origin,
          originRegionName: regions.get(origin)!,
          placementRegionCode: placement,
          placementRegionName: regions.get(placement)!,
          placed: publish(matrix[i]![j]!, hidden[i]![j]!),
        }))
        .filter((row) => !regionCodes || regionCodes.includes(row.originRegionCode) || regionCodes.includes(row.placementRegionCode)),
    );
  });
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
