import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { databaseFingerprint } from '../helpers/fingerprint.ts';

// The command-line tools given random and odd arguments and files (fast-check): every run ends with
// exit status 0, 1 or 2 and a message, never a stack trace, and a failed run changes nothing in the
// database (fingerprint before and after). Each tool runs against a demo database of its own, the
// three at once.

// Each run starts a process (1–15 s on a busy machine); CLI_FUZZ_RUNS=100 for a longer search.
const RUNS = Number(process.env.CLI_FUZZ_RUNS ?? 6);

interface Run {
  code: number | null;
  signal: string | null;
  output: string;
}

function runTool(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 4 << 20 },
      (error, stdout, stderr) =>
        done({ code: child.exitCode, signal: child.signalCode ?? (error as { signal?: string } | null)?.signal ?? null, output: `${stdout}${stderr}` }),
    );
    child.stdin?.end('');
  });
}

// A stack frame as Node prints them ("    at main (file:///…/x.ts:12:3)", "    at node:internal/…").
const STACK_FRAME = /^\s+at .*(\(.*:\d+:\d+\)|:\d+:\d+$|node:internal)/m;

function expectClean(run: Run, args: string[]) {
  const about = `${JSON.stringify(args)}\n${run.output}`;
  expect(run.signal, about).toBeNull();
  expect([0, 1, 2], about).toContain(run.code);
  expect(run.output, about).not.toMatch(STACK_FRAME);
  if (run.code !== 0) expect(run.output.trim().length, about).toBeGreaterThan(0);
}

// Text without NUL (no argument of a process can carry one), sometimes odd on purpose.
const text = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '-',
      '--',
      '-1',
      '0',
      'NaN',
      '1e309',
      '../../../../etc/passwd',
      'Fam. Jansen, BSN 123456782',
      '2026-13-45',
      '0000-01-01',
      'x'.repeat(5000),
    ),
  )
  .map((s) => s.replace(/\0/g, ''));
const flag = (names: string[]) => fc.oneof(fc.constantFrom(...names), fc.constantFrom('--help', '--unknown', '-x', '--', '---', '--=x'));
/** A command line: flags of the tool (and some others), each maybe with a value. */
const commandLine = (names: string[]) =>
  fc
    .array(
      fc.oneof(
        fc.tuple(flag(names), text).map(([f, v]) => [f, v]),
        flag(names).map((f) => [f]),
        text.map((v) => [v]),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.flat());

const databases: TestDatabase[] = [];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noodbed-cli-fuzz-'));
});
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the tool on each generated case; on failure the database must be exactly as before. */
async function fuzz<T>(script: string, cases: fc.Arbitrary<T>, toRun: (input: T) => Promise<{ args: string[]; env?: Record<string, string> }>) {
  const database = await createTestDatabase('demo');
  databases.push(database);
  await fc.assert(
    fc.asyncProperty(cases, async (input) => {
      const { args, env = {} } = await toRun(input);
      const before = await databaseFingerprint(database.db);
      const run = await runTool(script, args, { DATABASE_URL: database.url, ...env });
      expectClean(run, args);
      if (run.code !== 0) expect(await databaseFingerprint(database.db), JSON.stringify(args)).toEqual(before);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
}

describe('the command-line tools, fuzzed', () => {
  it.concurrent(
    'user:create',
    async () => {
      const valid = fc
        .record({
          email: fc.oneof(fc.emailAddress(), text),
          name: fc.oneof(fc.constantFrom('Anna de Vries', 'Fam. Jansen 12-03-1988'), text),
          role: fc.constantFrom('admin', 'analyst', 'crisis_worker', 'shelter_staff', 'root', ''),
          organisation: fc.option(fc.oneof(fc.uuid(), text)),
          password: fc.oneof(fc.constant('a-long-enough-password'), text),
        })
        .map((u) => ({
          args: ['--email', u.email, '--name', u.name, '--role', u.role, ...(u.organisation === null ? [] : ['--organisation', u.organisation])],
          env: { NOODBED_PASSWORD: u.password },
        }));
      const odd = fc
        .tuple(commandLine(['--email', '--name', '--role', '--organisation']), text)
        .map(([args, password]) => ({ args, env: { NOODBED_PASSWORD: password } }));
      await fuzz('server/users/create-user.ts', fc.oneof(valid, odd), async (input) => input);
    },
    900_000,
  );

  it.concurrent(
    'regions:import',
    async () => {
      const csvRow = fc
        .tuple(fc.oneof(fc.constantFrom('GM0344', 'GM9999'), text), text, fc.oneof(fc.constantFrom('VR09', 'CG01'), text), text, fc.constantFrom(',', ';'))
        .map(([a, b, c, d, separator]) => [a, b, c, d].join(separator));
      const csv = fc.oneof(
        fc.array(csvRow, { maxLength: 5 }).map((rows) => ['municipality_code,municipality_name,region_code,region_name', ...rows].join('\n')),
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        fc.constant('municipality_code,municipality_name,region_code,region_name\nGM0344,Utrecht,CG01,Utrecht\nGM0363,Amsterdam,bad,Amsterdam'),
      );
      const file = fc.oneof(
        csv.map((content) => ({ content })),
        fc.constantFrom({ path: '/nonexistent/regions.csv' }, { path: '/' }, { path: '/dev/null' }),
      );
      const cases = fc.tuple(
        commandLine(['--scheme', '--name', '--file', '--valid-from']),
        fc.option(text),
        fc.option(text),
        file,
        fc.option(fc.oneof(text, fc.constantFrom('2026-01-01', '2026-02-30', '1999-12-31', '2101-01-01'))),
      );
      let n = 0;
      await fuzz('scripts/import-regions.ts', cases, async ([odd, scheme, name, f, validFrom]) => {
        const path = 'path' in f ? f.path : join(dir, `regions-${n++}.csv`);
        if ('content' in f) await writeFile(path, f.content);
        // Mostly the tool's own flags with generated values, sometimes a command line of anything.
        if (odd.length % 2 === 1) return { args: odd };
        return {
          args: ['--scheme', scheme ?? 'test_scheme', '--name', name ?? 'Test', '--file', path, ...(validFrom === null ? [] : ['--valid-from', validFrom])],
        };
      });
    },
    900_000,
  );

  it.concurrent(
    'seed:history (into a database that is not empty: refused, untouched)',
    async () => {
      const cases = fc.oneof(
        commandLine(['--years']),
        fc.oneof(text, fc.constantFrom('0', '21', '-5', '0.01', '5', 'Infinity')).map((years) => ['--years', years]),
      );
      await fuzz('scripts/seed-history.ts', cases, async (args) => ({ args }));
    },
    900_000,
  );
});
