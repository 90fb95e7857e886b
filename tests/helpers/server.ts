import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';

import { createDb } from '../../db/database.ts';
import { startAlertJob } from '../../server/alerts/alert-job.ts';
import { createApp } from '../../server/app.ts';
import { type Config, defaultConfig } from '../../server/config.ts';
import { startHoldExpiry } from '../../server/holds/hold-changes.ts';
import { answerClientErrors } from '../../server/http/client-errors.ts';
import { createRealtime } from '../../server/realtime/realtime.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import type { TemplateName } from './templates.ts';

/** The whole product on a real HTTP port (loopback) with the built dashboard, on a fresh database. */
export async function startTestServer(template: TemplateName = 'demo', overrides: Partial<Config> = {}) {
  return startServerOn(await createTestDatabase(template), overrides);
}

/**
 * One server node on a given database; call it twice for two nodes sharing one database.
 * `stop` drops the database unless `keepDatabase` (other nodes may still use it).
 */
export async function startServerOn(
  database: TestDatabase,
  overrides: Partial<Config> = {},
  options: { keepDatabase?: boolean; log?: (message: string, error?: unknown) => void } = {},
) {
  const config: Config = { ...defaultConfig, ...overrides };
  // A pool of the node's own, as a separate server process would have.
  const nodeDb = createDb(database.url, { max: 10 });
  const app = createApp({ db: nodeDb, config }, { webRoot: resolve('web/dist'), log: options.log ?? (() => {}) });
  const realtime = await createRealtime({ db: nodeDb, config }, { databaseUrl: database.url });
  const stopHoldExpiry = startHoldExpiry(nodeDb, 1_000);
  const stopAlerts = startAlertJob(nodeDb, config);
  const server = await new Promise<ReturnType<typeof serve>>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  realtime.attach(server as Server);
  answerClientErrors(server as Server);
  const { port } = server.address() as AddressInfo;
  return {
    ...database,
    config,
    url: `http://127.0.0.1:${port}`,
    realtime,
    stop: async () => {
      stopHoldExpiry();
      await stopAlerts();
      await realtime.close();
      await new Promise((done) => server.close(done));
      await nodeDb.destroy();
      if (!options.keepDatabase) await database.drop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServerOn>>;
