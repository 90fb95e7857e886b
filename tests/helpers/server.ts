import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createApp } from '../../server/app.ts';
import { defaultConfig, type Config } from '../../server/config.ts';
import { createTestDatabase } from './database.ts';
import type { TemplateName } from './templates.ts';

/** The whole product on a real HTTP port (loopback) with the built dashboard, on a fresh database. */
export async function startTestServer(template: TemplateName = 'demo', overrides: Partial<Config> = {}) {
  const database = await createTestDatabase(template);
  const config: Config = { ...defaultConfig, ...overrides };
  const app = createApp({ db: database.db, config }, { webRoot: resolve('web/dist'), log: () => {} });
  const server = await new Promise<ReturnType<typeof serve>>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...database,
    config,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((done) => server.close(done));
      await database.drop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
