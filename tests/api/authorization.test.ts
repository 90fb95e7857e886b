import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Role } from '../../db/schema.ts';
import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { createApiRouter } from '../../server/app.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { type Action, grantOf, POLICY } from '../../server/policy/rules.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs } from '../helpers/client.ts';
import { insertBed, insertUser, newHold, newRequest, SINGLE_WOMAN, testName } from '../helpers/factories.ts';
import { insertStay } from '../helpers/stays.ts';

// Who may do what, generated from the policy module (server/policy/rules.ts) and the served OpenAPI
// document: every operation names its actions in `x-policy`; for every operation, action and asker
// the expected status comes from the policy's grant, never from a hand-written table.
// The objects acted on belong to shelter organisation A and crisis team A: `staff` works at A and
// `otherStaff` at B; `crisis` is in team A and `otherTeam` in team B. A grant of `own` lets the owner
// through and refuses the other (403) on a single object; on a list or a new object it lets both
// through, each seeing their own (the filters are tested below).

const ASKERS = ['anonymous', 'admin', 'staff', 'otherStaff', 'crisis', 'otherTeam', 'analyst', 'region'] as const;
type Asker = (typeof ASKERS)[number];
const ROLE_OF: Record<Asker, Role | 'anonymous'> = {
  anonymous: 'anonymous',
  admin: 'admin',
  staff: 'shelter_staff',
  otherStaff: 'shelter_staff',
  crisis: 'crisis_worker',
  otherTeam: 'crisis_worker',
  analyst: 'analyst',
  region: 'region_officer',
};
/** Whether the asker owns the fixtures' objects, for the roles whose grants can be `own`. */
// The region officer's region is A's location's (VR09): another region's officer is tested in tests/api/quality.test.ts.
const OWNS: Partial<Record<Asker, boolean>> = { staff: true, otherStaff: false, crisis: true, otherTeam: false, region: true };
const LOGINS: Record<Exclude<Asker, 'anonymous'>, string> = {
  admin: DEMO.admin,
  staff: DEMO.shelter,
  otherStaff: DEMO.shelter2,
  crisis: DEMO.crisis,
  otherTeam: DEMO.crisis2,
  analyst: DEMO.analyst,
  region: DEMO.region,
};

interface Call {
  path: string;
  body?: unknown;
  /** A session of its own for this call (e.g. one that is about to be logged out). */
  cookie?: string | null;
}

/** How to call one operation for one of its actions: the only hand-written part, as bodies and fixtures cannot be derived. */
interface Caller {
  op: string;
  action: Action;
  /** It acts on one object of A / team A (default: the path has an {id}). */
  object?: boolean;
  /** What an asker the policy lets through gets, when the call itself is refused on its content (default: the success status). */
  allowed?: number;
  call: (asker: Asker) => Call | Promise<Call>;
}

interface Operation {
  'x-policy'?: string[];
  responses: Record<string, unknown>;
}

let t: TestApp;
let clients: Record<Asker, Client>;
let document: { paths: Record<string, Record<string, Operation>> };
let fx: {
  organisationA: string;
  locationA: string;
  municipalityA: string;
  placeA: string;
  requestA: string;
  holdA: string;
  changesAfter: string;
  reportA: string;
  signedReport: string;
};

