import { expect, it } from 'vitest';

import { openAs, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// Issue 18, the analyst: the filters are in the address, so a view can be shared and bookmarked, and
// back and forward walk through the views asked.

const dashboard = useDashboard();

it('puts the filters in the URL; the URL opens the same view; back and forward follow it', async () => {
  const page = await openAs(dashboard.browser, dashboard.server.url, DEMO.analyst, { width: 1280, height: 900 });
  try {
    await page.goto(`${dashboard.server.url}/statistieken`);
    const from = page.locator('#statistics-from');
    await from.waitFor();
    const defaultFrom = await from.inputValue();
    await from.fill('05-01-2026');
    await page.locator('#statistics-to').fill('29-03-2026');
    await page.locator('form.statistics-filters button[type="submit"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2026-01-05');
    const shared = page.url();
    expect(new URL(shared).searchParams.get('to')).toBe('2026-03-29');

    // Someone else opens the shared address: the same period, in the form and asked of the API.
    const colleague = await openAs(dashboard.browser, dashboard.server.url, DEMO.analyst, { width: 1280, height: 900 });
    try {
      const asked = colleague.waitForRequest((r) => r.url().includes('/api/v1/statistics/occupancy') && r.url().includes('from=2026-01-05'));
      await colleague.goto(shared);
      await asked;
      expect(await colleague.locator('#statistics-from').inputValue()).toBe('05-01-2026');
      expect(await colleague.locator('#statistics-to').inputValue()).toBe('29-03-2026');
    } finally {
      await colleague.context().close();
    }

    // Back: the view before, in the form too; forward: the shared one again.
    await page.goBack();
    await expect.poll(() => from.inputValue()).toBe(defaultFrom);
    await page.goForward();
    await expect.poll(() => from.inputValue()).toBe('05-01-2026');
  } finally {
    await page.context().close();
  }
}, 120_000);
