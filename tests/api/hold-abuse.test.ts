import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../server/config.ts';
import { expireDueHolds } from '../../server/holds/hold-changes.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestApp, problemOf, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { insertBed, newRequest } from '../helpers/factories.ts';

// Issue 12: a crisis worker collected 78 intake phones in 2 seconds by holding and releasing, and an
// accepted hold kept its phone visible for good. Now: holds per worker per hour (429 after), the
// hold-then-release pattern audited as abuse.suspected, and the phone shown only while it is needed.

const LIMITS = { perHour: 4, flagReleases: 3, flagMinutes: 30, phoneHours: 2 };

let t: TestApp;
let admin: Client;
let locationId: string;
let organisationId: string;

beforeAll(async () => {
  // maxActive high, so only the hourly limit is what stops a worker here.
  t = await createTestApp('demo', { holds: { minutes: 60, extendMinutes: 30, maxActive: 100 }, holdLimits: LIMITS });
  admin = await loginAs(t.app, DEMO.admin);
  const location = await t.db
    .selectFrom('locations')
    .select(['id', 'organisation_id'])
    .where('serves', 'in', ['women', 'all'])
    .limit(1)
    .executeTakeFirstOrThrow();
  [locationId, organisationId] = [location.id, location.organisation_id];
});
afterAll(() => t.drop());

interface HoldBody {
  id: string;
  intakePhone: string | null;
}

async function hold(worker: Client): Promise<Response> {
  const [request, place] = await Promise.all([newRequest(worker), insertBed(t.db, locationId)]);
  return worker.post('/holds', { requestId: request.id, placeId: place.id });
}

const idOf = async (client: Client) => ((await (await client.get('/sessions/current')).json()) as { user: { id: string } }).user.id;

/** Every intake phone a worker can read back: its holds' list and each hold on its own. */
async function phonesReadable(worker: Client): Promise<Array<string | null>> {
  const { items } = (await (await worker.get('/holds')).json()) as { items: HoldBody[] };
  const single = await Promise.all(items.map(async (h) => ((await (await worker.get(`/holds/${h.id}`)).json()) as HoldBody).intakePhone));
  return [...items.map((h) => h.intakePhone), ...single];
}

