import { parseArgs } from 'node:util';

import { fanout } from './fanout.ts';
import { requestCpu } from './request-cpu.ts';
import { search } from './search.ts';
import { soak } from './soak.ts';
import { stays } from './stays.ts';
import { trends } from './trends.ts';

// `npm run bench` runs every part; `npm run bench -- fanout` one part. Each part prints its figures
// beside a baseline measured in the same run on this machine.

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { years: { type: 'string' }, runs: { type: 'string' }, explain: { type: 'boolean' }, places: { type: 'string', multiple: true } },
});
const sizes = (values.places ?? ['10000', '100000']).map(Number);

const PARTS = {
  fanout: () => fanout({ clients: 1000, changes: 200, perSecond: 20 }),
  search: async () => {
    // `--places 10000` runs one size only (while iterating on the search).
    if (sizes.includes(10_000)) await search({ places: 10_000, searchers: 50, searchesEach: 40 });
    // The second size shows how both grow with the registry; fewer searches, as each reads ten times more.
    if (sizes.includes(100_000)) await search({ places: 100_000, searchers: 50, searchesEach: 10 });
  },
  // Not in the default run: the server's CPU per small API read, for finding where it goes.
  'request-cpu': () => requestCpu({ places: 10_000, requests: 1500, concurrent: 10 }),
  trends: () => trends({ years: 5, runs: 30, eventRuns: 5 }),
  // Not in the default run: it takes SOAK_MINUTES (default 30).
  soak: () => soak({ minutes: Number(process.env.SOAK_MINUTES ?? 30), sockets: 200, workers: 8, thinkMs: 50 }),
  // `npm run bench -- stays --years 1 --runs 5` to iterate on a shorter history; the target is over 5 years.
  stays: () =>
    stays({
      years: Number(values.years ?? 5),
      runs: Number(values.runs ?? 30),
      straightRuns: Math.min(5, Number(values.runs ?? 5)),
      explain: Boolean(values.explain),
    }),
} as const;

const chosen = positionals.length ? positionals : Object.keys(PARTS).filter((part) => part !== 'soak' && part !== 'request-cpu');
for (const name of chosen) {
  const part = PARTS[name as keyof typeof PARTS];
  if (!part) {
    console.error(`Unknown part "${name}". Parts: ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  await part();
}
process.exit(0);
