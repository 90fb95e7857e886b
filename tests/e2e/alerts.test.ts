import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defaultConfig } from '../../server/config.ts';
import { accessibilityViolations, logIn, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { insertBed } from '../helpers/factories.ts';
import { waitFor } from '../helpers/live.ts';
import { type PushReceiver, startPushReceiver } from '../helpers/push-receiver.ts';

// Issue 14 in a real Chromium: the service worker registers at /, the manifest is valid, and with
// notification permission granted an incoming hold raises a notification for the shelter page: the
// server's push (to the test's receiver, decrypted there) is handed to the page's service worker
// through CDP, as the browser's push service would, and the worker shows it.

const dashboard = useDashboard({ alerts: { ...defaultConfig.alerts, allowHttpLoopback: true, tickSeconds: 0.2 } });
let page: Page;
let cdp: CDPSession;
let receiver: PushReceiver;
let registrationId = '';

beforeAll(async () => {
  receiver = await startPushReceiver();
  const context = await dashboard.browser.newContext({ viewport: PHONE });
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  // Browser.grantPermissions (CDP) for this browser context: Playwright sends it with the context's id.
  await context.grantPermissions(['notifications'], { origin: dashboard.server.url });
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
    for (const r of registrations) if (r.scopeURL === `${dashboard.server.url}/` && !r.isDeleted) registrationId = r.registrationId;
  });
  await cdp.send('ServiceWorker.enable');
  await logIn(page, dashboard.server.url, DEMO.shelter);
}, 60_000);
afterAll(() => receiver.close());

describe('installable web app with alerts', () => {
  it('registers its service worker at / and has a valid manifest with icons', async () => {
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${dashboard.server.url}/`);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data!);
    expect(data).toMatchObject({ name: 'Noodbed', lang: 'nl', start_url: '/', display: 'standalone' });
    for (const icon of data.icons as Array<{ src: string; sizes: string }>) {
      const response = await fetch(new URL(icon.src, dashboard.server.url));
      expect(response.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await response.arrayBuffer());
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    await waitFor(() => registrationId !== '', 10_000);
  });

  it('an incoming hold raises a notification for the shelter page, a banner and the count in the title', async () => {
    const staff = await loginAs(overHttp(dashboard.server.url), DEMO.shelter);
    expect((await staff.post('/account/devices', receiver.device('shelter').subscription)).status).toBe(201);
    const { db } = dashboard.server;
    const location = await db
      .selectFrom('locations')
      .innerJoin('users', 'users.organisation_id', 'locations.organisation_id')
      .select('locations.id')
      .where('users.email', '=', DEMO.shelter)
      .where('locations.serves', '<>', 'men')
      .executeTakeFirstOrThrow();
    const crisis = await loginAs(overHttp(dashboard.server.url), DEMO.crisis);
    const request = (await (
      await crisis.post('/placement-requests', { originRegion: 'VR09', household: { adults: [{ gender: 'female' }], children: [] } })
    ).json()) as { id: string };
    const place = await insertBed(db, location.id);
    expect((await crisis.post('/holds', { requestId: request.id, placeId: place.id })).status).toBe(201);

    await waitFor(() => receiver.payloads('shelter').some((p) => p.kind === 'hold_incoming'), 15_000);
    const push = receiver.received.find((r) => r.device === 'shelter' && JSON.parse(r.text).kind === 'hold_incoming')!;
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: dashboard.server.url, registrationId, data: push.text });
    const titles = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title));
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    await expect.poll(titles, { timeout: 10_000 }).toContain('Nieuwe reservering — open Noodbed');

    await page.getByText('Nieuwe reservering op een plek van uw organisatie').waitFor({ timeout: 5_000 });
    expect(await page.title()).toMatch(/^\(\d+\) Noodbed$/);
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 60_000);

  it('has a Meldingen section on the account page, in Dutch, without accessibility violations at 360 px', async () => {
    await page.getByRole('link', { name: 'Mijn account' }).click();
    await page.getByRole('heading', { name: 'Meldingen' }).waitFor();
    await page.getByRole('checkbox', { name: /Reservering wacht nog op antwoord/ }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Reservering wacht nog op antwoord/ }).isDisabled()).toBe(true);
    await page
      .getByRole('button', { name: /^Verwijder / })
      .first()
      .waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
