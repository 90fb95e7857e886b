import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestApp, type TestApp } from '../helpers/app.ts';

// The government's ruleset from ../shared when it is there (it is in CI), else the copy kept here.
const SHARED_RULESET = resolve('../shared/standards/adr-linter.yaml');
const RULESET = existsSync(SHARED_RULESET) ? SHARED_RULESET : resolve('tests/api/fixtures/adr-linter.yaml');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('migrated');
});
afterAll(() => t.drop());

it('serves an OpenAPI 3.0.3 document without login', async () => {
  const response = await t.app.request('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  const document = await response.json();
  expect(document.openapi).toBe('3.0.3');
  expect(document.info.contact).toEqual({ name: expect.any(String), url: expect.any(String), email: expect.any(String) });
  expect(document.servers[0].url).toBe('/api/v1');
  expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/places', '/places/{id}', '/availability', '/regions', '/health']));
});

it('passes the NL GOV API Design Rules linter with 0 errors', async () => {
  const document = await (await t.app.request('/api/v1/openapi.json')).text();
  const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
  await writeFile(join(dir, 'openapi.json'), document);
  // Spectral exits non-zero when it finds errors; the JSON report says which.
  await promisify(execFile)(resolve('node_modules/.bin/spectral'), [
    'lint',
    '--ruleset',
    RULESET,
    '--format',
    'json',
    '--output',
    join(dir, 'report.json'),
    join(dir, 'openapi.json'),
  ]).catch(() => undefined);
  const results = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Array<{ severity: number; code: string; message: string; path: string[] }>;
  const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
  expect(errors).toEqual([]);
}, 60_000);
