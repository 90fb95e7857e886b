import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { answerClientErrors } from '../../server/http/client-errors.ts';
import { PROBLEM_CODES } from '../../shared/vocabulary.ts';

// What Node's HTTP server refuses before Hono sees the request (headers over the limit, a request not
// received in time, bytes that are not HTTP) is a problem+json like every other refusal: with the
// vocabulary's `code`, and a Dutch sentence for the person whose browser shows the raw answer. Node's
// request timeout (300 s by default) is set short on this loopback server so the test stays fast.

let server: Server;
let port: number;

beforeAll(async () => {
  server = await new Promise<Server>((done) => {
    const s = serve(
      {
        // Reads the whole body, as the app's routes do, so a half-sent body is still being waited for.
        fetch: async (request) => new Response(`ok ${(await request.text()).length}`),
        port: 0,
        hostname: '127.0.0.1',
        serverOptions: { requestTimeout: 600, headersTimeout: 500, connectionsCheckingInterval: 100 },
      },
      () => done(s as Server),
    ) as Server;
  });
  answerClientErrors(server);
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Writes raw bytes on a new loopback connection (and leaves it open) and reads until the server closes it. */
function raw(request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n\r\n') || '{}') as Record<string, unknown> });
    });
    socket.write(request);
  });
}

function expectProblem(response: RawResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.headers.connection).toBe('close');
  expect(response.body).toMatchObject({ type: 'about:blank', status, code });
  expect(PROBLEM_CODES as readonly string[]).toContain(code);
  // The title is the code in words, as for every problem (errors.ts).
  expect(String(response.body.title).toLowerCase().replaceAll(' ', '_')).toBe(code);
  expect(response.body.detail).toEqual(expect.any(String));
  expect(response.body.detailNl).toEqual(expect.any(String));
  expect(response.body.detailNl).not.toBe(response.body.detail);
}

describe('requests Node refuses before the app sees them', () => {
  it('headers over the limit: 431 with its code and a Dutch sentence', async () => {
    const response = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expectProblem(response, 431, 'request_header_fields_too_large');
    expect(response.body.detailNl).toMatch(/cookies/);
  });

  it('a request left half-sent past the timeout: 408 with its code and a Dutch sentence', async () => {
    const body = await raw('POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":');
    expectProblem(body, 408, 'request_timeout');
    const headers = await raw('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ');
    expectProblem(headers, 408, 'request_timeout');
  });

  it('bytes that are not HTTP: 400 with its code', async () => {
    expectProblem(await raw('HELLO /\x01 nonsense\r\n\r\n'), 400, 'request_refused');
  });

  it('and the server serves on', async () => {
    expect(await (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'abc' })).text()).toBe('ok 3');
  });
});
