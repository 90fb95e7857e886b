import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { clientWithCookie, DEMO, loginAs, type Client } from '../helpers/client.ts';
import { insertBed, insertUser, newHold, newRequest, SINGLE_WOMAN } from '../helpers/factories.ts';

// Who may do what (docs: architecture.md, "Who sees what"), for every operation of the API.
// The objects acted on belong to organisation A: `staff` works there, `other` is shelter staff of
// organisation B. The list of operations comes from the served OpenAPI document, so a new route
// without a row here fails the first test.

const ROLES = ['anonymous', 'admin', 'staff', 'other', 'crisis', 'analyst'] as const;
type Role = (typeof ROLES)[number];
const LOGINS: Record<Exclude<Role, 'anonymous'>, string> = {
  admin: DEMO.admin, staff: DEMO.shelter, other: DEMO.shelter2, crisis: DEMO.crisis, analyst: DEMO.analyst,
};

interface Call {
  path: string;
  body?: unknown;
  /** A session of its own for this call (e.g. one that is about to be logged out). */
  cookie?: string | null;
}

interface Case {
  op: string;
  variant?: string;
  /** Expected status per role, in the order of ROLES. */
  expect: [anonymous: number, admin: number, staff: number, other: number, crisis: number, analyst: number];
  call: (role: Role) => Call | Promise<Call>;
}

