import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseCsv } from '../../db/csv.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { draftReportsIfQuarterEnds } from '../../server/reports/draft-reports.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, clientWithCookie, DEMO, loginAs } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';

// Quarterly reports and open data (issue 16): the third quarter of 2026 closes (the rollups close its
// last day), reports are drafted, the region officer asks the shelter a question, the shelter explains,
// the officer signs off, and the frozen figures are open data without a login.

let t: TestApp;
let region: Client;
let staff: Client;
let admin: Client;
let otherRegion: Client;
let anonymous: Client;
let locationId: string;

beforeAll(async () => {
  t = await createTestApp('demo');
  const shelter = await t.db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
  ({ id: locationId } = await t.db
    .selectFrom('locations')
    .select('id')
    .where('organisation_id', '=', shelter.organisation_id!)
    .where('region_code', '=', 'VR09')
    .orderBy('id')
    .executeTakeFirstOrThrow());
  // A place registered in June and never confirmed: the quarter has flags.
  const place = await t.db
    .insertInto('places')
    .values({
      location_id: locationId,
      label: 'Bed oud',
      kind: 'bed',
      beds: 1,
      max_adults: 1,
      max_children: 0,
      accessibility: 'none',
      status: 'available',
      unavailable_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('place_events')
    .values({
      place_id: place.id,
      occurred_at: new Date('2026-06-01T10:00:00+02:00'),
      type: 'registered',
      status: 'available',
      unavailable_reason: null,
      version: 1,
    })
    .execute();
  const password = 'een-lang-wachtwoord-voor-tests';
  const officer = await insertUser(t.db, { role: 'region_officer', regionCode: 'VR01', passwordHash: await hashPassword(password) });
  [region, staff, admin, otherRegion] = await Promise.all([
    loginAs(t.app, DEMO.region),
    loginAs(t.app, DEMO.shelter),
    loginAs(t.app, DEMO.admin),
    loginAs(t.app, officer.email, password),
  ]);
  anonymous = clientWithCookie(t.app, null);
}, 120_000);
afterAll(() => t.drop());

interface Summary {
  id: string;
  regionCode: string | null;
  quarter: string;
  status: string;
}
const reportsOf = async (client: Client): Promise<Summary[]> => (await (await client.get('/reports')).json()).items;

describe("a quarter's cycle", () => {
  let reportId: string;

  it("is drafted by the rollups closing the quarter's last day, once, even with two closers at once; reading /reports drafts nothing", async () => {
    const drafted = async (quarter: string) =>
      (await t.db.selectFrom('quarterly_reports').select('region_code').where('quarter', '=', quarter).execute()).length;
    await closeDays(t.db, { through: '2026-09-29', freshnessHours: 24 });
    expect(await drafted('2026-Q3')).toBe(0);
    expect((await reportsOf(region)).filter((r) => r.quarter === '2026-Q3')).toEqual([]);
    expect(await drafted('2026-Q3')).toBe(0);
    // The test's clock: two nodes' rollup jobs close 30 September at the same moment.
    const closers = await Promise.all([0, 1].map(() => closeDays(t.db, { through: '2026-09-30', freshnessHours: 24 })));
    expect(closers.map((c) => c.closed).sort()).toEqual([0, 1]);
    // 25 regions and the nation, straight from the table: nobody has read /reports yet.
    expect(await drafted('2026-Q3')).toBe(26);
    // Closing the second quarter's last day (30 June, on the way here) drafted that one too.
    expect(await drafted('2026-Q2')).toBe(26);
    // A re-run changes nothing.
    await closeDays(t.db, { through: '2026-09-30', freshnessHours: 24 });
    await t.db.transaction().execute((trx) => draftReportsIfQuarterEnds(trx, '2026-09-30'));
    expect(await drafted('2026-Q3')).toBe(26);

    const mine = (await reportsOf(region)).filter((r) => r.quarter === '2026-Q3');
    expect(mine.map((r) => [r.regionCode, r.quarter, r.status])).toEqual([['VR09', '2026-Q3', 'draft']]);
    reportId = mine[0]!.id;
    const detail = await region.get(`/reports/${reportId}`);
    expect(detail.status, await detail.clone().text()).toBe(200);
    const all = await reportsOf(admin);
    expect(all.filter((r) => r.quarter === '2026-Q3')).toHaveLength(26);
    expect(all.some((r) => r.regionCode === null)).toBe(true);
  });

  it("is reviewed by its region officer only: another region's officer, shelters and the public are refused", async () => {
    const review = await (await region.get(`/reports/${reportId}`)).json();
    expect(review.content.locationFlags.map((f: { ruleId: string; locationId: string }) => f.locationId)).toContain(locationId);
    expect(review.content).toMatchObject({ definitionVersion: '1', disclosureVersion: 'sdc-1', regionCode: 'VR09' });
    expect((await otherRegion.get(`/reports/${reportId}`)).status).toBe(403);
    expect((await otherRegion.post(`/reports/${reportId}/sign-off`)).status).toBe(403);
    expect((await staff.get(`/reports/${reportId}`)).status).toBe(403);
    expect((await anonymous.get(`/reports/${reportId}`)).status).toBe(401);
    expect((await anonymous.get(`/open/reports/${reportId}`)).status).toBe(404);
    const national = (await reportsOf(admin)).find((r) => r.regionCode === null && r.quarter === '2026-Q3')!;
    expect((await region.post(`/reports/${national.id}/sign-off`)).status).toBe(403);
  });

  it('sends a question back to the shelter, which sees it and explains', async () => {
    const asked = await region.post(`/reports/${reportId}/questions`, { locationId, text: 'Waarom is dit bed niet bevestigd' });
    expect(asked.status).toBe(201);
    expect((await reportsOf(region)).find((r) => r.id === reportId)!.status).toBe('question');
    const flags = await (await staff.get('/quality/flags?from=2026-07-01&to=2026-09-30')).json();
    expect(flags.questions.map((q: { text: string }) => q.text)).toContain('Waarom is dit bed niet bevestigd');
    const other = await t.db.selectFrom('locations').select('id').where('region_code', '=', 'VR13').executeTakeFirstOrThrow();
    const wrong = await region.post(`/reports/${reportId}/questions`, { locationId: other.id, text: 'Klopt dit' });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).invalidParams[0].name).toBe('body.locationId');
    expect(
      (
        await staff.post('/quality/explanations', {
          locationId,
          ruleId: 'unconfirmed',
          periodStart: '2026-07-01',
          periodEnd: '2026-09-30',
          reason: 'data_entry_late',
          text: 'Het bed stond dubbel in het register',
        })
      ).status,
    ).toBe(201);
  });

  it('is signed off and frozen as a versioned snapshot, refused a second time and by the database', async () => {
    const signed = await region.post(`/reports/${reportId}/sign-off`);
    expect(signed.status).toBe(200);
    const report = await signed.json();
    expect(report).toMatchObject({ status: 'signed_off', definitionVersion: '1', disclosureVersion: 'sdc-1' });
    expect(report.content.explanations.map((e: { text: string }) => e.text)).toContain('Het bed stond dubbel in het register');
    expect((await region.post(`/reports/${reportId}/sign-off`)).status).toBe(409);
    expect((await region.post(`/reports/${reportId}/questions`, { locationId, text: 'Nog een vraag' })).status).toBe(409);
    await expect(t.db.updateTable('quarterly_reports').set({ status: 'draft' }).where('id', '=', reportId).execute()).rejects.toThrow(/frozen/);
    // A later explanation does not change what was signed off.
    await staff.post('/quality/explanations', { locationId, periodStart: '2026-07-01', periodEnd: '2026-09-30', reason: 'other', text: 'Later toegevoegd' });
    const again = await (await region.get(`/reports/${reportId}`)).json();
    expect(again.content).toEqual(report.content);
  });

  it('is open data without a login: aggregates only, CORS open, cached, JSON, CSV and Dutch CSV', async () => {
    const listed = await anonymous.get('/open/reports');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('*');
    expect(listed.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect((await listed.json()).items.map((r: { id: string }) => r.id)).toEqual([reportId]);
    // Only a successful answer may be kept by a cache: a refusal or a miss stays no-store.
    const missing = await anonymous.get('/open/reports/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');

    const open = await anonymous.get(`/open/reports/${reportId}`);
    const text = await open.text();
    expect(JSON.parse(text).figures).toMatchObject({ regionCode: 'VR09', disclosureVersion: 'sdc-1' });
    for (const secret of [locationId, 'Het bed stond dubbel', 'Waarom is dit bed', 'locationFlags', 'explanations']) expect(text).not.toContain(secret);

    const csv = await (await anonymous.get('/open/places?format=csv')).text();
    expect(csv.split('\r\n')[0]).toBe(
      'definitionVersion,disclosureVersion,quarter,reportRegionCode,period,kind,places,beds,occupancyRate,unavailableShare,unknownShare',
    );
    const nl = await anonymous.get('/open/places?format=csv-nl&quarter=2026-Q3');
    expect(nl.headers.get('content-disposition')).toContain('-nl.csv');
    const bytes = new Uint8Array(await nl.arrayBuffer());
    // The BOM (a decoder such as Response.text() drops it, Excel needs it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes);
    const rows = parseCsv(body, ';');
    expect(rows[0]!.slice(0, 7)).toEqual(['definitieversie', 'beveiligingsversie', 'kwartaal', 'rapport_regiocode', 'periode', 'soort_plek', 'plekken']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((row) => !row.some((cell) => /^\d+\.\d+$/.test(cell)))).toBe(true);
    const datapackage = await (await anonymous.get('/open/datapackage')).json();
    expect(datapackage.resources.map((r: { name: string }) => r.name)).toEqual(['places', 'demand']);
  });
});
