import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, PHONE } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer('demo'), launchBrowser()]);
});
// A context of its own per page, as a separate user's browser would be (axe needs one too).
async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('national overview', () => {
  it('shows availability per region in Dutch, with 0 accessibility violations', async () => {
    const page = await openPage();
    await page.goto(server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Beschikbaarheid per veiligheidsregio');
    await page.locator('table.regions tbody tr').first().waitFor();
    expect(await page.locator('table.regions tbody tr').count()).toBe(25);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('switches to English and remembers it', async () => {
    const page = await openPage();
    await page.goto(server.url);
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
    await page.goto(server.url);
    await page.locator('table.regions tbody tr').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
