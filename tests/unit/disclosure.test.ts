import { describe, expect, it } from 'vitest';

import {
  addUp,
  disclosureRules,
  HIDDEN,
  protectFlowRows,
  protectTable,
  publishDerived,
  publishTable,
  rectangleWidth,
} from '../../server/statistics/disclosure.ts';
import { boundHidden, type Figure } from '../api/statistics-attacker.ts';

// The disclosure rules on small tables worked out by hand; tests/api/statistics-disclosure.test.ts
// attacks the published figures with linear programming.

const rules = disclosureRules(5);

describe('protectTable', () => {
  it('hides a small cell with a rectangle that leaves it at least 4 of room, and nothing else', () => {
    // Two regions × two outcomes, their totals in the last column and row.
    const cells = [
      [2, 30, 32],
      [20, 40, 60],
      [22, 70, 92],
    ];
    const hidden = protectTable(cells, rules);
    expect(hidden).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, false],
    ]);
    // 2 can move down by 2 (with 40) and up by 20 (with 30 and 20): 22 in all.
    expect(rectangleWidth(cells, 3, 3, 0, 0, 1, 1)).toBe(22);
  });

  it('moves a total with its part: a cell, its row total, its column total and the grand total have no upper bound', () => {
    expect(
      rectangleWidth(
        [
          [1, 9, 10],
          [0, 0, 0],
          [1, 9, 10],
        ],
        3,
        3,
        0,
        0,
        2,
        2,
      ),
    ).toBe(Infinity);
  });

  it('hides the whole table where no rectangle leaves enough room', () => {
    expect(
      protectTable(
        [
          [1, 0, 1],
          [0, 1, 1],
          [1, 1, 2],
        ],
        rules,
      )
        .flat()
        .every(Boolean),
    ).toBe(true);
  });
});

describe('protectFlowRows', () => {
  it('hides a row whole when its total is not published elsewhere', () => {
    expect(protectFlowRows([[30, 2, 0]], [false], rules)).toEqual([[true, true, true]]);
  });

  it('in a row with a known total, hides at least two cells holding at least 4 together', () => {
    // 2 and 0 are small (2 in all), so the smallest shown cell, 12, is hidden too.
    expect(protectFlowRows([[30, 2, 0, 12]], [true], rules)).toEqual([[false, true, true, true]]);
    expect(protectFlowRows([[30, 12]], [true], rules)).toEqual([[false, false]]);
  });
});

describe('publishTable: the table API for new household figures', () => {
  it('adds the totals, protects them with the cells and says under which version', () => {
    // Regions × classes of length of stay: 2 is small, and its rectangle hides 20, 30 and 40 with it.
    const published = publishTable(
      [
        [2, 30],
        [20, 40],
      ],
      rules,
    );
    expect(published).toEqual({
      disclosureVersion: 'sdc-1',
      cells: [
        [HIDDEN, HIDDEN],
        [HIDDEN, HIDDEN],
      ],
      rowTotals: [32, 60],
      columnTotals: [22, 70],
      total: 92,
    });
  });

  it('protects a single row against its own total', () => {
    const published = publishTable([[3, 40, 50]], rules);
    expect(published.cells[0]![0]).toBe(HIDDEN);
    // Total minus the shown cells would give the small one back: another cell of the row is hidden too.
    expect(published.cells[0]!.filter((cell) => cell === HIDDEN).length).toBeGreaterThanOrEqual(2);
    expect(published.rowTotals).toEqual([published.total]);
  });

  it('leaves an attacker with every figure of the table at least 4 of room for each hidden one (random tables)', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    let attacked = 0;
    for (let round = 0; round < 40; round++) {
      const rows = 1 + Math.floor(next() * 10);
      const columns = 1 + Math.floor(next() * 5);
      const counts = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(next() < 0.4 ? next() * 6 : 5 + next() * 50)));
      const published = publishTable(counts, rules);
      const cell = (r: number, c: number) => `${r}_${c}`;
      const everyRow = [...Array(rows).keys()];
      const everyColumn = [...Array(columns).keys()];
      const figures: Figure[] = [
        ...everyRow.flatMap((r) => everyColumn.map((c) => ({ key: `cell ${r} ${c}`, terms: [cell(r, c)], value: published.cells[r]![c]! }))),
        ...everyRow.map((r) => ({ key: `row ${r}`, terms: everyColumn.map((c) => cell(r, c)), value: published.rowTotals[r]! })),
        ...everyColumn.map((c) => ({ key: `column ${c}`, terms: everyRow.map((r) => cell(r, c)), value: published.columnTotals[c]! })),
        { key: 'total', terms: everyRow.flatMap((r) => everyColumn.map((c) => cell(r, c))), value: published.total },
      ];
      const hidden = figures.filter((f) => f.value === HIDDEN);
      attacked += hidden.length;
      const narrow = (await boundHidden(figures, hidden)).filter((b) => b.max - b.min < 4 - 1e-6);
      expect(narrow, JSON.stringify(counts)).toEqual([]);
      // Every small count is hidden.
      expect(figures.every((f) => f.value === HIDDEN || f.value >= 5)).toBe(true);
    }
    expect(attacked).toBeGreaterThan(100);
  });

  it('refuses rows of different lengths', () => {
    expect(() => publishTable([[5, 6], [7]], rules)).toThrow(/same number of columns/);
  });
});

describe('addUp and publishDerived', () => {
  it('a sum of periods is shown only when every part is', () => {
    expect(addUp([5, 7, 9])).toBe(21);
    expect(addUp([5, HIDDEN, 9])).toBe(HIDDEN);
  });

  it('a share or median is shown only when every count it comes from is', () => {
    expect(publishDerived(0.25, 8, 32)).toBe(0.25);
    expect(publishDerived(0.0278, HIDDEN, 36)).toBe(HIDDEN);
  });
});
