// Statistical disclosure control (docs/definition.md, "Disclosure control"): the one place that decides
// which household figures may be published. Pure functions over true counts; the repositories read
// the counts, the routes publish only what comes out of here.
//
// Method "sdc-1", after CBS's "Statistische beveiliging" and tau-argus's hypercube method:
// - primary suppression: every count under the threshold (zeros too, so absence tells nothing);
// - secondary suppression per table with its margins: every suppressed cell lies on a fully suppressed
//   "rectangle" (two rows × two columns of the table including its total row and column) along which
//   the cells can move together without changing any published figure, by at least the protection
//   width. So whatever else an attacker solves, each hidden cell keeps at least that much room.
// Tables are fixed (a closed week × all regions and the nation), never shaped by a query: a query reads
// a slice of them, so combining queries tells no more than the whole fixed table.

import { HIDDEN } from '../../shared/vocabulary.ts';

export const DISCLOSURE_VERSION = 'sdc-1';

/** How a hidden cell is published: one mark for too-small and for hidden-to-protect alike. */
export { HIDDEN };
export type Published = number | typeof HIDDEN;

export interface DisclosureRules {
  /** Counts below this are hidden (primary suppression). */
  threshold: number;
  /** The least room, in households, an attacker must be left for any hidden cell. */
  protectionWidth: number;
}

export function disclosureRules(threshold: number): DisclosureRules {
  return { threshold, protectionWidth: threshold - 1 };
}

/**
 * A table with its margins: `cells[r][c]` for r < rows-1 and c < cols-1 are the interior; the last
 * column holds each row's total and the last row each column's total (the grand total in the corner).
 * Returns which cells to hide.
 */
export function protectTable(cells: readonly (readonly number[])[], rules: DisclosureRules): boolean[][] {
  const key = `${rules.threshold}/${rules.protectionWidth}:${cells.map((row) => row.join(',')).join(';')}`;
  const known = protectedTables.get(key);
  if (known) return known.map((row) => [...row]);
  const hidden = hypercube(cells, rules);
  if (protectedTables.size >= 5_000) protectedTables.clear();
  protectedTables.set(key, hidden);
  return hidden.map((row) => [...row]);
}

// A closed week's table never changes, and the same weeks are asked for again and again.
const protectedTables = new Map<string, boolean[][]>();

function hypercube(cells: readonly (readonly number[])[], rules: DisclosureRules): boolean[][] {
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  const hidden = cells.map((row) => row.map((value) => value < rules.threshold));
  // Smallest first: their rectangles are the hardest to find, and later ones can reuse them.
  const primary = cells.flatMap((row, r) => row.map((value, c) => ({ r, c, value }))).filter(({ r, c }) => hidden[r]![c]);
  primary.sort((a, b) => a.value - b.value);
  // The cost of hiding a cell: the figure it takes away, large ones (totals) costing most.
  const cost = (i: number, j: number) => (hidden[i]![j] ? 0 : 1 + cells[i]![j]!);
  for (const { r, c } of primary) {
    let best: { r2: number; c2: number; cost: number } | null = null;
    for (let r2 = 0; r2 < rows && best?.cost !== 0; r2++) {
      if (r2 === r) continue;
      for (let c2 = 0; c2 < cols; c2++) {
        if (c2 === c) continue;
        const total = cost(r, c2) + cost(r2, c) + cost(r2, c2);
        if (best && total >= best.cost) continue;
        if (rectangleWidth(cells, rows, cols, r, c, r2, c2) < rules.protectionWidth) continue;
        best = { r2, c2, cost: total };
        if (total === 0) break;
      }
    }
    // No rectangle leaves enough room (a nearly empty table): hide the table whole.
    if (!best) return cells.map((row) => row.map(() => true));
    hidden[r]![best.c2] = true;
    hidden[best.r2]![c] = true;
    hidden[best.r2]![best.c2] = true;
  }
  return hidden;
}

/**
 * How far the rectangle on rows {r, r2} and columns {c, c2} lets cell (r, c) move while every row
 * and column still adds up. Moving along it is adding t·u[row]·v[col]: for two inner rows u is +1 and −1,
 * and when one of them is the total row both are +1 (the total moves with its part); columns alike.
 * Cells moving with (r, c) bound t from below by their value, the others from above.
 */
