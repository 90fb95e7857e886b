import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';

import { openAsNewAdmin } from '../helpers/admin-page.ts';
import { accessibilityViolations, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { insertBed, insertLocation } from '../helpers/factories.ts';

// A list of the admin page that could not be loaded says so with "Opnieuw proberen" (ErrorRetry, as
// the crisis page does), and the retry loads it: the admin is never left with only a reload of the page.
// Each load fails once (503 problem+json from the route), as a server restarting would answer.

const dashboard = useDashboard();

/** The next request to `pattern` is answered 503 once; the ones after it reach the server. */
async function failOnce(page: Page, pattern: string) {
  const body = JSON.stringify({ type: 'about:blank', title: 'Service unavailable', code: 'service_unavailable', status: 503, detail: 'Restarting.' });
  await page.route(pattern, (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body }), { times: 1 });
}

/** The alert with its retry, checked for axe and 360 px, then pressed; it is gone afterwards. */
async function retry(page: Page) {
  const alert = page.locator('.error-retry');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Laden mislukt');
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(await sidewaysOverflow(page)).toBe(0);
  await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
  await expect.poll(() => alert.count()).toBe(0);
}

it('users: a failed load offers a retry that shows the list', async () => {
  const page = await openAsNewAdmin(dashboard);
  try {
    await failOnce(page, '**/api/v1/users?**');
    await page.getByRole('button', { name: 'Gebruikers' }).click();
    await retry(page);
    await expect.poll(() => page.locator('.admin-item').count()).toBeGreaterThan(0);
  } finally {
    await page.context().close();
  }
}, 120_000);

it('audit log: a failed load offers a retry that shows the entries', async () => {
  const page = await openAsNewAdmin(dashboard);
  try {
    await failOnce(page, '**/api/v1/audit-log?**');
    await page.getByRole('button', { name: 'Auditlog' }).click();
    await retry(page);
    await expect.poll(() => page.getByText(/regels? gevonden/).count()).toBe(1);
  } finally {
    await page.context().close();
  }
}, 120_000);

it("an organisation's locations and a location's places: each failed load offers a retry that shows them", async () => {
  const db = dashboard.server.db;
  const locationId = await insertLocation(db);
  await insertBed(db, locationId);
  const { organisation, location } = await db
    .selectFrom('locations')
    .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
    .select(['organisations.name as organisation', 'locations.name as location'])
    .where('locations.id', '=', locationId)
    .executeTakeFirstOrThrow();
  const page = await openAsNewAdmin(dashboard);
  try {
    await page.getByLabel('Zoek op naam').fill(organisation);
    await failOnce(page, '**/api/v1/locations?**');
    await page.getByRole('button', { name: `Locaties van ${organisation}` }).click();
    await retry(page);
    const openPlaces = page.getByRole('button', { name: `Plekken van ${location}` });
    await openPlaces.waitFor();

    await failOnce(page, '**/api/v1/places?**');
    await openPlaces.click();
    await retry(page);
    await expect.poll(() => page.locator('.admin-item').count()).toBe(1);
  } finally {
    await page.context().close();
  }
}, 120_000);
