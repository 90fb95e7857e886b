import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';

import { defaultConfig } from '../../server/config.ts';
import { accessibilityViolations, openAs as openPageAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// Two people, two browsers: what one changes, the other sees without reloading. (Analysts see figures
// as of the last full hour, never a single change: tests/api/availability.test.ts.)

const dashboard = useDashboard({ live: { ...defaultConfig.live, figuresSeconds: 1 } });

const openAs = (email: string, viewport = PHONE): Promise<Page> => openPageAs(dashboard.browser, dashboard.server.url, email, viewport);

const nationalFreeUnits = async (page: Page) => Number(await page.locator('.figure').first().locator('.big strong').textContent());

it('a status change in one browser shows up in the others without reload', async () => {
  const shelter = await openAs(DEMO.shelter);
  const colleague = await openAs(DEMO.shelter);
  const overview = await openAs(DEMO.admin, { width: 1280, height: 900 });
  // Admins land on their admin page; the overview is one link away.
  await overview.getByRole('link', { name: 'Landelijk overzicht' }).click();
  await overview.locator('.figure').first().waitFor();
  const before = await nationalFreeUnits(overview);
  expect(await accessibilityViolations(overview)).toEqual([]);

  const id = (await shelter.locator('.tile.status-occupied').filter({ hasText: 'Gezinsplek' }).first().getAttribute('data-place-id'))!;
  await shelter.locator(`[data-place-id="${id}"]`).getByRole('button', { name: 'Vrij' }).click();

  await expect.poll(() => colleague.locator(`[data-place-id="${id}"]`).getByRole('button', { name: 'Vrij' }).getAttribute('aria-pressed')).toBe('true');
  await expect.poll(() => nationalFreeUnits(overview), { timeout: 5_000 }).toBe(before + 1);
  // Three browser logins: 27 s alone on a busy machine, past the default 30 s with other runs.
}, 90_000);

it('shows the connection state and recovers by itself when the connection comes back', async () => {
  const page = await openAs(DEMO.analyst, { width: 1280, height: 900 });
  await page.context().setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  // Dropping the socket from the server side is what a restart or a network cut looks like.
  dashboard.server.realtime.io.disconnectSockets();
  // The nav's status and the sticky banner both say it (one state, read twice): either will do.
  await page
    .getByText(/Verbinden|Geen verbinding/)
    .first()
    .waitFor();
  await page.context().setOffline(false);
  await page.getByText('Live bijgewerkt').first().waitFor({ timeout: 15_000 });
});