export function rectangleWidth(cells: readonly (readonly number[])[], rows: number, cols: number, r: number, c: number, r2: number, c2: number): number {
  const u2 = r === rows - 1 || r2 === rows - 1 ? 1 : -1;
  const v2 = c === cols - 1 || c2 === cols - 1 ? 1 : -1;
  const corners: Array<[number, number, number]> = [
    [r, c, 1],
    [r, c2, v2],
    [r2, c, u2],
    [r2, c2, u2 * v2],
  ];
  let down = Infinity;
  let up = Infinity;
  for (const [i, j, sign] of corners) {
    if (sign === 1) down = Math.min(down, cells[i]![j]!);
    else up = Math.min(up, cells[i]![j]!);
  }
  return down + up;
}

/**
 * Flows of one period: origin rows × destination columns, where no column total is published. A row
 * whose total the other tables do not publish is hidden whole, so the flows add nothing to what can be
 * said of it. In a row whose total is known, the hidden cells share what the shown ones leave of it:
 * at least two are hidden and together they hold at least the protection width.
 */
export function protectFlowRows(rows: readonly (readonly number[])[], totalKnown: readonly boolean[], rules: DisclosureRules): boolean[][] {
  return rows.map((row, r) => {
    if (!totalKnown[r]) return row.map(() => true);
    const hidden = row.map((value) => value < rules.threshold);
    const count = () => hidden.filter(Boolean).length;
    const room = () => row.reduce((sum, value, c) => sum + (hidden[c] ? value : 0), 0);
    if (count() === 0) return hidden;
    const order = row
      .map((value, c) => ({ value, c }))
      .filter(({ c }) => !hidden[c])
      .sort((a, b) => a.value - b.value);
    for (const { c } of order) {
      if (count() >= 2 && room() >= rules.protectionWidth) break;
      hidden[c] = true;
    }
    return hidden;
  });
}

/** The published form of a count. */
export function publish(value: number, hidden: boolean): Published {
  return hidden ? HIDDEN : value;
}

// The way for any new household figure (stays, open data, reports) to be published: give the true counts
// of ONE fixed table (one closed period, one fixed level such as the regions of a scheme), never of a
// table shaped by a query, and publish only what comes back. docs/definition.md, "Publishing a new figure".

/** The threshold when the configuration says nothing (STATISTICS_THRESHOLD). */
export const DEFAULT_THRESHOLD = 5;

/** A two-way table of household counts as published, its totals included. */
export interface PublishedTable {
  disclosureVersion: typeof DISCLOSURE_VERSION;
  /** Row by column, as given. */
  cells: Published[][];
  rowTotals: Published[];
  columnTotals: Published[];
  total: Published;
}

/**
 * Protects and publishes a rows × columns table of counts (e.g. regions × classes of length of stay).
 * The totals are added here, so a caller cannot publish them unprotected: publish them from here or not
 * at all. A table with a single row (or column) is fine; its total is then the row's own.
 */
export function publishTable(counts: readonly (readonly number[])[], rules: DisclosureRules = disclosureRules(DEFAULT_THRESHOLD)): PublishedTable {
  const columns = counts[0]?.length ?? 0;
  if (counts.some((row) => row.length !== columns)) throw new Error('publishTable: every row needs the same number of columns');
  const withTotals = counts.map((row) => [...row, sum(row)]);
  withTotals.push(Array.from({ length: columns + 1 }, (_, c) => sum(withTotals.map((row) => row[c]!))));
  const hidden = protectTable(withTotals, rules);
  const published = withTotals.map((row, r) => row.map((value, c) => publish(value, hidden[r]![c]!)));
  const totalRow = published.pop()!;
  return {
    disclosureVersion: DISCLOSURE_VERSION,
    cells: published.map((row) => row.slice(0, columns)),
    rowTotals: published.map((row) => row[columns]!),
    columnTotals: totalRow.slice(0, columns),
    total: totalRow[columns]!,
  };
}

/**
 * A coarser period (a month of weeks) as the sum of its published parts: shown only when every part is,
 * so it adds nothing that could not be added up. Never protect a coarser period's counts on their own:
 * the difference with the finer ones would give hidden cells away.
 */
export function addUp(parts: readonly Published[]): Published {
  return parts.some((part) => part === HIDDEN) ? HIDDEN : parts.reduce<number>((total, part) => total + (part as number), 0);
}

/**
 * A derived figure (a share, a median, a percentile) is shown only where every count it is derived from
 * is: a share needs its part and its whole, a median its population. Otherwise multiplying it back
 * (count × share) would give a hidden count away.
 */
export function publishDerived<T>(value: T, ...from: readonly Published[]): T | typeof HIDDEN {
  return from.every((count) => count !== HIDDEN) ? value : HIDDEN;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
