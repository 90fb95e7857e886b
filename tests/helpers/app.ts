import { createApp } from '../../server/app.ts';
import { type Config, defaultConfig } from '../../server/config.ts';
import { createTestDatabase } from './database.ts';
import type { TemplateName } from './templates.ts';

/** The whole app on a fresh database of its own; requests go through Hono in-process. */
export async function createTestApp(template: TemplateName = 'demo', overrides: Partial<Config> = {}) {
  const database = await createTestDatabase(template);
  const config: Config = { ...defaultConfig, ...overrides };
  const app = createApp({ db: database.db, config }, { log: () => {} });
  return { ...database, app, config };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export async function problemOf(response: Response) {
  expectProblem(response);
  return (await response.json()) as { status: number; title: string; detail: string; invalidParams?: Array<{ name: string }> };
}

function expectProblem(response: Response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${type} (${response.status})`);
  }
}
