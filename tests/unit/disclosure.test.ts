import { describe, expect, it } from 'vitest';
import { disclosureRules, protectFlowRows, protectTable, rectangleWidth } from '../../server/statistics/disclosure.ts';

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
    expect(rectangleWidth([[1, 9, 10], [0, 0, 0], [1, 9, 10]], 3, 3, 0, 0, 2, 2)).toBe(Infinity);
  });

  it('hides the whole table where no rectangle leaves enough room', () => {
    expect(protectTable([[1, 0, 1], [0, 1, 1], [1, 1, 2]], rules).flat().every(Boolean)).toBe(true);
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