let t: TestApp;
let clients: Record<Role, Client>;
let document: { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
let fx: {
  organisationA: string;
  locationA: string;
  municipalityA: string;
  placeA: string;
  requestId: string;
  holdA: string;
  changesAfter: string;
};

const at = (path: string) => () => ({ path });
const freshBed = () => insertBed(t.db, fx.locationA);
const freshHold = () => newHold(t.db, clients.crisis, fx.locationA);
const freshCookie = async (role: Role) => (role === 'anonymous' ? null : (await loginAs(t.app, LOGINS[role])).cookie);
const unique = () => Math.random().toString(36).slice(2, 8);

//                                                                     anon admin staff other crisis analyst
const CASES: Case[] = [
  { op: 'GET /health', expect: [200, 200, 200, 200, 200, 200], call: at('/health') },
  { op: 'POST /sessions', expect: [201, 201, 201, 201, 201, 201], call: () => ({ path: '/sessions', body: { email: DEMO.analyst, password: DEMO_PASSWORD } }) },
  { op: 'GET /sessions/current', expect: [401, 200, 200, 200, 200, 200], call: at('/sessions/current') },
  { op: 'DELETE /sessions/current', expect: [401, 204, 204, 204, 204, 204], call: async (role) => ({ path: '/sessions/current', cookie: await freshCookie(role) }) },
  { op: 'GET /regions', expect: [401, 200, 200, 200, 200, 200], call: at('/regions') },
  { op: 'GET /municipalities', expect: [401, 200, 200, 200, 200, 200], call: at('/municipalities') },
  { op: 'GET /availability', expect: [401, 200, 200, 200, 200, 200], call: at('/availability') },
  { op: 'GET /changes', expect: [401, 200, 200, 200, 200, 200], call: () => ({ path: `/changes?after=${fx.changesAfter}` }) },

  { op: 'GET /places', expect: [401, 200, 200, 200, 200, 403], call: at('/places?pageSize=500') },
  { op: 'POST /places', expect: [401, 201, 403, 403, 403, 403], call: () => ({ path: '/places', body: { locationId: fx.locationA, kind: 'bed', label: `Bed ${unique()}`, beds: 1, maxAdults: 1, maxChildren: 0, status: 'available' } }) },
  { op: 'GET /places/{id}', expect: [401, 200, 200, 403, 200, 403], call: () => ({ path: `/places/${fx.placeA}` }) },
  { op: 'PATCH /places/{id}', variant: 'status', expect: [401, 200, 200, 403, 403, 403], call: async () => {
    const place = await freshBed();
    return { path: `/places/${place.id}`, body: { version: place.version, status: 'occupied' } };
  } },
  { op: 'PATCH /places/{id}', variant: 'attributes', expect: [401, 200, 403, 403, 403, 403], call: async () => {
    const place = await freshBed();
    return { path: `/places/${place.id}`, body: { version: place.version, label: `Renamed ${unique()}` } };
  } },
  { op: 'GET /places/{id}/events', expect: [401, 200, 200, 403, 403, 403], call: () => ({ path: `/places/${fx.placeA}/events` }) },

  { op: 'GET /locations', expect: [401, 200, 200, 200, 403, 403], call: at('/locations') },
  { op: 'POST /locations', expect: [401, 201, 403, 403, 403, 403], call: () => ({ path: '/locations', body: {
    organisationId: fx.organisationA, name: `Locatie ${unique()}`, municipalityCode: fx.municipalityA, serves: 'women',
    street: 'Proefstraat 1', postalCode: '3511 AB', city: 'Utrecht', intakePhone: '030 123 45 67',
  } }) },
  { op: 'GET /locations/{id}', expect: [401, 200, 200, 403, 403, 403], call: () => ({ path: `/locations/${fx.locationA}` }) },
  { op: 'PATCH /locations/{id}', expect: [401, 200, 403, 403, 403, 403], call: () => ({ path: `/locations/${fx.locationA}`, body: { name: `Locatie A ${unique()}` } }) },
  { op: 'POST /locations/{id}/confirmations', expect: [401, 201, 201, 403, 403, 403], call: () => ({ path: `/locations/${fx.locationA}/confirmations`, body: {} }) },

  { op: 'GET /organisations', expect: [401, 200, 200, 200, 403, 403], call: at('/organisations') },
  { op: 'POST /organisations', expect: [401, 201, 403, 403, 403, 403], call: () => ({ path: '/organisations', body: { name: `Stichting ${unique()}`, kind: 'maatschappelijke_opvang' } }) },
  { op: 'PATCH /organisations/{id}', expect: [401, 200, 403, 403, 403, 403], call: () => ({ path: `/organisations/${fx.organisationA}`, body: { kind: 'vrouwenopvang' } }) },

  { op: 'GET /users', expect: [401, 200, 403, 403, 403, 403], call: at('/users') },
  { op: 'POST /users', expect: [401, 201, 403, 403, 403, 403], call: () => ({ path: '/users', body: { email: `new-${unique()}@test.noodbed.nl`, name: 'New', role: 'analyst', password: 'a-long-test-password' } }) },
  { op: 'PATCH /users/{id}', expect: [401, 200, 403, 403, 403, 403], call: async () => {
    const user = await insertUser(t.db, { role: 'analyst', passwordHash: 'not-used' });
    return { path: `/users/${user.id}`, body: { name: 'Renamed' } };
  } },
  { op: 'GET /audit-log', expect: [401, 200, 403, 403, 403, 403], call: at('/audit-log') },

  // Demand is recorded by crisis workers only; admins see it but do not make it.
  { op: 'POST /placement-requests', expect: [401, 403, 403, 403, 201, 403], call: () => ({ path: '/placement-requests', body: SINGLE_WOMAN }) },
  { op: 'GET /placement-requests', expect: [401, 200, 403, 403, 200, 403], call: at('/placement-requests') },
  { op: 'GET /placement-requests/{id}', expect: [401, 200, 403, 403, 200, 403], call: () => ({ path: `/placement-requests/${fx.requestId}` }) },
  { op: 'PATCH /placement-requests/{id}', expect: [401, 403, 403, 403, 200, 403], call: async () => ({ path: `/placement-requests/${(await newRequest(clients.crisis)).id}`, body: { status: 'withdrawn' } }) },
  { op: 'GET /placement-requests/{id}/matches', expect: [401, 200, 403, 403, 200, 403], call: () => ({ path: `/placement-requests/${fx.requestId}/matches` }) },

  { op: 'POST /holds', expect: [401, 403, 403, 403, 201, 403], call: async () => {
    const [request, place] = await Promise.all([newRequest(clients.crisis), freshBed()]);
    return { path: '/holds', body: { requestId: request.id, placeId: place.id } };
  } },
  { op: 'GET /holds', expect: [401, 200, 200, 200, 200, 403], call: at('/holds') },
  { op: 'GET /holds/{id}', expect: [401, 200, 200, 403, 200, 403], call: () => ({ path: `/holds/${fx.holdA}` }) },
  { op: 'PATCH /holds/{id}', variant: 'accept', expect: [401, 200, 200, 403, 403, 403], call: async () => ({ path: `/holds/${(await freshHold()).id}`, body: { action: 'accept' } }) },
  { op: 'PATCH /holds/{id}', variant: 'release', expect: [401, 200, 403, 403, 200, 403], call: async () => ({ path: `/holds/${(await freshHold()).id}`, body: { action: 'release' } }) },

  // Aggregates only: analysts and admins.
  { op: 'GET /statistics/capacity', expect: [401, 200, 403, 403, 403, 200], call: at('/statistics/capacity') },
  { op: 'GET /statistics/occupancy', expect: [401, 200, 403, 403, 403, 200], call: at('/statistics/occupancy') },
  { op: 'GET /statistics/demand', expect: [401, 200, 403, 403, 403, 200], call: at('/statistics/demand') },
  { op: 'GET /statistics/flows', expect: [401, 200, 403, 403, 403, 200], call: at('/statistics/flows') },
  { op: 'GET /statistics/datapackage', expect: [401, 200, 403, 403, 403, 200], call: at('/statistics/datapackage') },

  // Second factors: every user has their own; a full session has nothing left to verify.
  { op: 'POST /sessions/current/verification', expect: [401, 409, 409, 409, 409, 409], call: () => ({ path: '/sessions/current/verification', body: { code: '123456' } }) },
  { op: 'GET /account/factors', expect: [401, 200, 200, 200, 200, 200], call: at('/account/factors') },
  { op: 'POST /account/totp-enrolments', expect: [401, 201, 201, 201, 201, 201], call: () => ({ path: '/account/totp-enrolments', body: {} }) },
  { op: 'POST /account/totp-enrolments/confirmation', expect: [401, 400, 400, 400, 400, 400], call: async (role) => {
    if (role !== 'anonymous') await clients[role].post('/account/totp-enrolments');
    return { path: '/account/totp-enrolments/confirmation', body: { code: '000000' } };
  } },
  { op: 'POST /account/passkey-enrolments', expect: [401, 201, 201, 201, 201, 201], call: () => ({ path: '/account/passkey-enrolments', body: {} }) },
  { op: 'POST /account/passkey-enrolments/confirmation', expect: [401, 400, 400, 400, 400, 400], call: async (role) => {
    if (role !== 'anonymous') await clients[role].post('/account/passkey-enrolments');
    return { path: '/account/passkey-enrolments/confirmation', body: { response: { id: 'not-a-credential' } } };
  } },
  { op: 'POST /sessions/current/passkey-challenges', expect: [401, 409, 409, 409, 409, 409], call: () => ({ path: '/sessions/current/passkey-challenges', body: {} }) },
  { op: 'POST /sessions/current/passkey-verification', expect: [401, 409, 409, 409, 409, 409], call: () => ({ path: '/sessions/current/passkey-verification', body: { response: {} } }) },
  { op: 'PUT /account/password', expect: [401, 400, 400, 400, 400, 400], call: () => ({ path: '/account/password', body: { currentPassword: 'not-the-password', newPassword: 'paard-batterij-nietje-correct' } }) },
  { op: 'POST /users/{id}/password-links', expect: [401, 201, 403, 403, 403, 403], call: async () => ({ path: `/users/${(await insertUser(t.db, { role: 'analyst', passwordHash: 'not-used' })).id}/password-links`, body: {} }) },
  { op: 'POST /password-resets', expect: [400, 400, 400, 400, 400, 400], call: () => ({ path: '/password-resets', body: { token: 'x'.repeat(43), password: 'paard-batterij-nietje-correct' } }) },
  { op: 'DELETE /users/{id}/factors', expect: [401, 200, 403, 403, 403, 403], call: async () => ({ path: `/users/${(await insertUser(t.db, { role: 'analyst', passwordHash: 'not-used' })).id}/factors` }) },
];

async function send(testCase: Case, role: Role): Promise<Response> {
  const [method] = testCase.op.split(' ') as [string];
  const { path, body, cookie } = await testCase.call(role);
  const client = cookie === undefined ? clients[role] : clientWithCookie(t.app, cookie);
  if (method === 'GET') return client.get(path);
  if (method === 'DELETE') return client.delete(path);
  return client.request(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

beforeAll(async () => {
  t = await createTestApp('demo', { holds: { minutes: 60, extendMinutes: 30, maxActive: 100 } });
  const logins = await Promise.all(Object.values(LOGINS).map((email) => loginAs(t.app, email)));
  clients = { anonymous: clientWithCookie(t.app, null), ...Object.fromEntries(Object.keys(LOGINS).map((role, i) => [role, logins[i]!])) } as Record<Role, Client>;
  document = await (await t.app.request('/api/v1/openapi.json')).json();

  const staff = await t.db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
  const location = await t.db.selectFrom('locations').select(['id', 'municipality_code'])
    .where('organisation_id', '=', staff.organisation_id!).where('serves', '<>', 'men').orderBy('id').executeTakeFirstOrThrow();
  const { seq } = await t.db.selectFrom('place_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
  fx = { organisationA: staff.organisation_id!, locationA: location.id, municipalityA: location.municipality_code, placeA: '', requestId: '', holdA: '', changesAfter: String(seq) };
  fx.placeA = (await freshBed()).id;
  fx.requestId = (await newRequest(clients.crisis)).id;
  fx.holdA = (await freshHold()).id;
});
afterAll(() => t.drop());

describe('authorization matrix', () => {
  it('has a row for every operation in the OpenAPI document, and no row for one that is not there', () => {
    const served = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set(CASES.map((c) => c.op));
    expect(served.filter((op) => !covered.has(op))).toEqual([]);
    expect([...covered].filter((op) => !served.includes(op))).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.op}${c.variant ? ` (${c.variant})` : ''}`, c] as const))('%s', async (_name, testCase) => {
    const actual: Record<string, number> = {};
    const undocumented: string[] = [];
    for (const role of ROLES) {
      const response = await send(testCase, role);
      actual[role] = response.status;
      const [method, path] = testCase.op.split(' ') as [string, string];
      if (!document.paths[path]?.[method.toLowerCase()]?.responses[String(response.status)]) undocumented.push(`${role}: ${response.status}`);
      if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await response.body?.cancel();
    }
    expect(actual).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, testCase.expect[i]])));
    // Every status a role gets is one the document promises for that operation.
    expect(undocumented).toEqual([]);
  });
});

describe('confidential addresses', () => {
  it('never reach a crisis worker or an analyst, from any GET route', async () => {
    const locations = await t.db.selectFrom('locations').select(['street_address', 'postal_code']).execute();
    const secrets = locations.flatMap((l) => [l.street_address, l.postal_code]);
    const addressIn = (text: string) =>
      [/"(address|street|streetAddress|postalCode|city)"\s*:/.exec(text)?.[0], secrets.find((s) => text.includes(s))].filter(Boolean).join(', ');
    // The search finds an address where one is allowed, so its silence below means something.
    expect(addressIn(await (await clients.staff.get('/locations')).text())).not.toBe('');

    const leaks: string[] = [];
    for (const testCase of CASES.filter((c) => c.op.startsWith('GET '))) {
      for (const role of ['crisis', 'analyst'] as const) {
        const found = addressIn(await (await send(testCase, role)).text());
        if (found) leaks.push(`${role} ${testCase.op}: ${found}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('are read by a location\'s own staff, and each read is in the audit log', async () => {
    const response = await clients.staff.get(`/locations/${fx.locationA}`);
    const { street_address } = await t.db.selectFrom('locations').select('street_address').where('id', '=', fx.locationA).executeTakeFirstOrThrow();
    expect((await response.json()).address.street).toBe(street_address);
    const entry = await t.db.selectFrom('audit_log').innerJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['audit_log.subject_id']).where('users.email', '=', DEMO.shelter).where('action', '=', 'location.address_read')
      .orderBy('audit_log.id', 'desc').executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe(fx.locationA);
  });
});

describe('intake phone', () => {
  it('is shown to the crisis worker who holds the place, not to a colleague', async () => {
    const colleague = await insertUser(t.db, { role: 'crisis_worker', passwordHash: await hashPassword('a-long-test-password') });
    const other = await loginAs(t.app, colleague.email, 'a-long-test-password');
    const mine = await (await clients.crisis.get(`/holds/${fx.holdA}`)).json();
    const theirs = await (await other.get(`/holds/${fx.holdA}`)).json();
    expect(mine.intakePhone).toMatch(/\d/);
    expect(theirs.intakePhone).toBeNull();
    const listed = (await (await other.get('/holds')).json()).items as Array<{ intakePhone: string | null }>;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((hold) => hold.intakePhone === null)).toBe(true);
  });
});

describe('refused accesses', () => {
  /** The audit entries of refusals to this user on this path. */
  function refusals(email: string, path: string) {
    return t.db.selectFrom('audit_log').innerJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select('audit_log.detail').where('users.email', '=', email).where('action', '=', 'access.refused')
      .where(sql<boolean>`audit_log.detail->>'path' = ${`/api/v1${path}`}`).orderBy('audit_log.id', 'desc').execute();
  }

  it.each([
    ['shelter staff reading another organisation\'s location', 'other', DEMO.shelter2, (): string => `/locations/${fx.locationA}`],
    ['an analyst asking for single placement requests', 'analyst', DEMO.analyst, (): string => '/placement-requests'],
  ] as const)('are written to the audit log: %s', async (_name, role, email, path) => {
    const before = await refusals(email, path());
    expect((await clients[role].get(path())).status).toBe(403);
    const after = await refusals(email, path());
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]!.detail).toEqual({ method: 'GET', path: `/api/v1${path()}` });
  });
});
