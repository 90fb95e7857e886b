import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { insertBed, newHold, newRequest } from '../helpers/factories.ts';
import { databaseFingerprint } from '../helpers/fingerprint.ts';
import {
  badId,
  badIdSegment,
  deeplyNested,
  invalidValue,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  resolve,
  validValue,
} from '../helpers/openapi-arbitraries.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Malformed input for every operation of the served OpenAPI document, over real HTTP, as a user who
// may call the operation. Each request is a plausible one (values its schemas accept, real ids) with
// at least one fault put in: a bad body, query, header or id. The answer must be a 4xx problem+json
// that gives nothing of the server away, and the database must be as it was.
// Operations with no input to break (e.g. GET /health) get only noise the API ignores by design
// (unknown query parameters, odd Accept headers): there any answer but a 5xx is right.
// Huge values stay at a few KB in URLs and headers: past Node's 16 KB header limit, Node itself
// answers 431 before the app sees the request. Bodies have no such limit here.

const RUNS_PER_OPERATION = Number(process.env.BAD_INPUT_RUNS ?? 150);

// Demand and holds are made by crisis workers only (see authorization.test.ts); admins may call the rest.
const CRISIS_ONLY = new Set(['POST /placement-requests', 'PATCH /placement-requests/{id}', 'POST /holds']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A refused request may still leave these traces, by design: a 403 writes an `access.refused` entry
// to the audit log (checked below: nothing else may be added), and every request with a session
// cookie moves that session's last_seen_at (the idle timeout counts from it).
// Login throttling counts every password check, also a wrong current password on PUT /account/password: that is its job.
// The alert job (every test server runs it, as production does) derives alerts from the clock on its own: not the request's doing.
// The open-data limit counts every request to /open, whatever its input: that is its job too.
const FINGERPRINT = {
  exceptTables: ['audit_log', 'login_throttle', 'login_attempts', 'open_data_buckets', 'alerts', 'alert_cursor', 'push_deliveries', 'push_log'],
  exceptColumns: { sessions: ['last_seen_at'] },
};

// What a problem must never show: stack frames, source files, packages, SQL, the database driver.
const LEAKS = [/\bat \S+ \(|^\s*at |\bat (?:file|node):/m, /\.ts:/, /node_modules/, /\bselect\b/i, /\bpg\b/i, /postgres/i, /kysely/i];
const leaky = (text: string) => LEAKS.some((pattern) => pattern.test(text));

interface BadRequest {
  fault: string | null;
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  json?: unknown;
  /** Sent as is instead of `json`. */
  raw?: string;
}
type Mutation = (request: BadRequest) => BadRequest;

// The operations are read from the served document before the tests are collected, one test each.
// The open data's per-address limit would answer 429 to the fuzzer's many requests from one address
// before the input is even read; its own test is tests/api/open-rate-limit.test.ts.
const server: TestServer = await startTestServer('demo', {
  holds: { minutes: 600, extendMinutes: 60, maxActive: 100 },
  openData: { burst: 1_000_000, perSecond: 100_000 },
});
const document: OpenApiDocument = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
const operations = operationsOf(document);
let clients: { admin: Client; crisis: Client };
let ids: Record<string, string>;

beforeAll(async () => {
  const http = overHttp(server.url);
  clients = { admin: await loginAs(http, DEMO.admin), crisis: await loginAs(http, DEMO.crisis) };

  // Real objects behind each {id}, so a fault in the body reaches the code past the lookup.
  const location = await server.db
    .selectFrom('locations')
    .select(['id', 'organisation_id'])
    .where('serves', '<>', 'men')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const user = await server.db.selectFrom('users').select('id').where('role', '=', 'analyst').executeTakeFirstOrThrow();
  ids = {
    places: (await insertBed(server.db, location.id)).id,
    locations: location.id,
    organisations: location.organisation_id,
    users: user.id,
    'placement-requests': (await newRequest(clients.crisis)).id,
    holds: (await newHold(server.db, clients.crisis, location.id)).id,
  };
}, 120_000);
afterAll(() => server.stop());

/** One of the strings a schema refuses, for a query parameter (all arrive as text). */
function invalidQueryValue(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.type === 'integer') {
    const accepted = (text: string) => {
      const n = Number(text);
      return Number.isInteger(n) && n >= (schema.minimum ?? -Infinity) && n <= (schema.maximum ?? Infinity);
    };
    return fc
      .oneof(fc.string(), fc.double().map(String), fc.bigInt().map(String), fc.constantFrom('Infinity', '1e400', '-0', 'NaN', '9'.repeat(400)))
      .filter((text) => !accepted(text));
  }
  const huge = fc.integer({ min: 300, max: 3_000 }).map((n) => 'x'.repeat(n));
  if (schema.enum) return fc.oneof(fc.string(), huge).filter((s) => !schema.enum!.includes(s));
  if (schema.pattern) return fc.oneof(fc.string(), huge).filter((s) => !new RegExp(schema.pattern!).test(s));
  if (schema.format === 'uuid') return badId;
  if (schema.format === 'date')
    return fc
      .oneof(fc.string(), huge, fc.constantFrom('2026-02-30', '2026-13-01', '26-01-05', '2026-1-5', '2026-01-05T00:00:00Z'))
      .filter(
        (s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s,
      );
  if (schema.maxLength !== undefined) return fc.integer({ min: schema.maxLength + 1, max: 3_000 }).map((n) => 'x'.repeat(n));
  throw new Error(`no invalid text for query schema ${JSON.stringify(schema)}`);
}

// Text the schemas let through but PostgreSQL cannot store: a NUL character must still be a 4xx.
const freeText = (schema: JsonSchema) => schema.type === 'string' && !schema.enum && !schema.pattern && !schema.format;
const withHeader =
  (name: string, value: string): Mutation =>
  (r) => ({ ...r, headers: { ...r.headers, [name]: value } });
const faulty = (fault: string, arbitrary: fc.Arbitrary<Mutation>) => arbitrary.map((mutate): Mutation => (r) => ({ ...mutate(r), fault }));
const named = (keys: string[]) => (keys.length ? fc.constantFrom(...keys) : null);
const printableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text) && text.trim() === text;

function bodyFaults(schema: JsonSchema): Array<fc.Arbitrary<Mutation>> {
  const object = resolve(document, schema);
  const properties = object.properties ?? {};
  const keys = Object.keys(properties);
  const faults = [
    faulty(
      'invalid JSON',
      fc
        .oneof(
          fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", 'NaN', '{"a":1}}', 'tru', '"open', '{"a":1,}', '\u0000'),
          fc.string().filter((text) => {
            try {
              JSON.parse(text);
              return false;
            } catch {
              return true;
            }
          }),
        )
        .map((raw): Mutation => (r) => ({ ...r, raw })),
    ),
    faulty(
      'empty body',
      fc.constant((r) => ({ ...r, raw: '' })),
    ),
    faulty(
      'not an object',
      fc
        .oneof(fc.string(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 })))
        .map((json): Mutation => (r) => ({ ...r, json })),
    ),
    faulty(
      'deep nesting',
      fc.record({ key: fc.option(fc.constantFrom(...keys), { nil: undefined }), nested: deeplyNested }).map(({ key, nested }): Mutation => (r) => ({
        ...r,
        raw: key ? JSON.stringify({ ...(r.json as object), [key]: 0 }).replace(`"${key}":0`, `"${key}":${nested}`) : nested,
      })),
    ),
  ];
  const wrong = keys.flatMap((key) => {
    const value = invalidValue(document, properties[key]!);
    return value ? [value.map((v): Mutation => (r) => ({ ...r, json: { ...(r.json as object), [key]: v } }))] : [];
  });
  if (wrong.length) faults.push(faulty('wrong value', fc.oneof(...wrong)));
  // A password may hold any character: it is hashed, never stored as text (a NUL in one is just a wrong password).
  const text = named(keys.filter((key) => key !== 'password' && freeText(resolve(document, properties[key]!))));
  if (text)
    faults.push(
      faulty(
        'NUL character',
        text.map((key): Mutation => (r) => ({ ...r, json: { ...(r.json as object), [key]: 'a\u0000b' } })),
      ),
    );
  const required = named(object.required ?? []);
  if (required) {
    faults.push(
      faulty(
        'missing field',
        required.map((key): Mutation => (r) => {
          const { [key]: _left, ...rest } = r.json as Record<string, unknown>;
          return { ...r, json: rest };
        }),
      ),
    );
  }
  if (object.additionalProperties === false) {
    const extraKey = fc
      .oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'id', 'createdAt', 'organisation_id'))
      .filter((key) => !keys.includes(key) && !leaky(key));
    faults.push(
      faulty(
        'extra field',
        fc
          .record({ key: extraKey, value: fc.jsonValue({ maxDepth: 2 }) })
          .map(({ key, value }): Mutation => (r) => ({ ...r, json: { ...(r.json as object), [key]: value } })),
      ),
    );
  }
  return faults;
}

