import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { accessibilityViolations, logIn, openAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { type Client, DEMO, loginAs, overHttp } from '../helpers/client.ts';
import { newRequest } from '../helpers/factories.ts';
import { newLocation, newPlace, organisationOf } from '../helpers/places.ts';

// Issue 18, the shelter's phone: what the person who tapped sees, where they tapped it. Each test
// makes a location of its own for the demo shelter (listed last, far down the page, as on a busy phone).

const dashboard = useDashboard();
let page: Page;
let admin: Client;
let organisationId: string;

beforeAll(async () => {
  const app = overHttp(dashboard.server.url);
  [admin, organisationId] = await Promise.all([loginAs(app, DEMO.admin), organisationOf(dashboard.server.db, DEMO.shelter)]);
  page = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  await logIn(page, dashboard.server.url, DEMO.shelter);
});

/** A new location with one place of its own; the shelter page reloaded to show it. */
async function ownPlace(on: Page = page): Promise<{ locationId: string; placeId: string; tile: ReturnType<Page['locator']> }> {
  const locationId = await newLocation(admin, organisationId);
  const { id: placeId } = await newPlace(admin, locationId);
  await on.reload();
  const tile = on.locator(`[data-place-id="${placeId}"]`);
  await tile.waitFor();
  return { locationId, placeId, tile };
}

/** Whether the element is wholly inside the phone's viewport (seen without scrolling). */
async function inView(on: Page, selector: string | ReturnType<Page['locator']>): Promise<boolean> {
  const box = await (typeof selector === 'string' ? on.locator(selector) : selector).boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= PHONE.height && box.height > 0;
}

describe('feedback at the tile', () => {
  it('says what was saved in the tile that was tapped, in view', async () => {
    const { tile, placeId } = await ownPlace();
    await tile.getByRole('button', { name: 'Bezet' }).click();
    const note = tile.locator('.tile-note');
    await expect.poll(() => note.textContent()).toContain('staat nu op Bezet');
    expect(await inView(page, note)).toBe(true);
    const row = await dashboard.server.db.selectFrom('places').select('status').where('id', '=', placeId).executeTakeFirstOrThrow();
    expect(row.status).toBe('occupied');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('during an outage: the tap is refused at the tile, a sticky "Geen verbinding" stays in view, and a retry saves it', async () => {
    const { tile, placeId } = await ownPlace();
    await tile.scrollIntoViewIfNeeded();
    await page.context().setOffline(true);
    try {
      await tile.getByRole('button', { name: 'Buiten gebruik' }).click();
      await tile.getByRole('button', { name: 'Onderhoud' }).click();
      await expect.poll(() => tile.locator('.tile-note').textContent()).toContain('Geen verbinding');
      expect(await inView(page, tile.locator('.tile-note'))).toBe(true);
      await expect.poll(() => page.locator('.connection-state').textContent()).toContain('Geen verbinding');
      expect(await inView(page, '.connection-state p')).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await page.context().setOffline(false);
    }
    await tile.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await expect.poll(() => tile.locator('.tile-note').textContent()).toContain('staat nu op Buiten gebruik');
    // The socket reconnects on its own back-off; the banner goes when it is back.
    await expect.poll(() => page.locator('.connection-state').textContent(), { timeout: 30_000 }).not.toContain('Geen verbinding');
    const row = await dashboard.server.db.selectFrom('places').select(['status', 'unavailable_reason']).where('id', '=', placeId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'unavailable', unavailable_reason: 'maintenance' });
  }, 90_000);

  it('two colleagues set the same bed: the second is told at the tile that the first was ahead', async () => {
    const { tile, placeId } = await ownPlace();
    const colleague = await openAs(dashboard.browser, dashboard.server.url, DEMO.shelter);
    try {
      const theirs = colleague.locator(`[data-place-id="${placeId}"]`);
      // This page's change leaves first but reaches the server only after the colleague's is saved.
      let release!: () => void;
      const colleagueDone = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/v1/places/*', async (route) => {
        if (route.request().method() === 'PATCH') await colleagueDone;
        await route.continue();
      });
      await tile.getByRole('button', { name: 'Bezet' }).click();
      await theirs.getByRole('button', { name: 'Bezet' }).click();
      await expect.poll(() => theirs.locator('.tile-note').textContent()).toContain('staat nu op Bezet');
      release();
      await expect.poll(() => tile.locator('.tile-note').textContent()).toContain('een collega was je net voor');
      expect(await tile.locator('.tile-note').textContent()).not.toContain('staat nu op');
      await expect.poll(() => tile.getByRole('button', { name: 'Bezet' }).getAttribute('aria-pressed')).toBe('true');
      const events = await dashboard.server.db
        .selectFrom('place_events')
        .select('type')
        .where('place_id', '=', placeId)
        .where('type', '=', 'status_changed')
        .execute();
      expect(events).toHaveLength(1);
    } finally {
      await page.unroute('**/api/v1/places/*');
      await colleague.context().close();
    }
  });

  it('a conflict with another status is explained at the tile, which shows the current status', async () => {
    const { tile, placeId } = await ownPlace();
    // Someone else's change lands between the tap and its arrival at the server.
    await page.route('**/api/v1/places/*', async (route) => {
      if (route.request().method() === 'PATCH') {
        await sql`UPDATE places SET status = 'unavailable', unavailable_reason = 'safety', version = version + 1 WHERE id = ${placeId}`.execute(
          dashboard.server.db,
        );
      }
      await route.continue();
    });
    try {
      await tile.getByRole('button', { name: 'Bezet' }).click();
      await expect.poll(() => tile.locator('.tile-note').textContent()).toContain('door iemand anders gewijzigd en staat nu op Buiten gebruik');
    } finally {
      await page.unroute('**/api/v1/places/*');
    }
    expect(await inView(page, tile.locator('.tile-note'))).toBe(true);
    await expect.poll(() => tile.getByRole('button', { name: 'Buiten gebruik' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('an incoming hold', () => {
  it('names the crisis service and its phone, and accepting confirms it in place with focus on the confirmation', async () => {
    const { placeId } = await ownPlace();
    const crisis = await loginAs(overHttp(dashboard.server.url), DEMO.crisis);
    const request = await newRequest(crisis);
    const held = await crisis.post('/holds', { requestId: request.id, placeId });
    expect(held.status).toBe(201);
    const team = await dashboard.server.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['organisations.name', 'organisations.phone'])
      .where('users.email', '=', DEMO.crisis)
      .executeTakeFirstOrThrow();
    expect(team.phone).toBeTruthy();

    const incoming = page.locator('.incoming-hold').filter({ has: page.getByText(team.name) });
    await expect.poll(() => incoming.count(), { timeout: 15_000 }).toBe(1);
    expect(await incoming.textContent()).toContain(team.phone!);
    await incoming.getByRole('button', { name: 'Accepteren' }).click();
    const accepted = page.locator('.accepted');
    await expect.poll(() => accepted.textContent()).toContain('geaccepteerd');
    expect(await accepted.textContent()).toContain(team.name);
    expect(await accepted.textContent()).toContain(team.phone!);
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('accepted'))).toBe(true);
    expect(await inView(page, accepted)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 90_000);

  it("shows the team's contact to no other shelter", async () => {
    const { placeId } = await ownPlace();
    const crisis = await loginAs(overHttp(dashboard.server.url), DEMO.crisis);
    const request = await newRequest(crisis);
    const hold = (await (await crisis.post('/holds', { requestId: request.id, placeId })).json()) as { id: string };
    const other = await loginAs(overHttp(dashboard.server.url), DEMO.shelter2);
    expect((await other.get(`/holds/${hold.id}`)).status).toBe(403);
    const own = await loginAs(overHttp(dashboard.server.url), DEMO.shelter);
    expect(((await (await own.get(`/holds/${hold.id}`)).json()) as { team: unknown }).team).not.toBeNull();
    // The crisis worker sees the intake phone, not a team contact of its own.
    expect(((await (await crisis.get(`/holds/${hold.id}`)).json()) as { team: unknown }).team).toBeNull();
  });
});

describe('the list of places', () => {
  it('sorts labels as people count, on the page and in GET /places?locationId=', async () => {
    const locationId = await newLocation(admin, organisationId);
    for (const label of ['Gezinsplek 10', 'Gezinsplek 2', 'Gezinsplek 1', 'Gezinsplek 11']) {
      const response = await admin.post('/places', {
        locationId,
        label,
        kind: 'family_unit',
        status: 'available',
        beds: 3,
        maxAdults: 1,
        maxChildren: 2,
        maxBoyAge: null,
        accessibility: 'none',
        petsAllowed: false,
      });
      expect(response.status).toBe(201);
    }
    const fromApi = (await (await admin.get(`/places?locationId=${locationId}`)).json()) as { items: Array<{ label: string }> };
    expect(fromApi.items.map((p) => p.label)).toEqual(['Gezinsplek 1', 'Gezinsplek 2', 'Gezinsplek 10', 'Gezinsplek 11']);
    const { name } = await dashboard.server.db.selectFrom('locations').select('name').where('id', '=', locationId).executeTakeFirstOrThrow();
    await page.reload();
    const section = page.locator('section.location').filter({ has: page.getByRole('heading', { name, exact: true }) });
    await section.locator('.tile').first().waitFor();
    expect(await section.locator('.tile h3').evaluateAll((els) => els.map((e) => e.firstChild?.textContent?.trim()))).toEqual([
      'Gezinsplek 1',
      'Gezinsplek 2',
      'Gezinsplek 10',
      'Gezinsplek 11',
    ]);
  });

  it('says honestly when the places were last confirmed and which has waited longest', async () => {
    const { locationId, tile } = await ownPlace();
    const second = await newPlace(admin, locationId);
    await sql`UPDATE places SET confirmed_at = now() - interval '3 hours' WHERE id = ${second.id}`.execute(dashboard.server.db);
    await page.reload();
    await tile.waitFor();
    const meta = page.locator('section.location').filter({ has: tile }).locator('.confirmed-at');
    const text = (await meta.textContent())!;
    expect(text).toContain('Laatst bevestigd');
    expect(text).toContain('langst niet bevestigd');
    await page
      .locator('section.location')
      .filter({ has: tile })
      .getByRole('button', { name: /Alles klopt/ })
      .click();
    await expect.poll(() => meta.textContent()).toContain('Alle plekken bevestigd');
  });

  it("a family unit's text says the total it takes, as the fit rules do", async () => {
    const { tile } = await ownPlace(); // 4 beds, max. 2 adults, max. 3 children
    expect(await tile.locator('.facts').textContent()).toContain('4 bedden: samen max. 4 personen (max. 2 volw., max. 3 kinderen)');
  });

  it('the header and navigation leave the phone screen to the places', async () => {
    await page.reload();
    await page.locator('.tile').first().waitFor();
    const main = (await page.locator('main').boundingBox())!;
    // Was 209 px of 740 with a wrapped navigation and the tagline.
    expect(main.y).toBeLessThanOrEqual(PHONE.height / 6);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('button', { name: 'Uitloggen' }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 90_000);
});

describe('the admin form', () => {
  it('warns when a family unit has fewer beds than its adults and children together', async () => {
    const locationId = await newLocation(admin, organisationId);
    const { id } = await newPlace(admin, locationId); // 4 beds, max. 2 adults, max. 3 children
    const place = await dashboard.server.db
      .selectFrom('places')
      .innerJoin('locations', 'locations.id', 'places.location_id')
      .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
      .select(['places.label', 'locations.name as location', 'organisations.name as organisation'])
      .where('places.id', '=', id)
      .executeTakeFirstOrThrow();
    const adminPage = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, { width: 1280, height: 900 });
    try {
      await adminPage.getByRole('button', { name: `Locaties van ${place.organisation}`, exact: true }).click();
      await adminPage.getByRole('button', { name: `Plekken van ${place.location}`, exact: true }).click();
      await adminPage
        .locator(`[data-place-id="${id}"]`)
        .getByRole('button', { name: `Bewerken: ${place.label}`, exact: true })
        .click();
      const warning = adminPage.locator('form .warning');
      await expect.poll(() => warning.textContent()).toContain('4 bedden, maar max. 2 volwassenen + 3 kinderen is 5 personen');
      await adminPage.getByLabel(/^Aantal bedden/).fill('5');
      await expect.poll(() => warning.count()).toBe(0);
      await adminPage.getByLabel(/^Maximaal aantal kinderen/).fill('4');
      await expect.poll(() => warning.textContent()).toContain('5 bedden, maar max. 2 volwassenen + 4 kinderen is 6 personen');
      expect(await accessibilityViolations(adminPage)).toEqual([]);
    } finally {
      await adminPage.context().close();
    }
  });
});
