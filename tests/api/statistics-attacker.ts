import * as highsPackage from 'highs';

import { HIDDEN, type Published } from '../../server/statistics/disclosure.ts';

// The attacker of tests/api/statistics-disclosure.test.ts: holds every figure published for a set of
// queries and computes, with linear programming (HiGHS), the least and the most each hidden one can be.
//
// The unknowns are the true counts at the finest grain any figure is made of; every shown figure is an
// equation on them (a sum of unknowns equals what was published), and every unknown is at least 0.
// Thousands of hidden figures are bounded exactly, each by the same LP an attacker would solve, but
// without building that LP thousands of times:
// - An unknown in no shown figure is free: a hidden figure holding one has no upper bound.
// - The shown figures split the other unknowns into independent groups (no equation spans two); the
//   bounds of a figure are the sums of the bounds of its parts in each group.
// - Each group's model is built once and kept in HiGHS; a hidden figure only changes the objective
//   (its unknowns cost 1, the others 0) and is solved from the basis of the one before.
// - A sum of unknowns that are at least 0 is at least 0: where an earlier optimum already has the part
//   at 0, its minimum is 0 without another solve.

/** A published figure, keyed by what it counts (the same key from two queries must agree), and the unknowns it adds up. */
export interface Figure {
  key: string;
  terms: string[];
  value: Published;
}

export interface Bounds {
  key: string;
  min: number;
  max: number;
}

// highs types its ES module build as CommonJS; at run time that build's default export is the loader itself.
const loadHighs = highsPackage.default as unknown as typeof highsPackage.default.default;
let runtime: Promise<highsPackage.Highs> | undefined;

/** The least and the most each target can be, given every shown figure of `figures`. */
export async function boundHidden(figures: Iterable<Figure>, targets: readonly Figure[]): Promise<Bounds[]> {
  const highs = await (runtime ??= loadHighs());
  const shown = [...figures].filter((f) => f.value !== HIDDEN);
  const groups = groupsOf(shown);
  try {
    return targets.map((target) => {
      const parts = new Map<Group, number[]>();
      let free = false;
      for (const term of new Set(target.terms)) {
        const place = groups.of.get(term);
        if (!place) free = true;
        else parts.set(place.group, [...(parts.get(place.group) ?? []), place.column]);
      }
      let min = 0;
      let max = 0;
      for (const [group, columns] of parts) {
        min += group.bound(highs, columns, 'min');
        if (!free) max += group.bound(highs, columns, 'max');
      }
      return { key: target.key, min, max: free ? Infinity : max };
    });
  } finally {
    for (const group of groups.all) group.dispose();
  }
}

/** The shown figures split into groups that share no unknown, each with its own model. */
function groupsOf(shown: readonly Figure[]) {
  // Union-find over unknowns: the terms of one equation belong together.
  const parent = new Map<string, string>();
  const root = (term: string): string => {
    if (!parent.has(term)) parent.set(term, term);
    let r = term;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(term, r);
    return r;
  };
  for (const f of shown) for (const term of f.terms) parent.set(root(term), root(f.terms[0]!));
  const byRoot = new Map<string, { terms: Map<string, number>; rows: Figure[] }>();
  for (const f of shown) {
    const r = root(f.terms[0]!);
    const entry = byRoot.get(r) ?? { terms: new Map<string, number>(), rows: [] };
    byRoot.set(r, entry);
    entry.rows.push(f);
    for (const term of f.terms) if (!entry.terms.has(term)) entry.terms.set(term, entry.terms.size);
  }
  const all = [...byRoot.values()].map(({ terms, rows }) => new Group(terms, rows));
  const of = new Map<string, { group: Group; column: number }>();
  for (const group of all) for (const [term, column] of group.terms) of.set(term, { group, column });
  return { all, of };
}

class Group {
  private model: highsPackage.Model | undefined;
  /** The optima found so far: a part that is 0 in one of them has 0 as its minimum. */
  private readonly optima: Float64Array[] = [];

  constructor(
    readonly terms: Map<string, number>,
    private readonly rows: readonly Figure[],
  ) {}

  bound(highs: highsPackage.Highs, columns: number[], sense: 'min' | 'max'): number {
    if (sense === 'min' && this.optima.some((x) => columns.every((j) => x[j]! < 1e-9))) return 0;
    const model = (this.model ??= this.build(highs));
    const cost = new Float64Array(this.terms.size);
    for (const j of columns) cost[j] = 1;
    model.changeColsCost({ kind: 'range', from: 0, to: this.terms.size - 1 }, cost);
    model.changeObjectiveSense(highs.constants.objectiveSense[sense === 'min' ? 'minimize' : 'maximize']);
    const { modelStatus } = model.run();
    // Every unknown here is in an equation with a published right-hand side, so each optimum is finite;
    // and the true counts satisfy every equation, so the model is feasible.
    if (modelStatus !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS ended with model status ${modelStatus}`);
    if (this.optima.length >= 20) this.optima.shift();
    this.optima.push(model.getSolution().colValue);
    return model.getObjectiveValue();
  }

  private build(highs: highsPackage.Highs): highsPackage.Model {
    const starts = [0];
    const indices: number[] = [];
    for (const f of this.rows) {
      indices.push(...[...new Set(f.terms.map((term) => this.terms.get(term)!))].sort((a, b) => a - b));
      starts.push(indices.length);
    }
    const n = this.terms.size;
    const values = this.rows.map((f) => f.value as number);
    const model = highs.createModel({
      numCols: n,
      numRows: this.rows.length,
      colCost: new Float64Array(n),
      colLower: new Float64Array(n),
      colUpper: new Float64Array(n).fill(Infinity),
      rowLower: values,
      rowUpper: values,
      matrix: { format: 'csr', numRows: this.rows.length, numCols: n, starts, indices, values: indices.map(() => 1) },
    });
    // Only the objective changes between solves, so the last optimum's basis stays feasible: primal
    // simplex goes on from it (about twice as fast here as HiGHS's default dual simplex).
    model.options.set({ output_flag: false, simplex_strategy: 4 });
    return model;
  }

  dispose() {
    this.model?.dispose();
  }
}
