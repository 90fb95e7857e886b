import type { ChildProcess } from 'node:child_process';

import { startProcess } from '../bench/process.ts';

/**
 * The real program (server/index.ts) as a child process on an existing database, as in production:
 * the test can SIGKILL it and start it again. Port 0 lets the OS choose; the start-up line says which.
 */
export async function startServerProcess(
  databaseUrl: string | undefined,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess; kill(): Promise<void> }> {
  let port = '';
  // Without a database URL the program starts its embedded PostgreSQL (in env.DATA_DIR).
  const database: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  const child = await startProcess('server/index.ts', { ...database, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'never', ...env }, (line) => {
    const running = /Noodbed is running at http:\/\/localhost:(\d+)/.exec(line);
    if (running) port = running[1]!;
    return running !== null;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    // No shutdown handler runs on SIGKILL: whatever the process had not committed is simply gone.
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
