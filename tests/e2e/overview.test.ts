import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { accessibilityViolations, logIn, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

const dashboard = useDashboard();

// A context of its own per page, as a separate user's browser would be (axe needs one too).
async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  const context = await dashboard.browser.newContext({ viewport });
  return context.newPage();
}

/** Every role can open the national overview from the menu, whatever page it lands on. */
async function openOverview(page: Page, email: string) {
  await logIn(page, dashboard.server.url, email);
  await page.getByRole('link', { name: 'Landelijk overzicht' }).click();
  await page.locator('table.regions tbody tr').first().waitFor();
}

describe('login', () => {
  it('shows the login form first, in Dutch, accessible', async () => {
    const page = await openPage();
    await page.goto(dashboard.server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('says so when the password is wrong', async () => {
    const page = await openPage();
    await page.goto(dashboard.server.url);
    await page.getByLabel('E-mailadres').fill(DEMO.crisis);
    await page.getByLabel('Wachtwoord').fill('wrong password');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Inloggen mislukt');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it.each([
    [DEMO.admin, '/beheer', 'Beheer'],
    [DEMO.shelter, '/opvang', 'Mijn plekken'],
    [DEMO.crisis, '/zoeken', 'Plek zoeken voor een huishouden'],
    [DEMO.analyst, '/statistieken', 'Statistieken'],
  ])('%s lands on %s', async (email, path, heading) => {
    const page = await openPage();
    await logIn(page, dashboard.server.url, email);
    await expect.poll(() => new URL(page.url()).pathname).toBe(path);
    await expect.poll(() => page.locator('h1').textContent()).toBe(heading);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
    await page.context().close();
  });
});

describe('national overview', () => {
  it('shows availability per region, with 0 accessibility violations', async () => {
    const page = await openPage();
    await openOverview(page, DEMO.analyst);
    expect(await page.locator('table.regions tbody tr').count()).toBe(25);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('switches to English and remembers it', async () => {
    const page = await openPage();
    await openOverview(page, DEMO.crisis);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Availability per safety region');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Availability per safety region');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const page = await openPage(PHONE);
    await openOverview(page, DEMO.crisis);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
