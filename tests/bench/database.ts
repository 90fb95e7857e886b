import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createDb, type Db, migrateToLatest } from '../../db/database.ts';
import { ensureDatabase, freePort, startEmbeddedPostgres } from '../../db/embedded.ts';
import { loadReferenceData } from '../../db/seed/reference.ts';
import { startProcess } from './process.ts';

export interface BenchDatabase {
  url: string;
  /** The cluster's data directory (its postmaster.pid names the server process). */
  dataDir: string;
  db: Db;
  stop: () => Promise<void>;
}

/** A throwaway embedded PostgreSQL for one benchmark part: migrated, with the regions, no demo data yet. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'noodbed-bench-'));
  const pg = await startEmbeddedPostgres(dataDir, { persistent: false, quiet: true });
  await ensureDatabase(pg, 'bench');
  const url = pg.url('bench');
  const db = createDb(url);
  const stop = async () => {
    await db.destroy();
    await pg.stop();
  };
  try {
    await migrateToLatest(db);
    await loadReferenceData(db);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, db, stop };
}

/**
 * The product as its own process on that database, as in production; stop it with `kill`. In demo
 * mode (the benchmarks log in with demo accounts), on a database the benchmark has already filled.
 */
export async function startBenchServer(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const port = await freePort();
  const child = await startProcess(
    'server/index.ts',
    { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'always', ...env },
    (l) => l.includes('Noodbed is running'),
    nodeArgs,
  );
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, kill: () => child.kill('SIGTERM') };
}
