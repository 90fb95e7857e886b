import { PNG } from 'pngjs';
import { expect, it } from 'vitest';

import { closeDays } from '../../server/statistics/rollups.ts';
import { accessibilityViolations, openAs, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { rasterizePdfPage } from '../helpers/pdf-raster.ts';

// Issue 16's whole cycle in a real Chromium, as its users do it: the third quarter of 2026 closes (the
// rollups close its last day: the test's clock) and its reports are drafted, a quality flag is raised,
// the region officer asks the shelter about it, the shelter explains, the officer explains the region's
// quarter and signs off, the report prints to a PDF whose first page becomes a PNG, and the public page
// shows the figures without a login.

const dashboard = useDashboard();
const DESKTOP = { width: 1280, height: 900 };

it('a quarter closes, is questioned, explained, signed off, printed and published', async () => {
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
  // The test's clock: the rollups close 30 September, the quarter's last day, and so draft its reports.
  await closeDays(db, { through: '2026-09-30', freshnessHours: 24 });
  const draft = await db
    .selectFrom('quarterly_reports')
    .select('status')
    .where('quarter', '=', '2026-Q3')
    .where('region_code', '=', 'VR09')
    .executeTakeFirstOrThrow();
  expect(draft.status).toBe('draft');

  // The region officer opens the draft, sees the flag at the location, and sends the shelter a question.
  const officer = await openAs(dashboard.browser, dashboard.server.url, DEMO.region, DESKTOP);
  await officer.getByRole('heading', { name: 'Kwartaalrapportages' }).waitFor();
  await officer.getByRole('button', { name: 'Bekijk 2026-Q3 Utrecht' }).click();
  await officer
    .getByRole('cell', { name: new RegExp(location.name) })
    .first()
    .waitFor();
  await officer.getByLabel('Locatie', { exact: true }).selectOption({ label: location.name });
  await officer.getByLabel('Vraag', { exact: true }).fill('Waarom is dit bed het hele kwartaal niet bevestigd');
  await officer.getByRole('button', { name: 'Vraag versturen' }).click();
  await officer.getByRole('status').filter({ hasText: 'De vraag is verstuurd.' }).waitFor();
  await officer.getByRole('heading', { name: 'Utrecht 2026-Q3 – vraag uitgezet' }).waitFor();

  // The shelter finds the question and the flag on its data-quality page (its browser's clock: early
  // October, so the last closed quarter is the third), and explains the flag.
  const staff = await openAs(dashboard.browser, dashboard.server.url, DEMO.shelter, DESKTOP);
  await staff.clock.setFixedTime(new Date('2026-10-01T09:00:00+02:00'));
  await staff.getByRole('link', { name: 'Datakwaliteit' }).click();
  await staff.getByRole('heading', { name: 'Datakwaliteit van mijn locaties' }).waitFor();
  await staff.getByText('Waarom is dit bed het hele kwartaal niet bevestigd').waitFor();
  await staff.getByText(`${location.name}: Status niet bevestigd`).first().waitFor();
  await staff.getByLabel('Signaal', { exact: true }).selectOption({ label: `${location.name}: Status niet bevestigd` });
  await staff.getByLabel('Reden').selectOption('data_entry_late');
  await staff.getByLabel('Toelichting', { exact: true }).fill('Het bed stond dubbel in het register');
  await staff.getByRole('button', { name: 'Toelichting opslaan' }).click();
  await staff.getByRole('status').filter({ hasText: 'De toelichting is opgeslagen.' }).waitFor();
  expect(await accessibilityViolations(staff)).toEqual([]);

  // The officer sees the shelter's answer and explains the region's quarter as a whole. A date of birth
  // in the text is refused at the field, in Dutch, with focus there; nothing is saved.
  await officer.getByRole('button', { name: 'Bekijk 2026-Q3 Utrecht' }).click();
  await officer.getByText('Het bed stond dubbel in het register').waitFor();
  await officer.getByLabel('Signaal', { exact: true }).selectOption({ label: 'Utrecht als geheel' });
  await officer.getByLabel('Reden').selectOption('building_works');
  const text = officer.getByLabel('Toelichting', { exact: true });
  await text.fill('Cliënt geboren 12-03-1988 telde dubbel');
  await officer.getByRole('button', { name: 'Toelichting opslaan' }).click();
  await officer.locator('#explain-text-error').filter({ hasText: 'Dit lijkt op persoonsgegevens' }).waitFor();
  expect(await text.getAttribute('aria-invalid')).toBe('true');
  expect(await officer.evaluate(() => document.activeElement?.id)).toBe('explain-text');
  expect(await accessibilityViolations(officer)).toEqual([]);
  // The refusal in English too, reworded where it stands.
  await officer.getByRole('button', { name: 'English' }).click();
  await officer.locator('#explain-text-error').filter({ hasText: 'This looks like personal data' }).waitFor();
  await officer.getByRole('button', { name: 'Nederlands' }).click();
  await officer.locator('#explain-text-error').filter({ hasText: 'Dit lijkt op persoonsgegevens' }).waitFor();
  // The switch rebuilt the list of subjects; the officer's choice stands.
  expect(await officer.getByLabel('Signaal', { exact: true }).inputValue()).toBe('region');
  await text.fill('Twee locaties waren in verbouwing');
  await officer.getByRole('button', { name: 'Toelichting opslaan' }).click();
  await officer.getByText('hele periode: Verbouwing – Twee locaties waren in verbouwing').waitFor();
  expect(await officer.getByText('12-03-1988').count()).toBe(0);
  await officer.getByRole('button', { name: 'Cijfers vaststellen' }).click();
  await officer.getByRole('status').filter({ hasText: 'Vastgesteld. Definitie 1, beveiliging sdc-1.' }).waitFor();

  // The printable report: the print stylesheet leaves the report only; Chromium prints it to a PDF,
  // and pdf.js turns its first page into a PNG that shows the region and its figures.
  await officer.emulateMedia({ media: 'print' });
  expect(await officer.getByRole('button', { name: 'Cijfers vaststellen' }).count()).toBe(0);
  expect(await officer.locator('nav.main-nav').isVisible()).toBe(false);
  const pdf = await officer.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const page1 = await rasterizePdfPage(dashboard.browser, pdf);
  const png = PNG.sync.read(page1.png);
  expect([png.width, png.height]).toEqual([page1.width, page1.height]);
  expect(page1.height / page1.width).toBeCloseTo(297 / 210, 1);
  // Text, tables and the chart: some ink, on a mostly white page.
  expect(page1.inkShare).toBeGreaterThan(0.01);
  expect(page1.inkShare).toBeLessThan(0.5);
  const printed = page1.text.replace(/\s+/g, ' ');
  expect(printed).toContain('Utrecht 2026-Q3');
  const { snapshot } = await db
    .selectFrom('quarterly_reports')
    .select('snapshot')
    .where('quarter', '=', '2026-Q3')
    .where('region_code', '=', 'VR09')
    .executeTakeFirstOrThrow();
  const first = (snapshot as { places: Array<{ period: string; kind: string; places: number; beds: number }> }).places[0]!;
  expect(printed).toContain(`${first.period} ${first.kind} ${first.places} ${first.beds}`);
  // The flags' counts on the first page; the explanations follow on the next.
  expect(printed).toContain('Status niet bevestigd (v2) 1 / ');
  expect(page1.pages).toBeGreaterThanOrEqual(2);
  const page2 = await rasterizePdfPage(dashboard.browser, pdf, 2);
  expect(page2.text.replace(/\s+/g, ' ')).toContain('Twee locaties waren in verbouwing');

  // The public page, in a fresh browser context without a login.
  const anonymous = await (await dashboard.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await anonymous.goto(`${dashboard.server.url}/open-data`);
  await anonymous.getByRole('heading', { name: 'Open data noodplekken' }).waitFor();
  await anonymous.getByRole('heading', { name: 'Utrecht 2026-Q3' }).waitFor();
  await anonymous.getByText('Definitie 1 · beveiliging sdc-1 · regels q-3').waitFor();
  const shown = await anonymous.locator('main').innerText();
  for (const secret of [location.name, 'Het bed stond dubbel', 'Twee locaties', 'Waarom is dit bed']) expect(shown).not.toContain(secret);
  expect(await accessibilityViolations(anonymous)).toEqual([]);
  await Promise.all([staff.context().close(), officer.context().close(), anonymous.context().close()]);
}, 300_000);