function queryFaults(parameters: Operation['parameters']): Array<fc.Arbitrary<Mutation>> {
  const query = parameters.filter((p) => p.in === 'query');
  if (!query.length) return [];
  const without = (r: BadRequest, name: string) => r.query.filter(([key]) => key !== name);
  const faults = [
    faulty(
      'bad query value',
      fc.oneof(...query.map((p) => invalidQueryValue(p.schema).map((value): Mutation => (r) => ({ ...r, query: [...without(r, p.name), [p.name, value]] })))),
    ),
    faulty(
      'repeated query parameter',
      fc
        .constantFrom(...query)
        .chain((p) =>
          fc
            .tuple(validValue(document, p.schema), validValue(document, p.schema))
            .map(([a, b]): Mutation => (r) => ({ ...r, query: [...without(r, p.name), [p.name, String(a)], [p.name, String(b)]] })),
        ),
    ),
  ];
  const text = named(query.filter((p) => freeText(p.schema)).map((p) => p.name));
  if (text)
    faults.push(
      faulty(
        'NUL character',
        text.map((name): Mutation => (r) => ({ ...r, query: [...without(r, name), [name, 'a\u0000b']] })),
      ),
    );
  const required = named(query.filter((p) => p.required).map((p) => p.name));
  if (required)
    faults.push(
      faulty(
        'missing query parameter',
        required.map((name): Mutation => (r) => ({ ...r, query: without(r, name) })),
      ),
    );
  return faults;
}

