import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess } from '../helpers/server-process.ts';

// The process policy (server/startup/process-policy.ts): an error no code caught is logged and ends
// the real program cleanly with exit status 1, for a supervisor to restart it — not a crash without
// a word, and not a process that serves on in an unknown state.

const FAULTS = fileURLToPath(new URL('../helpers/fault-injection.mjs', import.meta.url));

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('migrated');
}, 60_000);
afterAll(() => database?.drop());

describe.each([
  { fault: 'rejection', kind: 'unhandledRejection', message: 'injected unhandled rejection' },
  { fault: 'exception', kind: 'uncaughtException', message: 'injected uncaught exception' },
])('$kind', ({ fault, kind, message }) => {
  it('is logged and ends the server cleanly with exit status 1', async () => {
    const server = await startServerProcess(database.url, { NODE_OPTIONS: `--import ${FAULTS}`, NOODBED_FAULT: fault });
    try {
      let output = '';
      server.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);

      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        server.child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      server.child.kill('SIGUSR2');

      expect(await exited).toEqual({ code: 1, signal: null });
      expect(output).toContain(`Fatal: ${kind}: Error: ${message}`);
      expect(output).toMatch(/at .*fault-injection\.mjs/); // the stack, to find the bug by
      expect(output).toContain('Stopping…'); // the same clean shutdown as on SIGTERM
      await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    } finally {
      await server.kill();
    }
  }, 60_000);
});
