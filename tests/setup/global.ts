import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

import { createDb, migrateToLatest } from '../../db/database.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { loadReferenceData } from '../../db/seed/reference.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { ensureWebBuilt } from '../../server/startup/web-build.ts';
import { TEMPLATES } from '../helpers/templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test cluster's `postgres` database. */
    postgresUrl: string;
  }
}

// Starts one throw-away PostgreSQL for the run and prepares two template databases: migrated
// (with reference data) and migrated plus the demo seed. Test files clone one in milliseconds.
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'noodbed-test-'));
  const server = await startEmbeddedPostgres(dataDir, { persistent: false, quiet: true });

  for (const [name, withDemo] of [
    [TEMPLATES.migrated, false],
    [TEMPLATES.demo, true],
  ] as const) {
    await ensureDatabase(server, name);
    const db = createDb(server.url(name));
    await migrateToLatest(db);
    await loadReferenceData(db);
    if (withDemo) await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
    await db.destroy();
  }
  // The browser tests serve the dashboard as built from the current source.
  await ensureWebBuilt(process.cwd(), { force: true });

  project.provide('postgresUrl', server.url('postgres'));
  return async () => {
    await server.stop();
  };
}
