import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// A server killed outright (SIGKILL, as the out-of-memory killer does) runs no shutdown: its embedded
// PostgreSQL lives on as an orphan and keeps postmaster.pid, so the next start failed with "lock file
// postmaster.pid already exists" until someone stopped it by hand. The next start stops it instead.

const SHUTDOWN_TIMEOUT_MS = 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Name, state and parent of a process from /proc (Linux); undefined where there is no /proc. */
async function processInfo(pid: number): Promise<{ name: string; state: string; parent: number } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid …": the name may itself hold spaces and parentheses.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state = '', parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name, state, parent: Number(parent) };
  } catch {
    return undefined;
  }
}

/** An exited orphan stays a zombie until its new parent reaps it: that is gone too. */
async function running(pid: number): Promise<boolean> {
  return isAlive(pid) && (await processInfo(pid))?.state !== 'Z';
}

async function samePath(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

/**
 * Stops the PostgreSQL still running on `dataDir` when no live Node process owns it, and waits until
 * it has gone. One owned by a running server (a second `npm start` on the same DATA_DIR) is left
 * alone: that is an error with a message, never a reason to pull the database from under a live node.
 * Returns the pid it stopped, if any.
 */
export async function stopOrphanedPostmaster(dataDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  // A lock file whose process is gone is PostgreSQL's own case: it removes it at start.
  if (!Number.isInteger(pid) || pid <= 0 || !(await running(pid)) || !(await samePath(lines[1] ?? '', dataDir))) return undefined;

  const info = await processInfo(pid);
  // Without /proc its owner cannot be told: better a message than stopping a live server's database.
  if (!info) throw new Error(`PostgreSQL is already running in ${dataDir} (process ${pid}). Stop it first, or set another DATA_DIR.`);
  if (info.name !== 'postgres') return undefined; // the pid now belongs to something else
  const owner = info.parent > 1 ? await processInfo(info.parent) : undefined;
  if (owner && /^node/.test(owner.name)) {
    throw new Error(`PostgreSQL in ${dataDir} belongs to a running server (process ${info.parent}). Stop that one first, or set another DATA_DIR.`);
  }

  // Fast shutdown: open transactions roll back, a checkpoint is written, postmaster.pid removed.
  process.kill(pid, 'SIGINT');
  for (const start = Date.now(); await running(pid); await sleep(100)) {
    if (Date.now() - start > SHUTDOWN_TIMEOUT_MS) {
      throw new Error(`PostgreSQL left running in ${dataDir} (process ${pid}) did not stop within ${SHUTDOWN_TIMEOUT_MS / 1000} s.`);
    }
  }
  return pid;
}
