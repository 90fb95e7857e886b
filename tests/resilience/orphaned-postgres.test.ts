import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess } from '../helpers/server-process.ts';

// Issue 19: after the Node process alone was SIGKILLed (as the out-of-memory killer does), its
// embedded PostgreSQL ran on as an orphan and the next `npm start` failed ("lock file postmaster.pid
// already exists", printed `undefined`, exited 1). The real program, as a child process on an
// embedded data directory of its own.

type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;

let dataDir: string;
let server: ServerProcess | undefined;
const start = () => startServerProcess(undefined, { DATA_DIR: dataDir });

const postmasterPid = async (dir: string) => Number((await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
const exists = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const state = async (pid: number) => (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.[0];
/** Gone, or exited and not yet reaped by its new parent. */
const gone = async (pid: number) => !exists(pid) || (await state(pid)) === 'Z';

/** Stops the program as Ctrl-C would, which stops its PostgreSQL too. */
async function stopGracefully(process_: ServerProcess) {
  if (process_.child.exitCode !== null || process_.child.signalCode !== null) return;
  const exited = new Promise((resolve) => process_.child.once('exit', resolve));
  process_.child.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'noodbed-orphan-'));
});
afterAll(async () => {
  if (server) await stopGracefully(server);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the embedded PostgreSQL of a server killed with SIGKILL', () => {
  let orphan: number;

  it('stays running as an orphan (the situation the next start meets)', async () => {
    server = await start();
    orphan = await postmasterPid(dataDir);
    await server.kill();
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(await gone(orphan)).toBe(false);
  }, 180_000);

  it('is stopped by the next start, which then serves on the same data', async () => {
    server = await start();
    expect(await gone(orphan)).toBe(true);
    const postmaster = await postmasterPid(dataDir);
    expect(postmaster).not.toBe(orphan);
    expect(exists(postmaster)).toBe(true);
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
  }, 180_000);

  it('is left alone when a live server owns it: a second start on the same data directory refuses with a message', async () => {
    const postmaster = await postmasterPid(dataDir);
    const second = await start().then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).toMatch(/belongs to a running server/);
    expect(second).not.toMatch(/^undefined$/m);
    expect(await postmasterPid(dataDir)).toBe(postmaster);
    expect((await fetch(`${server!.url}/api/v1/health`)).status).toBe(200);
  }, 180_000);
});

describe('a start that fails', () => {
  it('says why PostgreSQL did not start, not `undefined`', async () => {
    // A data directory PostgreSQL cannot use: its version file names a release it cannot read.
    const broken = await mkdtemp(join(tmpdir(), 'noodbed-broken-'));
    try {
      await mkdir(join(broken, 'base'));
      await writeFile(join(broken, 'PG_VERSION'), '9\n');
      const outcome = await startServerProcess(undefined, { DATA_DIR: broken }).then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/exited \(1\)/);
      // The message, then PostgreSQL's own last words.
      expect(outcome).toMatch(/PostgreSQL did not start in [^\n]*noodbed-broken-[^\n]*:\n +\S/);
      expect(outcome).not.toMatch(/^undefined$/m);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  }, 120_000);
});