function headerFaults(operation: Operation): Array<fc.Arbitrary<Mutation>> {
  const faults: Array<fc.Arbitrary<Mutation>> = [];
  if (operation.parameters.some((p) => p.in === 'header' && p.name === 'if-match')) {
    faults.push(
      faulty(
        'bad If-Match',
        fc
          .oneof(
            fc.constantFrom('abc', '*', '"x"', 'W/', '"1", "2"', '-1', '1.5', '""', 'W/"abc"', '0x10', 'x'.repeat(3_000)),
            fc.string({ minLength: 1, unit: 'binary-ascii' }).filter(printableAscii),
          )
          .filter((value) => !/^(?:W\/)?"?(\d+)"?$/.test(value))
          .map((value) => withHeader('If-Match', value)),
      ),
    );
  }
  if (STATE_CHANGING.has(operation.method)) {
    faults.push(
      faulty(
        'foreign Origin',
        fc
          .oneof(
            fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:1', 'not a url', 'http://localhost', 'file://'),
            fc
              .webUrl()
              .map((url) => new URL(url).origin)
              .filter(printableAscii),
          )
          .map((origin) => withHeader('Origin', origin)),
      ),
    );
  }
  if (operation.method !== 'GET' && operation.method !== 'DELETE') {
    faults.push(
      faulty(
        'not JSON',
        fc
          .constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/jsonx',
            'application/xml',
            'json',
            'application/json-patch+json',
          )
          .map((type) => withHeader('Content-Type', type)),
      ),
    );
  }
  return faults;
}

function idFaults(operation: Operation): Array<fc.Arbitrary<Mutation>> {
  if (!operation.path.includes('{id}')) return [];
  const at =
    (segment: string): Mutation =>
    (r) => ({ ...r, path: operation.path.replace('{id}', segment) });
  return [faulty('bad id', badIdSegment.map(at)), faulty('unknown id', fc.uuid().map(at))];
}

