import { describe, expect, it } from 'vitest';

import { cycles, importGraph } from '../helpers/import-graph.ts';

// Rules of the code's shape that tsc does not check: the database layer stands on its own (migrations,
// seeds and tools run without the server), the shared vocabulary is a leaf the browser can bundle, and
// no module imports one that imports it back.

const graph = importGraph(['server', 'db', 'shared', 'web', 'scripts']);
const importsOf = (prefix: string) =>
  [...graph].filter(([file]) => file.startsWith(prefix)).flatMap(([file, targets]) => targets.map((target) => `${file} -> ${target}`));

describe('architecture', () => {
  it('reads the graph', () => expect(graph.size).toBeGreaterThan(100));

  it('nothing in db/ imports the server', () => {
    expect(importsOf('db/').filter((edge) => edge.includes('-> server/'))).toEqual([]);
  });

  it('the vocabulary imports nothing', () => expect(importsOf('shared/')).toEqual([]));

  it('only server/index.ts imports app.ts (shared types live in server/context.ts)', () => {
    expect(importsOf('server/').filter((edge) => edge.endsWith('-> server/app.ts'))).toEqual(['server/index.ts -> server/app.ts']);
  });

  it('has no import cycles', () => expect(cycles(graph)).toEqual([]));
});
