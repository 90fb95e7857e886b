import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterEach, expect, it } from 'vitest';

import { accessibilityViolations, openAs as openPageAs, useDashboard } from '../helpers/browser.ts';
import { DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';

// Issue 18, "an error stays on screen under a green 'Live bijgewerkt' after recovery, with no retry":
// during an outage a page's load fails; when the server answers again the error goes by itself and the
// data is read afresh; an action's error stays, with a button that does it again; and the connection
// state the page shows is one, and true (a request without an answer is not "live").

const dashboard = useDashboard();
const LAPTOP = { width: 1280, height: 900 };
const openAs = (email: string): Promise<Page> => openPageAs(dashboard.browser, dashboard.server.url, email, LAPTOP);

let opened: Page[] = [];
afterEach(async () => {
  await Promise.all(opened.map((page) => page.context().close()));
  opened = [];
});

async function open(email: string): Promise<Page> {
  const page = await openAs(email);
  opened.push(page);
  return page;
}

/** The network goes: requests fail and the server's end of the socket drops, as in a real outage. */
async function goOffline(page: Page) {
  await page.context().setOffline(true);
  dashboard.server.realtime.io.disconnectSockets();
  await expect.poll(() => liveStatus(page)).not.toBe('Live bijgewerkt');
}

/** The network is back; the socket reconnects on its own back-off (at most 5 s). */
async function comeBack(page: Page) {
  await page.context().setOffline(false);
  await expect.poll(() => liveStatus(page), { timeout: 30_000 }).toBe('Live bijgewerkt');
}

const API = '**/api/v1/**';
const liveStatus = async (page: Page) => (await page.locator('.live-status').textContent())?.trim();
const connectionBanner = async (page: Page) => (await page.locator('.connection-state').textContent())?.trim() ?? '';

/** Opens another page and comes back, so that the page loads again (during an outage: fails to). */
async function reopen(page: Page, link: string) {
  await page.getByRole('link', { name: 'Landelijk overzicht' }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.getByRole('link', { name: link }).click();
}

it('shelter: the load error of an outage goes when the server is back, and the places show what changed meanwhile', async () => {
  const admin = await loginAs(overHttp(dashboard.server.url), DEMO.admin);
  const { id: placeId } = await newPlace(admin, await newLocation(admin, await organisationOf(dashboard.server.db, DEMO.shelter)));
  const page = await open(DEMO.shelter);
  await page.locator(`[data-place-id="${placeId}"]`).waitFor();
  await goOffline(page);
  await reopen(page, 'Mijn plekken');
  const error = page.getByText('De plekken konden niet worden geladen.');
  await error.waitFor();
  expect(await connectionBanner(page)).toContain('Geen verbinding');
  expect(await accessibilityViolations(page)).toEqual([]);

  // Meanwhile the place changes at the server (written straight to the database: no live event tells
  // of it, only reading afresh shows it).
  await sql`UPDATE places SET status = 'unavailable', unavailable_reason = 'safety', version = version + 1 WHERE id = ${placeId}`.execute(dashboard.server.db);

  await comeBack(page);
  await expect.poll(() => error.count()).toBe(0);
  await expect
    .poll(() => page.locator(`[data-place-id="${placeId}"]`).getByRole('button', { name: 'Buiten gebruik' }).getAttribute('aria-pressed'), { timeout: 10_000 })
    .toBe('true');
  expect(await connectionBanner(page)).toBe('');
}, 120_000);

it('shelter: an action that got no answer offers "Opnieuw proberen", the page does not claim to be live meanwhile, and the retry saves it', async () => {
  const page = await open(DEMO.shelter);
  const confirm = page.getByRole('button', { name: /^Alles klopt: bevestig/ }).first();
  // The API gets no answer while the socket stays up: the page must not say "Live bijgewerkt" meanwhile.
  await page.route(API, (route) => route.abort('internetdisconnected'));
  await confirm.click();
  const error = page.locator('.error-retry');
  await expect.poll(() => error.textContent()).toContain('geen verbinding met de server');
  expect(await liveStatus(page)).not.toBe('Live bijgewerkt');
  expect(await connectionBanner(page)).toContain('Geen verbinding');
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.unroute(API);
  await error.getByRole('button', { name: 'Opnieuw proberen' }).click();
  await expect.poll(() => page.locator('.status-message').textContent()).toContain('Bevestigd om');
  expect(await error.count()).toBe(0);
  await expect.poll(() => liveStatus(page)).toBe('Live bijgewerkt');
  expect(await connectionBanner(page)).toBe('');
}, 90_000);

it('crisis: a search that got no answer offers "Opnieuw proberen", and the retry shows the matches', async () => {
  const page = await open(DEMO.crisis);
  await page.getByLabel('Woonplaats (gemeente) van het huishouden').selectOption('GM0363');
  await page.route(API, (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Zoek passende plekken' }).click();
  const error = page.locator('.error-retry');
  await expect.poll(() => error.textContent()).toContain('geen verbinding met de server');
  expect(await liveStatus(page)).not.toBe('Live bijgewerkt');
  await page.unroute(API);
  // What was asked did not happen: the error stays until the worker does it again, with one tap.
  await error.getByRole('button', { name: 'Opnieuw proberen' }).click();
  await page.locator('#matches-heading').waitFor();
  expect(await error.count()).toBe(0);
  await expect.poll(() => liveStatus(page)).toBe('Live bijgewerkt');
}, 90_000);

it('analyst: statistics that failed to load during an outage load by themselves when the server is back', async () => {
  const page = await open(DEMO.analyst);
  await goOffline(page);
  await reopen(page, 'Statistieken');
  const error = page.getByText('De statistieken konden niet worden geladen.');
  await error.waitFor();
  await comeBack(page);
  await expect.poll(() => error.count(), { timeout: 15_000 }).toBe(0);
  await page.locator('.utrecht-table').first().waitFor({ state: 'attached' });
}, 120_000);

it('region: the reports that failed to load come back by themselves, and meanwhile the error has a retry', async () => {
  const page = await open(DEMO.region);
  await goOffline(page);
  await reopen(page, 'Regio');
  const error = page.locator('.error-retry');
  await expect.poll(() => error.textContent()).toContain('De rapportages konden niet worden geladen.');
  expect(await error.getByRole('button', { name: 'Opnieuw proberen' }).count()).toBe(1);
  await comeBack(page);
  await expect.poll(() => error.count(), { timeout: 15_000 }).toBe(0);
  await page
    .getByRole('button', { name: /^Bekijk / })
    .or(page.getByText('Er is nog geen afgesloten kwartaal.'))
    .first()
    .waitFor();
}, 120_000);

it('admin: organisations that failed to load come back by themselves', async () => {
  const page = await open(DEMO.admin);
  await goOffline(page);
  await reopen(page, 'Beheer');
  const error = page.locator('.error-retry');
  await expect.poll(() => error.textContent()).toContain('Laden mislukt');
  await comeBack(page);
  await expect.poll(() => error.count(), { timeout: 15_000 }).toBe(0);
  expect(await page.locator('.error-retry').count()).toBe(0);
}, 120_000);
