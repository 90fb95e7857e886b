import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';

import { closeDays } from '../../server/statistics/rollups.ts';
import { addDays, amsterdamToday } from '../../server/statistics/statistics-filters.repository.ts';
import { accessibilityViolations, openAs, PHONE, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// Stays in a real Chromium: shelter staff end a stay with its destination in two taps at 360 px; the
// analyst sees children in shelters by age band for the last year and downloads the CSV.

const DAY = 86_400_000;
const dashboard = useDashboard();

/**
 * Families with two children (2 and 9) in every region with a demo location for the last 60 days, half
 * ready to move on; days closed. In every region: a region with none is a row of zeros, which disclosure
 * control hides (absence tells nothing), and so many other cells with it that little would show.
 */
async function insertStays() {
  const db = dashboard.server.db;
  const locations = await db.selectFrom('locations').select(['id', 'region_code']).distinctOn('region_code').orderBy('region_code').execute();
  const started = new Date(Date.now() - 60 * DAY);
  for (const location of locations) {
    for (let i = 0; i < 12; i++) {
      const { id } = await db
        .insertInto('places')
        .values({
          location_id: location.id,
          label: `Gezinskamer ${i + 1}`,
          kind: 'family_unit',
          beds: 4,
          max_adults: 2,
          max_children: 3,
          accessibility: 'none',
          status: 'occupied',
          unavailable_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('place_events').values({ place_id: id, occurred_at: started, type: 'registered', status: 'occupied', version: 1 }).execute();
      await db
        .insertInto('stays')
        .values({
          place_id: id,
          began_by: 'intake',
          started_at: started,
          adults: 1,
          child_ages: [2, 9],
          child_sexes: ['female', 'male'],
          ready_since: i % 2 ? addDays(amsterdamToday(), -30) : null,
          waiting_for: i % 2 ? 'housing' : null,
        })
        .execute();
    }
  }
  await closeDays(db, { through: addDays(amsterdamToday(), -1), freshnessHours: 24 * 90 });
}

beforeAll(async () => {
  await insertStays();
}, 300_000);

describe('stays in the browser', () => {
  it('shelter staff end a stay with its destination in two taps at 360 px', { timeout: 120_000 }, async () => {
    const page = await openAs(dashboard.browser, dashboard.server.url, DEMO.shelter, PHONE);
    await page.locator('.tile').first().waitFor();
    // A place of the own organisation becomes occupied (one tap): its stay begins.
    const id = (await page.locator('.tile.status-available').first().getAttribute('data-place-id'))!;
    const tile = page.locator(`[data-place-id="${id}"]`);
    await tile.getByRole('button', { name: 'Bezet' }).click();
    await tile.getByText('Huishouden nog niet ingevuld.').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    await tile.getByRole('button', { name: 'Vertrokken' }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await tile.getByRole('button', { name: 'Familie of vrienden' }).click();

    const db = dashboard.server.db;
    await expect
      .poll(async () => (await db.selectFrom('stays').select('exit_destination').where('place_id', '=', id).executeTakeFirst())?.exit_destination)
      .toBe('family_or_friends');
    expect((await db.selectFrom('places').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('available');
    await expect.poll(() => page.locator('.status-message').textContent()).toContain('Familie of vrienden');
  });

  it('shelter staff enter the household with its municipality of origin at 360 px', { timeout: 120_000 }, async () => {
    const page = await openAs(dashboard.browser, dashboard.server.url, DEMO.shelter, PHONE);
    await page.locator('.tile').first().waitFor();
    const id = (await page.locator('.tile.status-available').first().getAttribute('data-place-id'))!;
    const tile = page.locator(`[data-place-id="${id}"]`);
    await tile.getByRole('button', { name: 'Bezet' }).click();
    await tile.getByRole('button', { name: 'Huishouden invullen' }).click();
    const origin = tile.getByLabel('Herkomstgemeente');
    // Every current municipality, and "unknown" first.
    await expect.poll(() => origin.locator('option').count()).toBe(343);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await origin.selectOption({ label: 'Zwolle' });
    await tile.getByRole('button', { name: 'Opslaan' }).click();

    // The open stay: the test before may have used and freed the same place.
    const db = dashboard.server.db;
    await expect
      .poll(
        async () =>
          (await db.selectFrom('stays').select('origin_municipality_code').where('place_id', '=', id).where('ended_at', 'is', null).executeTakeFirst())
            ?.origin_municipality_code,
      )
      .toBe('GM0193');
    await tile.getByText('1 volwassene, 0 kinderen').waitFor();
    // The panel names the origin once entered (the name, not the CBS code).
    await tile.getByText('Herkomst: Zwolle').waitFor();
    expect(await tile.getByText('GM0193').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('the analyst sees children by age band for the last year and downloads the CSV', { timeout: 120_000 }, async () => {
    const page = await openAs(dashboard.browser, dashboard.server.url, DEMO.analyst, { width: 1280, height: 900 });
    const section = page.locator('section[aria-labelledby="stays-heading"]');
    await section.getByRole('heading', { name: 'Kinderen in de opvang' }).waitFor();
    const table = section.locator('table.children-by-age');
    for (const band of ['0–3 jaar', '4–11 jaar', '12–17 jaar']) await expect.poll(() => table.getByRole('columnheader', { name: band }).count()).toBe(1);
    // Weeks of the last year with the families in them: the nation's figures, the bands as published.
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(4);
    const children = await table.locator('tbody tr td:nth-child(5)').allTextContents();
    expect(children.some((text) => /^\d+$/.test(text.trim()) && Number(text) > 0)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'CSV downloaden: Kinderen in de opvang' }).click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');
    const [header, ...lines] = text.trim().split('\r\n');
    expect(header).toContain('children0to3,children4to11,children12to17,children');
    expect(lines.length).toBeGreaterThan(4 * 26);
  });

  it(
    'the analyst sees family places per 10,000 inhabitants beside the norm, unknown where a population is missing, at 360 px',
    { timeout: 120_000 },
    async () => {
      // Flevoland's six municipalities get a population, Zeewolde's of 2025 (the table's reference year
      // stays 2024, the year of most rows); Groningen (VR01) has a municipality without one.
      const db = dashboard.server.db;
      const flevoland = ['GM0034', 'GM0050', 'GM0171', 'GM0184', 'GM0303', 'GM0995'];
      await db
        .deleteFrom('municipality_populations')
        .where('municipality_code', 'in', [...flevoland, 'GM0014'])
        .execute();
      await db
        .insertInto('municipality_populations')
        .values(flevoland.map((code) => ({ municipality_code: code, year: code === 'GM0050' ? 2025 : 2024, population: 50_000, source: 'test' })))
        .execute();

      const page = await openAs(dashboard.browser, dashboard.server.url, DEMO.analyst, PHONE);
      const section = page.locator('section[aria-labelledby="family-places-heading"]');
      await section.getByRole('heading', { name: 'Gezinsplekken per 10.000 inwoners' }).waitFor();
      const table = section.locator('table.family-places');
      await table.waitFor();
      const row = (region: string) => table.locator('tbody tr', { has: page.getByRole('rowheader', { name: region, exact: true }) });
      // 300,000 inhabitants: the norm asks 30 family places.
      await expect.poll(() => row('Flevoland').locator('td').nth(0).textContent()).toBe('300.000');
      expect(await row('Flevoland').locator('td').nth(4).textContent()).toBe('30');
      expect(await row('Flevoland').locator('td').nth(2).textContent()).toMatch(/^\d+(,\d+)?$/);
      expect(await row('Groningen').locator('td').nth(0).textContent()).toMatch(/^onbekend: \d+ van \d+ gemeenten zonder inwonertal$/);
      expect(await row('Groningen').locator('td').nth(2).textContent()).toBe('onbekend');
      await section.getByText('norm van het Verdrag van Istanbul').first().waitFor();
      expect(await section.locator('.other-years li', { hasText: 'Flevoland' }).textContent()).toBe(
        'Flevoland – inwoners: CBS, 1 januari 2024; voor 1 gemeente in deze regio 1 januari 2025.',
      );
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        section.getByRole('button', { name: 'CSV downloaden: Gezinsplekken per 10.000 inwoners' }).click(),
      ]);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text.split('\r\n')[0]).toContain('familyPlaces,beds,familyPlacesPer10000');
    },
  );
});
