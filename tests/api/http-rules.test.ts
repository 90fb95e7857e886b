import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_BODY_BYTES } from '../../server/app.ts';
import { API_VERSION } from '../../server/http/openapi.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';

// Runtime rules of the NL GOV API Design Rules and our security conventions, which a linter of the
// OpenAPI document cannot see.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('migrated');
});
afterAll(() => t.drop());

const samples = [
  '/api/v1/health',
  '/api/v1/regions',
  '/api/v1/places',
  '/api/v1/availability',
  '/api/v1/openapi.json',
  '/api/v1/places/nope',
  '/api/v1/nothing-here',
];

describe('every API response', () => {
  it.each(samples)('%s carries API-Version, no-store and security headers', async (path) => {
    const response = await t.app.request(path);
    expect(response.headers.get('API-Version')).toBe(API_VERSION);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
  });
});

describe('errors', () => {
  it('a trailing slash is a 404 problem, not a redirect', async () => {
    for (const path of ['/api/v1/places/', '/api/v1/regions/', '/api/v1/health/']) {
      const response = await t.app.request(path);
      expect(response.status).toBe(404);
      await problemOf(response);
    }
  });

  it('an unknown resource is a 404 problem with status, title and detail', async () => {
    const problem = await problemOf(await t.app.request('/api/v1/shelters'));
    expect(problem).toMatchObject({ status: 404, title: 'Not found' });
    expect(problem.detail).toBeTruthy();
  });

  it('a state-changing request that is not JSON is refused with 415', async () => {
    const response = await t.app.request('/api/v1/places', { method: 'POST', body: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    await problemOf(response);
  });

  it('a body over the limit is refused with 413 before it is parsed, with or without Content-Length', async () => {
    const body = JSON.stringify({ email: 'x@example.nl', password: 'p'.repeat(MAX_BODY_BYTES) });
    const sizes: Array<Record<string, string>> = [{}, { 'Content-Length': String(body.length) }];
    for (const size of sizes) {
      const headers = { 'Content-Type': 'application/json', ...size };
      const response = await t.app.request('/api/v1/sessions', { method: 'POST', body, headers });
      expect(response.status).toBe(413);
      expect((await problemOf(response)).detail).toBe('Request bodies are at most 1 MB.');
    }
  });

  it('an unsupported method is a problem too', async () => {
    const response = await t.app.request('/api/v1/availability', { method: 'DELETE', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(404);
    await problemOf(response);
  });
});

describe('CORS', () => {
  it('is allowed on openapi.json only', async () => {
    const origin = { Origin: 'https://developer.overheid.nl' };
    const document = await t.app.request('/api/v1/openapi.json', { headers: origin });
    expect(document.headers.get('Access-Control-Allow-Origin')).toBe('*');
    for (const path of ['/api/v1/places', '/api/v1/availability', '/api/v1/health']) {
      const response = await t.app.request(path, { headers: origin });
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
  });
});