const at = (path: string) => () => ({ path });
const freshBed = () => insertBed(t.db, fx.locationA);
/** A copy of location A under another name, for a caller that retires it. */
async function freshLocation(): Promise<string> {
  const {
    id: _id,
    created_at: _created,
    retired_at: _retired,
    ...copy
  } = await t.db.selectFrom('locations').selectAll().where('id', '=', fx.locationA).executeTakeFirstOrThrow();
  return (
    await t.db
      .insertInto('locations')
      .values({ ...copy, name: `Locatie ${unique()}` })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
const freshHold = () => newHold(t.db, clients.crisis, fx.locationA);
const freshCookie = async (asker: Asker) => (asker === 'anonymous' ? null : (await loginAs(t.app, LOGINS[asker])).cookie);
const unique = testName;

const CALLERS: Caller[] = [
  { op: 'GET /health', action: 'health.read', call: at('/health') },
  { op: 'POST /sessions', action: 'sessions.create', call: () => ({ path: '/sessions', body: { email: DEMO.analyst, password: DEMO_PASSWORD } }) },
  { op: 'GET /sessions/current', action: 'sessions.read', call: at('/sessions/current') },
  { op: 'DELETE /sessions/current', action: 'sessions.delete', call: async (asker) => ({ path: '/sessions/current', cookie: await freshCookie(asker) }) },
  { op: 'GET /regions', action: 'regions.list', call: at('/regions') },
  { op: 'GET /municipalities', action: 'municipalities.list', call: at('/municipalities') },
  { op: 'GET /availability', action: 'availability.read', call: at('/availability') },
  { op: 'GET /changes', action: 'changes.read', call: () => ({ path: `/changes?after=${fx.changesAfter}` }) },

  { op: 'GET /places', action: 'places.list', call: at('/places?pageSize=500') },
  {
    op: 'POST /places',
    action: 'places.create',
    call: () => ({
      path: '/places',
      body: { locationId: fx.locationA, kind: 'bed', label: `Bed ${unique()}`, beds: 1, maxAdults: 1, maxChildren: 0, status: 'available' },
    }),
  },
  { op: 'GET /places/{id}', action: 'places.read', call: () => ({ path: `/places/${fx.placeA}` }) },
  {
    op: 'PATCH /places/{id}',
    action: 'places.change_status',
    call: async () => {
      const place = await freshBed();
      return { path: `/places/${place.id}`, body: { version: place.version, status: 'occupied' } };
    },
  },
  {
    op: 'PATCH /places/{id}',
    action: 'places.change_attributes',
    call: async () => {
      const place = await freshBed();
      return { path: `/places/${place.id}`, body: { version: place.version, label: `Renamed ${unique()}` } };
    },
  },
  { op: 'POST /places/{id}/retirement', action: 'places.retire', call: async () => ({ path: `/places/${(await freshBed()).id}/retirement`, body: {} }) },
  { op: 'GET /places/{id}/events', action: 'places.history', call: () => ({ path: `/places/${fx.placeA}/events` }) },

  { op: 'GET /locations', action: 'locations.list', call: at('/locations') },
  {
    op: 'POST /locations',
    action: 'locations.create',
    call: () => ({
      path: '/locations',
      body: {
        organisationId: fx.organisationA,
        name: `Locatie ${unique()}`,
        municipalityCode: fx.municipalityA,
        serves: 'women',
        street: 'Proefstraat 1',
        postalCode: '3511 AB',
        city: 'Utrecht',
        intakePhone: '030 123 45 67',
      },
    }),
  },
  { op: 'GET /locations/{id}', action: 'locations.read', call: () => ({ path: `/locations/${fx.locationA}` }) },
  { op: 'PATCH /locations/{id}', action: 'locations.update', call: () => ({ path: `/locations/${fx.locationA}`, body: { name: `Locatie A ${unique()}` } }) },
  {
    op: 'POST /locations/{id}/retirement',
    action: 'locations.retire',
    call: async () => ({ path: `/locations/${await freshLocation()}/retirement`, body: {} }),
  },
  { op: 'POST /locations/{id}/confirmations', action: 'locations.confirm', call: () => ({ path: `/locations/${fx.locationA}/confirmations`, body: {} }) },

  { op: 'GET /organisations', action: 'organisations.list', call: at('/organisations') },
  {
    op: 'POST /organisations',
    action: 'organisations.create',
    call: () => ({ path: '/organisations', body: { name: `Veilig Thuis ${unique()}`, kind: 'veilig_thuis' } }),
  },
  {
    op: 'PATCH /organisations/{id}',
    action: 'organisations.update',
    call: () => ({ path: `/organisations/${fx.organisationA}`, body: { kind: 'vrouwenopvang' } }),
  },

  { op: 'GET /users', action: 'users.list', call: at('/users') },
  {
    op: 'POST /users',
    action: 'users.create',
    call: () => ({ path: '/users', body: { email: `new-${unique()}@test.noodbed.nl`, name: 'New', role: 'analyst', password: 'a-long-test-password' } }),
  },
  {
    op: 'PATCH /users/{id}',
    action: 'users.update',
    call: async () => {
      const user = await insertUser(t.db, { role: 'analyst', passwordHash: 'not-used' });
      return { path: `/users/${user.id}`, body: { name: 'Renamed' } };
    },
  },
  { op: 'GET /audit-log', action: 'audit.read', call: at('/audit-log') },
  { op: 'GET /audit-log/actions', action: 'audit.read', call: at('/audit-log/actions') },

  { op: 'POST /placement-requests', action: 'requests.create', call: () => ({ path: '/placement-requests', body: SINGLE_WOMAN }) },
  { op: 'GET /placement-requests', action: 'requests.list', call: at('/placement-requests') },
  { op: 'GET /placement-requests/{id}', action: 'requests.read', call: () => ({ path: `/placement-requests/${fx.requestA}` }) },
  {
    op: 'PATCH /placement-requests/{id}',
    action: 'requests.close',
    call: async () => ({ path: `/placement-requests/${(await newRequest(clients.crisis)).id}`, body: { status: 'withdrawn' } }),
  },
  {
    op: 'PATCH /placement-requests/{id}/household',
    action: 'requests.change',
    call: async () => ({ path: `/placement-requests/${(await newRequest(clients.crisis)).id}/household`, body: { needs: { pet: true } } }),
  },
  { op: 'GET /placement-requests/{id}/matches', action: 'requests.matches', call: () => ({ path: `/placement-requests/${fx.requestA}/matches` }) },

  // A hold is made for a request: team A's request, so another team is refused.
  {
    op: 'POST /holds',
    action: 'holds.create',
    object: true,
    call: async () => {
      const [request, place] = await Promise.all([newRequest(clients.crisis), freshBed()]);
      return { path: '/holds', body: { requestId: request.id, placeId: place.id } };
    },
  },
  { op: 'GET /holds', action: 'holds.list', call: at('/holds') },
  { op: 'GET /holds/{id}', action: 'holds.read', call: () => ({ path: `/holds/${fx.holdA}` }) },
  { op: 'PATCH /holds/{id}', action: 'holds.answer', call: async () => ({ path: `/holds/${(await freshHold()).id}`, body: { action: 'accept' } }) },
  { op: 'PATCH /holds/{id}', action: 'holds.extend', call: async () => ({ path: `/holds/${(await freshHold()).id}`, body: { action: 'extend' } }) },
  { op: 'PATCH /holds/{id}', action: 'holds.release', call: async () => ({ path: `/holds/${(await freshHold()).id}`, body: { action: 'release' } }) },

  { op: 'GET /stays', action: 'stays.list', call: at('/stays') },
  {
    op: 'POST /places/{id}/stay',
    action: 'places.change_status',
    call: async () => {
      const place = await freshBed();
      return { path: `/places/${place.id}/stay`, body: { version: place.version, adults: 1, children: [], originMunicipality: null } };
    },
  },
  {
    op: 'PATCH /stays/{id}',
    action: 'stays.change',
    call: async () => ({ path: `/stays/${(await insertStay(t.db, fx.locationA)).id}`, body: { version: 1, readiness: null } }),
  },
  {
    op: 'POST /stays/{id}/end',
    action: 'places.change_status',
    call: async () => ({ path: `/stays/${(await insertStay(t.db, fx.locationA)).id}/end`, body: { placeVersion: 1, destination: 'unknown' } }),
  },

  { op: 'GET /statistics/capacity', action: 'statistics.read', call: at('/statistics/capacity') },
  { op: 'GET /statistics/occupancy', action: 'statistics.read', call: at('/statistics/occupancy') },
  { op: 'GET /statistics/demand', action: 'statistics.read', call: at('/statistics/demand') },
  { op: 'GET /statistics/flows', action: 'statistics.read', call: at('/statistics/flows') },
  { op: 'GET /statistics/stays', action: 'statistics.read', call: at('/statistics/stays') },
  { op: 'GET /statistics/stay-lengths', action: 'statistics.read', call: at('/statistics/stay-lengths') },
  { op: 'GET /statistics/children-origin', action: 'statistics.read', call: at('/statistics/children-origin') },
  { op: 'GET /statistics/family-places', action: 'statistics.read', call: at('/statistics/family-places') },
  { op: 'GET /statistics/datapackage', action: 'statistics.read', call: at('/statistics/datapackage') },

  // Second factors and passwords: every user has their own. A full session has nothing left to verify (409);
  // a wrong code or password is the call's own refusal once the policy let it through (400).
  {
    op: 'POST /sessions/current/verification',
    action: 'sessions.verify',
    allowed: 409,
    call: () => ({ path: '/sessions/current/verification', body: { code: '123456' } }),
  },
  { op: 'GET /account/factors', action: 'account.factors', call: at('/account/factors') },
  { op: 'POST /account/totp-enrolments', action: 'account.enrol', call: () => ({ path: '/account/totp-enrolments', body: {} }) },
  {
    op: 'POST /account/totp-enrolments/confirmation',
    action: 'account.enrol',
    allowed: 400,
    call: async (asker) => {
      if (asker !== 'anonymous') await clients[asker].post('/account/totp-enrolments');
      return { path: '/account/totp-enrolments/confirmation', body: { code: '000000' } };
    },
  },
  { op: 'POST /account/passkey-enrolments', action: 'account.enrol', call: () => ({ path: '/account/passkey-enrolments', body: {} }) },
  {
    op: 'POST /account/passkey-enrolments/confirmation',
    action: 'account.enrol',
    allowed: 400,
    call: async (asker) => {
      if (asker !== 'anonymous') await clients[asker].post('/account/passkey-enrolments');
      return { path: '/account/passkey-enrolments/confirmation', body: { response: { id: 'not-a-credential' } } };
    },
  },
  {
    op: 'POST /sessions/current/passkey-challenges',
    action: 'sessions.verify',
    allowed: 409,
    call: () => ({ path: '/sessions/current/passkey-challenges', body: {} }),
  },
  {
    op: 'POST /sessions/current/passkey-verification',
    action: 'sessions.verify',
    allowed: 409,
    call: () => ({ path: '/sessions/current/passkey-verification', body: { response: {} } }),
  },
  {
    op: 'PUT /account/password',
    action: 'account.password',
    allowed: 400,
    call: () => ({ path: '/account/password', body: { currentPassword: 'not-the-password', newPassword: 'paard-batterij-nietje-correct' } }),
  },
  {
    op: 'POST /users/{id}/password-links',
    action: 'users.password_link',
    object: false,
    call: async () => ({ path: `/users/${(await insertUser(t.db, { role: 'analyst', passwordHash: 'not-used' })).id}/password-links`, body: {} }),
  },
  {
    op: 'POST /password-resets',
    action: 'account.set_password',
    allowed: 400,
    call: () => ({ path: '/password-resets', body: { token: 'x'.repeat(43), password: 'paard-batterij-nietje-correct' } }),
  },
  {
    op: 'DELETE /users/{id}/factors',
    action: 'users.reset_factors',
    object: false,
    call: async () => ({ path: `/users/${(await insertUser(t.db, { role: 'analyst', passwordHash: 'not-used' })).id}/factors` }),
  },

  // Alerts: everyone's own devices, settings and open alerts; another user's device is not found (404).
  { op: 'GET /push-key', action: 'alerts.devices', call: at('/push-key') },
  { op: 'GET /account/devices', action: 'alerts.devices', call: at('/account/devices') },
  {
    op: 'POST /account/devices',
    action: 'alerts.devices',
    call: () => ({ path: '/account/devices', body: { endpoint: `https://push.example.com/${unique()}`, keys: pushKeys() } }),
  },
  { op: 'DELETE /account/devices/{id}', action: 'alerts.devices', object: false, allowed: 404, call: () => ({ path: `/account/devices/${randomUUID()}` }) },
  { op: 'GET /account/alert-settings', action: 'alerts.settings', call: at('/account/alert-settings') },
  { op: 'PUT /account/alert-settings', action: 'alerts.settings', call: () => ({ path: '/account/alert-settings', body: { muted: [] } }) },
  { op: 'GET /alerts', action: 'alerts.read', call: at('/alerts') },
  { op: 'GET /placement-requests/{id}/fit-anywhere', action: 'requests.matches', call: () => ({ path: `/placement-requests/${fx.requestA}/fit-anywhere` }) },
  { op: 'GET /quality/flags', action: 'quality.read', call: at('/quality/flags?from=2026-07-01&to=2026-09-30') },
  // An explanation of A's location: its shelter's and its region's to give.
  {
    op: 'POST /quality/explanations',
    action: 'quality.explain',
    object: true,
    call: () => ({
      path: '/quality/explanations',
      body: {
        locationId: fx.locationA,
        ruleId: 'unconfirmed',
        periodStart: '2026-07-01',
        periodEnd: '2026-09-30',
        reason: 'data_entry_late',
        text: 'Invoer liep achter',
      },
    }),
  },

  // Reports of A's region (VR09): its officer's to review; each review a fresh draft (a signed-off one is frozen).
  { op: 'GET /reports', action: 'reports.read', call: at('/reports') },
  { op: 'GET /reports/{id}', action: 'reports.read', call: () => ({ path: `/reports/${fx.reportA}` }) },
  { op: 'POST /reports/{id}/sign-off', action: 'reports.review', call: async () => ({ path: `/reports/${await freshReport()}/sign-off`, body: {} }) },
  {
    op: 'POST /reports/{id}/questions',
    action: 'reports.review',
    call: async () => ({ path: `/reports/${await freshReport()}/questions`, body: { locationId: fx.locationA, text: 'Klopt de bezetting' } }),
  },
  { op: 'GET /open/reports', action: 'open.read', call: at('/open/reports') },
  { op: 'GET /open/reports/{id}', action: 'open.read', call: () => ({ path: `/open/reports/${fx.signedReport}` }) },
  { op: 'GET /open/places', action: 'open.read', call: at('/open/places') },
  { op: 'GET /open/demand', action: 'open.read', call: at('/open/demand?format=csv-nl') },
  { op: 'GET /open/datapackage', action: 'open.read', call: at('/open/datapackage') },
];

/** A device's keys (RFC 8291): a P-256 public key and a 16-byte secret. */
function pushKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

let reportYear = 2000;
/** A draft report of A's region (VR09) for a quarter of its own. */
async function freshReport(status: 'draft' | 'signed_off' = 'draft'): Promise<string> {
  const year = reportYear++;
  const frozen =
    status === 'signed_off'
      ? {
          status,
          signed_off_at: new Date(),
          definition_version: '1',
          disclosure_version: 'sdc-1',
          snapshot: JSON.stringify({
            definitionVersion: '1',
            disclosureVersion: 'sdc-1',
            rulesVersion: 'q-1',
            regionCode: 'VR09',
            places: [],
            demand: [],
            flags: [],
            locationFlags: [],
            explanations: [],
          }),
        }
      : {};
  const { id } = await t.db
    .insertInto('quarterly_reports')
    .values({
      region_scheme: 'veiligheidsregio',
      region_code: 'VR09',
      quarter: `${year}-Q1`,
      period_start: `${year}-01-01`,
      period_end: `${year}-03-31`,
      ...frozen,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const operationOf = (op: string) => {
  const [method, path] = op.split(' ') as [string, string];
  return document.paths[path]?.[method.toLowerCase()];
};

/** The one 2xx status the document gives the operation. */
function successOf(op: string): number {
  const statuses = Object.keys(operationOf(op)?.responses ?? {})
    .map(Number)
    .filter((s) => s >= 200 && s < 300);
  expect(statuses, op).toHaveLength(1);
  return statuses[0]!;
}

/** What the policy says this asker gets. */
function expectedStatus(caller: Caller, asker: Asker): number {
  const grant = grantOf(caller.action, ROLE_OF[asker]);
  if (!grant) return asker === 'anonymous' ? 401 : 403;
  const object = caller.object ?? caller.op.includes('{id}');
  if (grant === 'own' && object && OWNS[asker] === false) return 403;
  return caller.allowed ?? successOf(caller.op);
}

async function send(caller: Caller, asker: Asker): Promise<Response> {
  const [method] = caller.op.split(' ') as [string];
  const { path, body, cookie } = await caller.call(asker);
  const client = cookie === undefined ? clients[asker] : clientWithCookie(t.app, cookie);
  if (method === 'GET') return client.get(path);
  if (method === 'DELETE') return client.delete(path);
  return client.request(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

const teamOf = async (email: string) =>
  (await t.db.selectFrom('users').select('organisation_id').where('email', '=', email).executeTakeFirstOrThrow()).organisation_id!;

beforeAll(async () => {
  t = await createTestApp('demo', { holds: { minutes: 60, extendMinutes: 30, maxActive: 100 } });
  const logins = await Promise.all(Object.values(LOGINS).map((email) => loginAs(t.app, email)));
  clients = { anonymous: clientWithCookie(t.app, null), ...Object.fromEntries(Object.keys(LOGINS).map((asker, i) => [asker, logins[i]!])) } as Record<
    Asker,
    Client
  >;
  document = await (await t.app.request('/api/v1/openapi.json')).json();

  const staff = await t.db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
  const location = await t.db
    .selectFrom('locations')
    .select(['id', 'municipality_code'])
    .where('organisation_id', '=', staff.organisation_id!)
    .where('serves', '<>', 'men')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const { seq } = await t.db
    .selectFrom('place_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  fx = {
    organisationA: staff.organisation_id!,
    locationA: location.id,
    municipalityA: location.municipality_code,
    placeA: '',
    requestA: '',
    holdA: '',
    changesAfter: String(seq),
    reportA: '',
    signedReport: '',
  };
  fx.reportA = await freshReport();
  fx.signedReport = await freshReport('signed_off');
  fx.placeA = (await freshBed()).id;
  fx.requestA = (await newRequest(clients.crisis)).id;
  fx.holdA = (await freshHold()).id;
});
afterAll(() => t.drop());

describe('every route has a policy', () => {
  it('every route of the API is in the OpenAPI document with x-policy naming actions of the policy module', () => {
    const api = createApiRouter({ db: t.db, config: t.config });
    const routed = new Set(api.routes.filter((r) => r.path !== '/openapi.json').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
    const missing = [...routed].filter((op) => !operationOf(op)?.['x-policy']?.length);
    expect(missing).toEqual([]);
    const unknown = Object.values(document.paths)
      .flatMap((ops) => Object.values(ops).flatMap((o) => o['x-policy'] ?? []))
      .filter((action) => !(action in POLICY));
    expect(unknown).toEqual([]);
  });

  it('every operation and each of its actions has a caller here, and nothing else', () => {
    const served = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([m, o]) => (o['x-policy'] ?? ['(none)']).map((action) => `${m.toUpperCase()} ${path} ${action}`)),
    );
    const covered = CALLERS.map((c) => `${c.op} ${c.action}`);
    expect(served.filter((s) => !covered.includes(s))).toEqual([]);
    expect(covered.filter((c) => !served.includes(c))).toEqual([]);
  });
});

describe('authorization matrix, from the policy', () => {
  it.each(CALLERS.map((c) => [`${c.op} (${c.action})`, c] as const))('%s', async (_name, caller) => {
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    const undocumented: string[] = [];
    for (const asker of ASKERS) {
      const response = await send(caller, asker);
      actual[asker] = response.status;
      expected[asker] = expectedStatus(caller, asker);
      if (!operationOf(caller.op)?.responses[String(response.status)]) undocumented.push(`${asker}: ${response.status}`);
      if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await response.body?.cancel();
    }
    expect(actual).toEqual(expected);
    // Every status an asker gets is one the document promises for that operation.
    expect(undocumented).toEqual([]);
  });
});

describe("lists under an `own` grant hold only the asker's own", () => {
  it("shelter staff see their organisation's places, locations and holds; crisis workers their team's requests and holds", async () => {
    const [teamA, teamB] = await Promise.all([teamOf(DEMO.crisis), teamOf(DEMO.crisis2)]);
    const ownRequest = (await newRequest(clients.otherTeam)).id;
    const requestsOf = async (asker: Asker) =>
      ((await (await clients[asker].get('/placement-requests')).json()).items as Array<{ id: string }>).map((r) => r.id);
    expect(await requestsOf('crisis')).toContain(fx.requestA);
    expect(await requestsOf('otherTeam')).toContain(ownRequest);
    expect(await requestsOf('otherTeam')).not.toContain(fx.requestA);
    const teams = await t.db
      .selectFrom('placement_requests')
      .select('team_id')
      .where('id', 'in', await requestsOf('otherTeam'))
      .execute();
    expect(new Set(teams.map((r) => r.team_id))).toEqual(new Set([teamB]));

    const holdsOf = async (asker: Asker, query = '') =>
      ((await (await clients[asker].get(`/holds${query}`)).json()).items as Array<{ id: string }>).map((h) => h.id);
    expect(await holdsOf('crisis')).toContain(fx.holdA);
    expect(await holdsOf('staff')).toContain(fx.holdA);
    expect(await holdsOf('otherTeam')).not.toContain(fx.holdA);
    expect(await holdsOf('otherStaff')).not.toContain(fx.holdA);
    expect(await holdsOf('otherTeam', `?requestId=${fx.requestA}`)).toEqual([]);
    expect(teamA).not.toBe(teamB);

    const placesOf = async (asker: Asker) =>
      ((await (await clients[asker].get('/places?pageSize=500')).json()).items as Array<{ id: string }>).map((p) => p.id);
    expect(await placesOf('staff')).toContain(fx.placeA);
    expect(await placesOf('otherStaff')).not.toContain(fx.placeA);
  });
});

describe("another team's cases (the attack)", () => {
  /** Refusals written for this user. */
  const refusalCount = async (email: string) =>
    Number(
      (
        await t.db
          .selectFrom('audit_log')
          .innerJoin('users', 'users.id', 'audit_log.actor_user_id')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('users.email', '=', email)
          .where('action', '=', 'access.refused')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("every request and hold route refuses team A's ids to team B, all at once, audited, and changes nothing", async () => {
    const request = await newRequest(clients.crisis);
    const { id: holdId } = await freshHold();
    const bed = await freshBed();
    const before = await refusalCount(DEMO.crisis2);
    const b = clients.otherTeam;
    const attacks = await Promise.all([
      b.get(`/placement-requests/${request.id}`),
      b.get(`/placement-requests/${request.id}/matches`),
      b.patch(`/placement-requests/${request.id}`, { status: 'withdrawn' }),
      b.patch(`/placement-requests/${request.id}/household`, { needs: { pet: true } }),
      b.post('/holds', { requestId: request.id, placeId: bed.id }),
      b.get(`/holds/${holdId}`),
      b.patch(`/holds/${holdId}`, { action: 'extend' }),
      b.patch(`/holds/${holdId}`, { action: 'release' }),
      // The same again, concurrently: a race does not slip one through.
      b.patch(`/holds/${holdId}`, { action: 'release' }),
      b.patch(`/placement-requests/${request.id}`, { status: 'withdrawn' }),
    ]);
    expect(attacks.map((r) => r.status)).toEqual(attacks.map(() => 403));
    expect(await refusalCount(DEMO.crisis2)).toBe(before + attacks.length);

    const [stillOpen, stillHeld, stillAvailable] = await Promise.all([
      t.db.selectFrom('placement_requests').select('status').where('id', '=', request.id).executeTakeFirstOrThrow(),
      t.db.selectFrom('holds').select(['status', 'extended']).where('id', '=', holdId).executeTakeFirstOrThrow(),
      t.db.selectFrom('places').select('status').where('id', '=', bed.id).executeTakeFirstOrThrow(),
    ]);
    expect(stillOpen.status).toBe('open');
    expect(stillHeld).toEqual({ status: 'active', extended: false });
    expect(stillAvailable.status).toBe('available');
    // Nor did the answers carry anything of the case: a bare problem, the same for all.
    const details = new Set(
      await Promise.all(
        attacks.map(async (r) => {
          const { detail, ...rest } = await r.json();
          expect(Object.keys(rest).sort()).toEqual(['code', 'instance', 'status', 'title', 'type']);
          return detail;
        }),
      ),
    );
    expect([...details]).toEqual(['This belongs to another crisis team.']);
  });

  it('never shows team B where team A placed a household', async () => {
    const { id: holdId } = await freshHold();
    expect((await clients.staff.patch(`/holds/${holdId}`, { action: 'accept' })).status).toBe(200);
    const { request_id: requestId, place_id: placeId } = await t.db
      .selectFrom('holds')
      .select(['request_id', 'place_id'])
      .where('id', '=', holdId)
      .executeTakeFirstOrThrow();
    expect((await (await clients.crisis.get(`/placement-requests/${requestId}`)).json()).placedPlaceId).toBe(placeId);
    expect((await clients.otherTeam.get(`/placement-requests/${requestId}`)).status).toBe(403);
    const seen = await Promise.all(
      ['/placement-requests?status=placed', '/holds?status=accepted', `/holds?requestId=${requestId}`].map(async (path) =>
        (await clients.otherTeam.get(path)).text(),
      ),
    );
    for (const text of seen) {
      expect(text).not.toContain(requestId);
      expect(text).not.toContain(holdId);
    }
  });

  it('a colleague of the same team takes a case over: reads, extends and releases the hold, closes the request', async () => {
    const colleague = await insertUser(t.db, {
      role: 'crisis_worker',
      organisationId: await teamOf(DEMO.crisis),
      passwordHash: await hashPassword('a-long-test-password'),
    });
    const c = await loginAs(t.app, colleague.email, 'a-long-test-password');
    const { id: holdId } = await freshHold();
    const hold = await (await c.get(`/holds/${holdId}`)).json();
    expect(hold.intakePhone).toMatch(/\d/);
    expect((await c.patch(`/holds/${holdId}`, { action: 'extend' })).status).toBe(200);
    expect((await c.patch(`/holds/${holdId}`, { action: 'release' })).status).toBe(200);
    expect((await c.patch(`/placement-requests/${hold.requestId}`, { status: 'withdrawn' })).status).toBe(200);
  });
});

describe('confidential addresses', () => {
  it('never reach a crisis worker, an analyst or a region officer, from any GET route', async () => {
    const locations = await t.db.selectFrom('locations').select(['street_address', 'postal_code']).execute();
    const secrets = locations.flatMap((l) => [l.street_address, l.postal_code]);
    const addressIn = (text: string) =>
      [/"(address|street|streetAddress|postalCode|city)"\s*:/.exec(text)?.[0], secrets.find((s) => text.includes(s))].filter(Boolean).join(', ');
    // The search finds an address where one is allowed, so its silence below means something.
    expect(addressIn(await (await clients.staff.get('/locations')).text())).not.toBe('');

    const leaks: string[] = [];
    for (const caller of CALLERS.filter((c) => c.op.startsWith('GET '))) {
      for (const asker of ['crisis', 'otherTeam', 'analyst', 'region'] as const) {
        const found = addressIn(await (await send(caller, asker)).text());
        if (found) leaks.push(`${asker} ${caller.op}: ${found}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("are read by a location's own staff, and each read is in the audit log", async () => {
    const response = await clients.staff.get(`/locations/${fx.locationA}`);
    const { street_address } = await t.db.selectFrom('locations').select('street_address').where('id', '=', fx.locationA).executeTakeFirstOrThrow();
    expect((await response.json()).address.street).toBe(street_address);
    const entry = await t.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select(['audit_log.subject_id'])
      .where('users.email', '=', DEMO.shelter)
      .where('action', '=', 'location.address_read')
      .orderBy('audit_log.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe(fx.locationA);
  });
});

describe('intake phone', () => {
  it('is shown to the team that holds the place, never to another team', async () => {
    const mine = await (await clients.crisis.get(`/holds/${fx.holdA}`)).json();
    expect(mine.intakePhone).toMatch(/\d/);
    expect((await clients.otherTeam.get(`/holds/${fx.holdA}`)).status).toBe(403);
    const listed = (await (await clients.otherTeam.get('/holds')).json()).items as Array<{ id: string }>;
    expect(listed.map((h) => h.id)).not.toContain(fx.holdA);
  });
});

describe('refused accesses', () => {
  /** The audit entries of refusals to this user on this path. */
  function refusals(email: string, path: string) {
    return t.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select('audit_log.detail')
      .where('users.email', '=', email)
      .where('action', '=', 'access.refused')
      .where(sql<boolean>`audit_log.detail->>'path' = ${`/api/v1${path}`}`)
      .orderBy('audit_log.id', 'desc')
      .execute();
  }

  it.each([
    ["shelter staff reading another organisation's location", 'otherStaff', DEMO.shelter2, (): string => `/locations/${fx.locationA}`],
    ['an analyst asking for single placement requests', 'analyst', DEMO.analyst, (): string => '/placement-requests'],
    ['an analyst asking for the feed of single changes', 'analyst', DEMO.analyst, (): string => `/changes?after=${fx.changesAfter}`],
    ["a crisis worker reading another team's request", 'otherTeam', DEMO.crisis2, (): string => `/placement-requests/${fx.requestA}`],
  ] as const)('are written to the audit log: %s', async (_name, asker, email, path) => {
    const pathOnly = path().split('?')[0]!;
    const before = await refusals(email, pathOnly);
    expect((await clients[asker].get(path())).status).toBe(403);
    const after = await refusals(email, pathOnly);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]!.detail).toEqual({ method: 'GET', path: `/api/v1${pathOnly}` });
  });
});
