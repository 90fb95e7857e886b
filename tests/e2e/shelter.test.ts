import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { accessibilityViolations, logIn, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// The shelter page as opvang@demo.noodbed.nl uses it on a phone: one tap per change.

const dashboard = useDashboard();
let page: Page;

beforeAll(async () => {
  const context = await dashboard.browser.newContext({ viewport: PHONE });
  page = await context.newPage();
  await logIn(page, dashboard.server.url, DEMO.shelter);
  await page.locator('.tile').first().waitFor();
});

async function placeRow(id: string) {
  return dashboard.server.db.selectFrom('places').select(['status', 'unavailable_reason', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** A tile of a place that is not held and not in `status`. */
async function tileNotIn(status: string) {
  const id = (await page.locator(`.tile:not(.status-held):not(.status-${status})`).first().getAttribute('data-place-id'))!;
  // Pinned by id: the status class changes under the test's feet.
  return { tile: page.locator(`[data-place-id="${id}"]`), id };
}

describe('shelter page at 360 px', () => {
  it("shows only the own organisation's places, with the location address, without sideways scrolling", async () => {
    const own = await dashboard.server.db
      .selectFrom('places')
      .innerJoin('locations', 'locations.id', 'places.location_id')
      .innerJoin('users', 'users.organisation_id', 'locations.organisation_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('users.email', '=', DEMO.shelter)
      .executeTakeFirstOrThrow();
    expect(await page.locator('.tile').count()).toBe(Number(own.n));
    expect(await page.locator('.address').count()).toBeGreaterThan(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('changes a status in one tap', async () => {
    const { tile, id } = await tileNotIn('occupied');
    await tile.getByRole('button', { name: 'Bezet' }).click();
    await expect.poll(async () => (await placeRow(id)).status).toBe('occupied');
    await expect.poll(() => tile.getByRole('button', { name: 'Bezet' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => tile.locator('.tile-note').textContent()).toContain('Bezet');
  });

  it('asks a reason for out of use', async () => {
    const { tile, id } = await tileNotIn('unavailable');
    await tile.getByRole('button', { name: 'Buiten gebruik' }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await tile.getByRole('button', { name: 'Onderhoud' }).click();
    await expect.poll(async () => (await placeRow(id)).unavailable_reason).toBe('maintenance');
  });

  it('shows a conflict and the current state when someone else changed the place first', async () => {
    const { tile, id } = await tileNotIn('available');
    // Someone else (another tab, a colleague) changes the place behind this page's back.
    const before = await placeRow(id);
    await dashboard.server.db
      .updateTable('places')
      .set({ status: 'available', unavailable_reason: null, version: before.version + 1 })
      .where('id', '=', id)
      .execute();
    await dashboard.server.db
      .insertInto('place_events')
      .values({ place_id: id, type: 'status_changed', status: 'available', unavailable_reason: null, version: before.version + 1, actor_user_id: null })
      .execute();
    await tile.getByRole('button', { name: 'Bezet' }).click();
    await expect.poll(() => tile.locator('.tile-note').textContent()).toContain('door iemand anders gewijzigd');
    await expect.poll(() => tile.getByRole('button', { name: 'Vrij' }).getAttribute('aria-pressed')).toBe('true');
    expect((await placeRow(id)).status).toBe('available');
  });

  it('confirms all places of a location in one tap', async () => {
    const button = page.getByRole('button', { name: /Alles klopt/ }).first();
    await button.click();
    await expect.poll(() => page.locator('.status-message').textContent()).toContain('Bevestigd om');
    expect(await page.locator('.badge.stale').count()).toBe(0);
  });

  it('works with the keyboard alone', async () => {
    const { tile, id } = await tileNotIn('available');
    await tile.getByRole('button', { name: 'Vrij' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await placeRow(id)).status).toBe('available');
  });
});
