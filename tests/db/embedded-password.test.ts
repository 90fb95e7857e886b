import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type EmbeddedServer, startEmbeddedPostgres } from '../../db/embedded.ts';
import { LEGACY_PASSWORD, PASSWORD_FILE, readPassword } from '../../db/embedded-password.ts';

// Issue 12: the embedded PostgreSQL's password was a constant in the source, so any local user could
// log in. Now each data directory gets its own random password at its first start, in a file only
// this user can read; clusters made with the old constant are moved to a random one.

/** The error code PostgreSQL answers a login with, or 'ok'. */
async function login(url: string, password: string): Promise<string> {
  const target = new URL(url);
  target.password = password;
  const client = new pg.Client(target.toString());
  try {
    await client.connect();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const dirs: string[] = [];
const clusters: EmbeddedServer[] = [];
async function cluster(): Promise<{ dataDir: string; server: EmbeddedServer }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'noodbed-password-'));
  dirs.push(dataDir);
  const server = await startEmbeddedPostgres(dataDir, { quiet: true });
  clusters.push(server);
  return { dataDir, server };
}

let first: Awaited<ReturnType<typeof cluster>>;
let second: Awaited<ReturnType<typeof cluster>>;
beforeAll(async () => {
  [first, second] = await Promise.all([cluster(), cluster()]);
}, 120_000);
afterAll(async () => {
  for (const server of clusters) await server.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('the embedded PostgreSQL password', () => {
  it('is kept in the data directory with mode 0600 and is the one in the connection string', async () => {
    const file = await stat(join(first.dataDir, PASSWORD_FILE));
    expect((file.mode & 0o777).toString(8)).toBe('600');
    const password = await readPassword(first.dataDir);
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(decodeURIComponent(new URL(first.server.url('postgres')).password)).toBe(password);
    expect(await login(first.server.url('postgres'), password!)).toBe('ok');
  });

  it('differs between two data directories, and neither logs in to the other', async () => {
    const [a, b] = await Promise.all([readPassword(first.dataDir), readPassword(second.dataDir)]);
    expect(a).not.toBe(b);
    expect(await login(first.server.url('postgres'), b!)).toBe('28P01');
    expect(await login(second.server.url('postgres'), a!)).toBe('28P01');
  });

  it('is not the old constant, which no longer logs in', async () => {
    expect(await login(first.server.url('postgres'), LEGACY_PASSWORD)).toBe('28P01');
  });

  it('replaces the old constant of a data directory made before, at its next start', async () => {
    // A data directory as the old code left it: role password the constant, no password file.
    const admin = new pg.Client(second.server.url('postgres'));
    await admin.connect();
    await admin.query(`ALTER ROLE noodbed PASSWORD '${LEGACY_PASSWORD}'`);
    await admin.end();
    await second.server.stop();
    await unlink(join(second.dataDir, PASSWORD_FILE));

    const restarted = await startEmbeddedPostgres(second.dataDir, { quiet: true });
    clusters.push(restarted);
    const password = await readPassword(second.dataDir);
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(await login(restarted.url('postgres'), password!)).toBe('ok');
    expect(await login(restarted.url('postgres'), LEGACY_PASSWORD)).toBe('28P01');
    expect(((await stat(join(second.dataDir, PASSWORD_FILE))).mode & 0o777).toString(8)).toBe('600');
  }, 60_000);
});