/** What the API ignores by design: any request may carry it, with or without a fault. */
function noise(operation: Operation): fc.Arbitrary<Mutation> {
  const declared = operation.parameters.map((p) => p.name);
  const unknown = fc.tuple(
    fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !declared.includes(key)),
    fc.oneof(
      fc.string(),
      fc.integer({ min: 300, max: 2_000 }).map((n) => 'y'.repeat(n)),
    ),
  );
  return fc
    .record({
      params: fc.array(unknown, { maxLength: 3 }),
      accept: fc.option(fc.constantFrom('application/xml', 'text/html', 'image/png', '*/*;q=abc', 'garbage', 'text/csv', 'application/json;q=0'), {
        nil: undefined,
      }),
    })
    .map(({ params, accept }): Mutation => (r) => ({ ...r, query: [...r.query, ...params], headers: accept ? { ...r.headers, Accept: accept } : r.headers }));
}

function badRequests(operation: Operation): fc.Arbitrary<BadRequest> {
  const who = CRISIS_ONLY.has(`${operation.method} ${operation.path}`) ? clients.crisis : clients.admin;
  const resource = operation.path.split('/')[1]!;
  const base = fc
    .record({
      query: fc
        .tuple(
          ...operation.parameters
            .filter((p) => p.in === 'query')
            .map((p) =>
              (p.required ? validValue(document, p.schema) : fc.option(validValue(document, p.schema), { nil: undefined })).map((v) => [p.name, v] as const),
            ),
        )
        .map((pairs) => pairs.filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])),
      json: operation.body ? validValue(document, operation.body) : fc.constant({}),
    })
    .map(({ query, json }): BadRequest => ({
      fault: null,
      path: operation.path.replace('{id}', ids[resource] ?? ''),
      query,
      headers: { Cookie: who.cookie!, ...(operation.method === 'GET' || operation.method === 'DELETE' ? {} : { 'Content-Type': 'application/json' }) },
      json,
    }));
  const faults = [
    ...(operation.body ? bodyFaults(operation.body) : []),
    ...queryFaults(operation.parameters),
    ...headerFaults(operation),
    ...idFaults(operation),
  ];
  return fc
    .record({ base, fault: faults.length ? fc.oneof(...faults) : fc.constant((r: BadRequest) => r), noise: noise(operation) })
    .map(({ base, fault, noise }) => noise(fault(base)));
}

async function send(operation: Operation, request: BadRequest): Promise<Response> {
  const url = new URL(`/api/v1${request.path}`, server.url);
  for (const [key, value] of request.query) url.searchParams.append(key, value);
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  return fetch(url, {
    method: operation.method,
    // One connection per case: this fuzzer judges each answer; reusing a connection after a refused
    // oversized body is tested on its own (tests/resilience/connection-edges.test.ts).
    headers: { ...request.headers, Connection: 'close' },
    body: hasBody ? (request.raw ?? JSON.stringify(request.json)) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
}

async function lastAuditId(): Promise<string> {
  const { last } = await server.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirstOrThrow();
  return String(last ?? 0);
}

async function auditActionsSince(id: string): Promise<string[]> {
  const rows = await server.db.selectFrom('audit_log').select('action').where('id', '>', id).execute();
  return [...new Set(rows.map((row) => row.action))];
}

describe('bad input', () => {
  it('reads the operations from the served document', () => {
    expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual(expect.arrayContaining(['GET /health', 'PATCH /places/{id}', 'POST /holds']));
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s',
    async (_name, operation) => {
      const before = await databaseFingerprint(server.db, FINGERPRINT);
      const last = await lastAuditId();

      await fc.assert(
        fc.asyncProperty(badRequests(operation), async (request) => {
          const response = await send(operation, request);
          const text = await response.text();
          if (request.fault) expect(response.status, `${request.fault}: ${text}`).toBeGreaterThanOrEqual(400);
          expect(response.status, text).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            // The instance is the request's own path, echoed; everything else is the server's own words.
            const { instance: _echo, ...problem } = JSON.parse(text) as Record<string, unknown>;
            expect(leaky(JSON.stringify(problem)), text).toBe(false);
          }
        }),
        { numRuns: RUNS_PER_OPERATION },
      );

      expect(await databaseFingerprint(server.db, FINGERPRINT)).toEqual(before);
      expect((await auditActionsSince(last)).filter((action) => action !== 'access.refused')).toEqual([]);
    },
    120_000,
  );
});
