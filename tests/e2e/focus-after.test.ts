import { createECDH, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';

import { accessibilityViolations, openAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { newRequest } from '../helpers/factories.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';

// Issue 18, "focus falls to the top after release and withdraw": every button that vanishes as it is
// pressed (withdrawing a request, its confirmation and cancel, declining a hold and its cancel, removing a
// device) hands focus to what the user does or reads next, never to the page's top. On a 360 px phone.

const dashboard = useDashboard();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Focus is on something in the page, not dropped to <body> (which is what "the top of the page" is). */
const focusDropped = (page: Page) => page.evaluate(() => document.activeElement === document.body || document.activeElement === null);

it("withdrawing a request: the question takes focus, cancel gives it back, and after closing focus is on the request's new status", async () => {
  const crisis = await openAs(dashboard.browser, dashboard.server.url, DEMO.crisis, PHONE);
  try {
    await crisis.getByLabel('Woonplaats (gemeente) van het huishouden').selectOption('GM0363');
    await crisis.getByRole('button', { name: 'Zoek passende plekken' }).click();
    await crisis.locator('#matches-heading').waitFor();

    await crisis.getByRole('button', { name: 'Ingetrokken', exact: true }).click();
    await expect.poll(() => focusedId(crisis)).toBe('confirm-close-yes');
    await crisis.getByRole('button', { name: 'Annuleren' }).click();
    await expect.poll(() => focusedId(crisis)).toBe('close-withdrawn');

    await crisis.keyboard.press('Enter');
    await expect.poll(() => focusedId(crisis)).toBe('confirm-close-yes');
    await crisis.keyboard.press('Enter');
    await expect.poll(() => focusedId(crisis)).toBe('request-summary');
    expect(await crisis.locator('#request-summary').textContent()).toMatch(/ingetrokken/i);
    expect(await focusDropped(crisis)).toBe(false);
    expect(await accessibilityViolations(crisis)).toEqual([]);
  } finally {
    await crisis.context().close();
  }
}, 120_000);

it('declining a hold on the shelter page: focus goes to the reason, back to "Weigeren" on cancel, and after the decline to where the place is', async () => {
  const admin = await loginAs(overHttp(dashboard.server.url), DEMO.admin);
  const locationId = await newLocation(admin, await organisationOf(dashboard.server.db, DEMO.shelter));
  const { id: placeId } = await newPlace(admin, locationId);
  const crisisApi = await loginAs(overHttp(dashboard.server.url), DEMO.crisis);
  const held = await crisisApi.post('/holds', { requestId: (await newRequest(crisisApi)).id, placeId });
  expect(held.status).toBe(201);
  const holdId = ((await held.json()) as { id: string }).id;

  const shelter = await openAs(dashboard.browser, dashboard.server.url, DEMO.shelter, PHONE);
  try {
    const item = shelter.locator(`[data-hold-id="${holdId}"]`);
    await item.getByRole('button', { name: 'Weigeren' }).click();
    await expect.poll(() => focusedId(shelter)).toBe(`decline-${holdId}`);
    await item.getByRole('button', { name: 'Annuleren' }).click();
    await expect.poll(() => focusedId(shelter)).toBe(`decline-button-${holdId}`);

    await item.getByRole('button', { name: 'Weigeren' }).click();
    await item.getByRole('button', { name: 'Weigering versturen' }).click();
    await expect.poll(() => item.count()).toBe(0);
    // Other holds left: their heading; none: the heading of the place's location, whose tile is free again.
    const others = await shelter.locator('.incoming-hold').count();
    await expect.poll(() => focusedId(shelter)).toBe(others ? 'incoming-heading' : `loc-${locationId}`);
    expect(await focusDropped(shelter)).toBe(false);
    expect(await accessibilityViolations(shelter)).toEqual([]);
  } finally {
    await shelter.context().close();
  }
}, 120_000);

it('removing a device: focus goes to the list of devices, not to the page top', async () => {
  const api = await loginAs(overHttp(dashboard.server.url), DEMO.analyst);
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  const registered = await api.post('/account/devices', { endpoint: `https://push.example.com/${randomBytes(8).toString('hex')}`, keys });
  expect(registered.status).toBeLessThan(300);

  const page = await openAs(dashboard.browser, dashboard.server.url, DEMO.analyst, PHONE);
  try {
    await page.goto(`${dashboard.server.url}/account`);
    const remove = page.getByRole('button', { name: /^Verwijder / }).first();
    await remove.click();
    await expect.poll(() => page.getByRole('button', { name: /^Verwijder / }).count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('devices-heading');
    expect(await accessibilityViolations(page)).toEqual([]);
  } finally {
    await page.context().close();
  }
}, 120_000);