describe('holding and releasing in a loop', () => {
  it('collects at most the hourly limit of intake phones; then 429 problem+json with Retry-After', async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    const phonesSeen: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LIMITS.perHour; i++) {
      const response = await hold(worker);
      statuses.push(response.status);
      if (response.status === 201) {
        const body = (await response.json()) as HoldBody;
        if (body.intakePhone) phonesSeen.push(body.intakePhone);
        expect((await worker.patch(`/holds/${body.id}`, { action: 'release' })).status).toBe(200);
      } else {
        expect(response.status).toBe(429);
        expect((await problemOf(response)).status).toBe(429);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
      }
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMITS.perHour);
    expect(phonesSeen).toHaveLength(LIMITS.perHour);
    // Released holds show no phone when read back.
    expect((await phonesReadable(worker)).filter(Boolean)).toEqual([]);
  });

  it('holds at most the limit when the attempts come in parallel', async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    const responses = await Promise.all(Array.from({ length: 3 * LIMITS.perHour }, () => hold(worker)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(LIMITS.perHour);
    expect(responses.filter((r) => r.status !== 201).map((r) => r.status)).toEqual(Array(2 * LIMITS.perHour).fill(429));
  });

  it('is allowed again once the hour has passed', async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    for (let i = 0; i < LIMITS.perHour; i++) expect((await hold(worker)).status).toBe(201);
    expect((await hold(worker)).status).toBe(429);
    const id = await idOf(worker);
    await sql`UPDATE holds SET created_at = created_at - interval '61 minutes', expires_at = expires_at - interval '61 minutes'
      WHERE created_by = ${id} AND status = 'active'`.execute(t.db);
    expect((await hold(worker)).status).toBe(201);
  });

  it('is written to the audit log as abuse.suspected, once per so many releases, with codes only', async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    const id = await idOf(worker);
    const flags = () =>
      t.db
        .selectFrom('audit_log')
        .select(['subject_type', 'subject_id', 'detail'])
        .where('action', '=', 'abuse.suspected')
        .where('actor_user_id', '=', id)
        .execute();
    for (let i = 0; i < LIMITS.perHour; i++) {
      const body = (await (await hold(worker)).json()) as HoldBody;
      expect((await worker.patch(`/holds/${body.id}`, { action: 'release' })).status).toBe(200);
      expect(await flags(), `after ${i + 1} releases`).toHaveLength(i + 1 >= LIMITS.flagReleases ? 1 : 0);
    }
    expect(await flags()).toEqual([
      { subject_type: 'user', subject_id: id, detail: { pattern: 'hold_release', releases: LIMITS.flagReleases, minutes: LIMITS.flagMinutes } },
    ]);
  });

  it("counts all of the maker's holds: released by a colleague of the team, or left to expire", async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    const me = (await (await worker.get('/sessions/current')).json()) as { user: { id: string; organisationId: string } };
    const colleague = await newAccount(t.app, admin, 'crisis_worker', me.user.organisationId);
    const flagsOf = () =>
      t.db.selectFrom('audit_log').select(['subject_id', 'detail']).where('action', '=', 'abuse.suspected').where('subject_id', '=', me.user.id).execute();
    // One hold left to expire, then the colleague releases the others: neither hand flags on its own.
    const expiring = (await (await hold(worker)).json()) as HoldBody;
    await sql`UPDATE holds SET created_at = now() - interval '2 seconds', expires_at = now() - interval '1 second' WHERE id = ${expiring.id}`.execute(t.db);
    await expireDueHolds(t.db);
    for (let i = 1; i < LIMITS.flagReleases; i++) {
      const body = (await (await hold(worker)).json()) as HoldBody;
      expect((await colleague.patch(`/holds/${body.id}`, { action: 'release' })).status).toBe(200);
    }
    expect(await flagsOf()).toEqual([
      { subject_id: me.user.id, detail: { pattern: 'hold_release', releases: LIMITS.flagReleases, minutes: LIMITS.flagMinutes } },
    ]);
  });

  it('is not flagged for releases an admin makes for a worker', async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    for (let i = 0; i < LIMITS.flagReleases; i++) {
      const body = (await (await hold(worker)).json()) as HoldBody;
      expect((await admin.patch(`/holds/${body.id}`, { action: 'release' })).status).toBe(200);
    }
    const flagged = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'abuse.suspected')
      .where('subject_id', '=', await idOf(worker))
      .execute();
    expect(flagged).toEqual([]);
  });
});

describe('the intake phone', () => {
  it('is shown during the hold and for phoneHours after acceptance, then no more', async () => {
    const worker = await newAccount(t.app, admin, 'crisis_worker');
    const shelter = await newAccount(t.app, admin, 'shelter_staff', organisationId);
    const held = (await (await hold(worker)).json()) as HoldBody;
    expect(held.intakePhone).toMatch(/\d/);
    expect((await shelter.patch(`/holds/${held.id}`, { action: 'accept' })).status).toBe(200);
    const read = async () => ((await (await worker.get(`/holds/${held.id}`)).json()) as HoldBody).intakePhone;
    expect(await read()).toBe(held.intakePhone);

    await sql`UPDATE holds SET ended_at = now() - make_interval(mins => ${LIMITS.phoneHours * 60 - 5}) WHERE id = ${held.id}`.execute(t.db);
    expect(await read()).toBe(held.intakePhone);
    await sql`UPDATE holds SET ended_at = now() - make_interval(mins => ${LIMITS.phoneHours * 60 + 1}) WHERE id = ${held.id}`.execute(t.db);
    expect(await read()).toBeNull();
    expect((await phonesReadable(worker)).filter(Boolean)).toEqual([]);
  });
});

describe('the limits are settings', () => {
  it('read from the environment, a bad value stopping the program with its name', () => {
    expect(loadConfig({ HOLDS_PER_HOUR: '12', HOLD_RELEASES_FLAGGED: '4', HOLD_RELEASES_MINUTES: '20', INTAKE_PHONE_HOURS: '6' }).holdLimits).toEqual({
      perHour: 12,
      flagReleases: 4,
      flagMinutes: 20,
      phoneHours: 6,
    });
    for (const [name, value] of [
      ['HOLDS_PER_HOUR', '0'],
      ['HOLD_RELEASES_FLAGGED', 'many'],
      ['INTAKE_PHONE_HOURS', '-1'],
    ]) {
      expect(() => loadConfig({ [name!]: value }), name).toThrow(new RegExp(name!));
    }
  });
});
