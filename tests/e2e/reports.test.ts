import { expect, it } from 'vitest';

import { closeDays } from '../../server/statistics/rollups.ts';
import { accessibilityViolations, openAs, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// Issue 16's whole cycle in a real Chromium: the third quarter of 2026 closes (the rollups close its
// last day: the test's clock), a quality flag is raised, the shelter explains it, the region officer
// signs off, the public page shows the figures without a login, and the report prints to a PDF.

const dashboard = useDashboard();
const DESKTOP = { width: 1280, height: 900 };

it('a quarter closes, is explained, signed off, published and printed', async () => {
  const db = dashboard.server.db;
  const shelter = await db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
  const location = await db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('organisation_id', '=', shelter.organisation_id!)
    .where('region_code', '=', 'VR09')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  // A bed registered in June and never confirmed since: stale all quarter.
  const place = await db
    .insertInto('places')
    .values({
      location_id: location.id,
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
  await db
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
  await closeDays(db, { through: '2026-09-30', freshnessHours: 24 });

  // The shelter sees the flag on its data-quality page and explains it.
  const staff = await openAs(dashboard.browser, dashboard.server.url, DEMO.shelter, DESKTOP);
  await staff.getByRole('link', { name: 'Datakwaliteit' }).click();
  await staff.getByRole('heading', { name: 'Datakwaliteit van mijn locaties' }).waitFor();
  await staff.getByText(`${location.name}: Status niet bevestigd`).first().waitFor();
  await staff.getByLabel('Signaal', { exact: true }).selectOption({ label: `${location.name}: Status niet bevestigd` });
  await staff.getByLabel('Reden').selectOption('data_entry_late');
  await staff.getByLabel('Toelichting', { exact: true }).fill('Het bed stond dubbel in het register');
  await staff.getByRole('button', { name: 'Toelichting opslaan' }).click();
  await staff.getByRole('status').filter({ hasText: 'De toelichting is opgeslagen.' }).waitFor();
  expect(await accessibilityViolations(staff)).toEqual([]);

  // The region officer reviews the drafted report: the flag and the explanation, then signs off.
  const officer = await openAs(dashboard.browser, dashboard.server.url, DEMO.region, DESKTOP);
  await officer.getByRole('heading', { name: 'Kwartaalrapportages' }).waitFor();
  await officer.getByRole('button', { name: 'Bekijk 2026-Q3 Utrecht' }).click();
  await officer.getByText('Het bed stond dubbel in het register').waitFor();
  await officer
    .getByRole('cell', { name: new RegExp(location.name) })
    .first()
    .waitFor();
  expect(await accessibilityViolations(officer)).toEqual([]);
  await officer.getByRole('button', { name: 'Cijfers vaststellen' }).click();
  await officer.getByRole('status').filter({ hasText: 'Vastgesteld. Definitie 1, beveiliging sdc-1.' }).waitFor();

  // The printable report: the print stylesheet leaves the report only; Chromium renders it to a PDF,
  // and the printed page as a PNG.
  await officer.emulateMedia({ media: 'print' });
  const pdf = await officer.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  expect(await officer.getByRole('button', { name: 'Cijfers vaststellen' }).count()).toBe(0);
  expect(await officer.locator('nav.main-nav').isVisible()).toBe(false);
  const png = await officer.screenshot({ fullPage: true });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(10_000);

  // The public page, in a fresh browser context without a login.
  const anonymous = await (await dashboard.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await anonymous.goto(`${dashboard.server.url}/open-data`);
  await anonymous.getByRole('heading', { name: 'Open data noodplekken' }).waitFor();
  await anonymous.getByRole('heading', { name: 'Utrecht 2026-Q3' }).waitFor();
  await anonymous.getByText('Definitie 1 · beveiliging sdc-1 · regels q-2').waitFor();
  const text = await anonymous.locator('main').innerText();
  expect(text).not.toContain(location.name);
  expect(text).not.toContain('Het bed stond dubbel');
  expect(await accessibilityViolations(anonymous)).toEqual([]);
  await Promise.all([staff.context().close(), officer.context().close(), anonymous.context().close()]);
}, 300_000);
