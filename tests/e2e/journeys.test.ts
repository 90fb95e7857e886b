import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { accessibilityViolations, focusedElement, focusIsVisible, logIn, PHONE, sidewaysOverflow, tabUntil, useDashboard } from '../helpers/browser.ts';
import { DEMO, totpCodeFor } from '../helpers/client.ts';

// Whole journeys through the real login form, for every demo account: where each role lands, the
// wrong-password answer, the English interface, keyboard-only use of the two working pages, and
// every page at phone size. axe-core checks each page and state on the way.

const dashboard = useDashboard();

const DESKTOP = { width: 1280, height: 900 };

/** A fresh browser context per journey, as a separate person's browser. */
async function openPage(viewport = DESKTOP): Promise<Page> {
  return (await dashboard.browser.newContext({ viewport })).newPage();
}

const heading = (page: Page) => page.locator('main h1').textContent();

/** What shows that a page has its data, not just its heading. */
const READY: Record<string, string> = {
  '/': 'table.regions tbody tr',
  '/opvang': '.tile',
  '/zoeken': 'form.household',
  '/statistieken': '#flows-heading',
  '/beheer': '.admin-item',
};

describe('login and logout for each role', () => {
  it.each([
    [DEMO.admin, '/beheer', 'Beheer', 'Demo Beheerder'],
    [DEMO.shelter, '/opvang', 'Mijn plekken', 'Demo Opvang Utrecht'],
    [DEMO.shelter2, '/opvang', 'Mijn plekken', 'Demo Opvang Amsterdam'],
    [DEMO.crisis, '/zoeken', 'Plek zoeken voor een huishouden', 'Demo Veilig Thuis Utrecht'],
    [DEMO.crisis2, '/zoeken', 'Plek zoeken voor een huishouden', 'Demo Veilig Thuis Amsterdam'],
    [DEMO.analyst, '/statistieken', 'Statistieken', 'Demo Analist VNG'],
  ])('%s lands on %s and logs out', async (email, path, title, name) => {
    const page = await openPage();
    await logIn(page, dashboard.server.url, email);
    await expect.poll(() => new URL(page.url()).pathname).toBe(path);
    await expect.poll(() => heading(page)).toBe(title);
    expect(await page.getByText(`Ingelogd als ${name}`).count()).toBe(1);

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect.poll(() => heading(page)).toBe('Inloggen');
    // The session is gone on the server too, not only from the screen.
    expect((await page.request.get(`${dashboard.server.url}/api/v1/sessions/current`)).status()).toBe(401);
    await page.reload();
    await expect.poll(() => heading(page)).toBe('Inloggen');
    await page.context().close();
  });
});

describe('a wrong password', () => {
  async function failLogin(page: Page, email: string) {
    await page.goto(dashboard.server.url);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('niet-het-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('alert').waitFor();
    return (await page.getByRole('alert').textContent())!.trim();
  }

  it('says so in Dutch, marks the fields invalid, and reads the same whether or not the account exists', async () => {
    const page = await openPage(PHONE);
    const known = await failLogin(page, DEMO.crisis);
    expect(known).toBe('Inloggen mislukt: e-mailadres of wachtwoord klopt niet.');
    for (const label of ['E-mailadres', 'Wachtwoord']) {
      const field = page.getByLabel(label);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      // The message is tied to the field, so a screen reader reads it on focus.
      expect(await field.getAttribute('aria-describedby')).toBe(await page.getByRole('alert').getAttribute('id'));
    }
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    const unknown = await failLogin(page, 'niemand@demo.noodbed.nl');
    expect(unknown).toBe(known);

    // Typing the right password clears the marks.
    await page.getByLabel('E-mailadres').fill(DEMO.crisis);
    await page.getByLabel('Wachtwoord').fill('noodbed-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByLabel('Code').fill((await totpCodeFor(DEMO.crisis))!);
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
    await page.context().close();
  });
});

describe('English', () => {
  it('switches every page text and <html lang>, and keeps it after a reload', async () => {
    const page = await openPage();
    await page.goto(dashboard.server.url);
    await expect.poll(() => heading(page)).toBe('Inloggen');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => heading(page)).toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Email address').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.reload();
    await expect.poll(() => heading(page)).toBe('Log in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // A wrong password, in English.
    await page.getByLabel('Email address').fill(DEMO.shelter);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Login failed: wrong email address or password.');
    expect(await accessibilityViolations(page)).toEqual([]);

    await logIn(page, dashboard.server.url, DEMO.shelter);
    await expect.poll(() => heading(page)).toBe('My places');
    await page.locator('.tile').first().waitFor();
    expect(await page.getByRole('button', { name: /^All correct: confirm \d+ places$/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Occupied' }).count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'National overview' }).click();
    await expect.poll(() => heading(page)).toBe('Availability per safety region');
    await page.locator('table.regions tbody tr').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Log out' }).click();

    await logIn(page, dashboard.server.url, DEMO.crisis);
    await expect.poll(() => heading(page)).toBe('Find a place for a household');
    expect(await page.getByRole('button', { name: 'Find fitting places' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // And back: Dutch again, also after a reload.
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect.poll(() => heading(page)).toBe('Plek zoeken voor een huishouden');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.reload();
    await expect.poll(() => heading(page)).toBe('Plek zoeken voor een huishouden');
    await page.context().close();
  }, 90_000);
});

describe('keyboard only', () => {
  it('shelter: reach a place, set it out of use with a reason, then occupied, then confirm all', async () => {
    const page = await openPage(PHONE);
    await page.goto(dashboard.server.url);
    // Even the login is typed.
    await tabUntil(page, '#email');
    await page.keyboard.type(DEMO.shelter);
    await page.keyboard.press('Tab');
    await page.keyboard.type('noodbed-demo');
    await page.keyboard.press('Enter');
    // The second step's code field takes the focus itself.
    await page.locator('#factor-code:focus').waitFor();
    await page.keyboard.type((await totpCodeFor(DEMO.shelter))!);
    await page.keyboard.press('Enter');
    await page.locator('.tile').first().waitFor();

    const target = '.tile:not(.status-held):not(.status-unavailable) button.choice-unavailable';
    await tabUntil(page, target);
    expect(await focusIsVisible(page)).toBe(true);
    const placeId = (await page.evaluate(() => document.activeElement!.closest('.tile')!.getAttribute('data-place-id')))!;
    const tile = page.locator(`.tile[data-place-id="${placeId}"]`);
    const place = () =>
      dashboard.server.db
        .selectFrom('places')
        .select(['status', 'unavailable_reason', 'confirmed_at', 'location_id'])
        .where('id', '=', placeId)
        .executeTakeFirstOrThrow();

    // Out of use asks why; focus moves into the choice of reasons.
    await page.keyboard.press('Enter');
    await tile.getByRole('group', { name: 'Waarom buiten gebruik?' }).waitFor();
    await expect.poll(() => focusedElement(page)).toContain('Onderhoud');
    expect(await focusIsVisible(page)).toBe(true);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toContain('Personeel');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await place()).unavailable_reason).toBe('staffing');
    expect((await place()).status).toBe('unavailable');
    // Back on the button that opened the choice, which now shows the new status.
    await expect.poll(() => page.evaluate((id) => document.activeElement?.matches(`[data-place-id="${id}"] button.choice-unavailable`), placeId)).toBe(true);
    await expect.poll(() => tile.getByRole('button', { name: 'Buiten gebruik' }).getAttribute('aria-pressed')).toBe('true');

    // Occupied, one key press; focus stays on the button while it saves.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toContain('Bezet');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await place()).status).toBe('occupied');
    await expect.poll(() => tile.getByRole('button', { name: 'Bezet' }).getAttribute('aria-pressed')).toBe('true');
    expect(await focusedElement(page)).toContain('Bezet');
    expect(await focusIsVisible(page)).toBe(true);

    // Back up to this location's "all correct" and confirm every place of it.
    const before = (await place()).confirmed_at;
    await tabUntil(page, 'button.confirm', { backwards: true });
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.status-message').textContent()).toContain('Bevestigd om');
    expect((await place()).confirmed_at.getTime()).toBeGreaterThan(before.getTime());
    expect(await focusedElement(page)).toContain('Alles klopt');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('crisis: fill the household, search, hold the first match', async () => {
    const page = await openPage(PHONE);
    await logIn(page, dashboard.server.url, DEMO.crisis);
    await page.locator('form.household').waitFor();
    await page.locator('#origin option').nth(1).waitFor({ state: 'attached' });

    await tabUntil(page, '#origin');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#origin').inputValue()).toMatch(/^GM\d{4}$/);
    const origin = await page.locator('#origin').inputValue();

    // A child of 9, a boy: add, then back to the new fields.
    await tabUntil(page, 'button', { text: '+ Kind toevoegen' });
    await page.keyboard.press('Enter');
    await tabUntil(page, '#child-age-0', { backwards: true });
    await page.keyboard.type('9');
    await page.keyboard.press('Tab');
    // No sex is chosen beforehand: focus is in the child's sex group, with neither checked; the worker picks "boy".
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement;
      return { name: el.name, checked: el.checked, value: el.value };
    });
    expect(focused).toMatchObject({ name: 'child-sex-0', checked: false });
    await page.keyboard.press(focused.value === 'male' ? 'Space' : 'ArrowRight');
    await expect.poll(() => page.locator('input[name="child-sex-0"][value="male"]').isChecked()).toBe(true);

    // Avoid a region: open the disclosure and tick the first one.
    await tabUntil(page, 'summary', { text: 'vermijden' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('summary', { hasText: 'vermijden' }).textContent()).toContain('(1)');

    await tabUntil(page, 'form.household button[type="submit"]');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');

    // Focus follows to the results.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('matches-heading');
    const first = page.locator('li.match').first();
    await first.waitFor();
    const request = await dashboard.server.db
      .selectFrom('placement_requests')
      .select(['id', 'origin_municipality', 'household', 'avoid_regions'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(request.origin_municipality).toBe(origin);
    expect(request.household.children).toEqual([{ age: 9, sex: 'male' }]);
    expect(request.avoid_regions).toHaveLength(1);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await tabUntil(page, 'li.match button');
    expect(await focusIsVisible(page)).toBe(true);
    const placeId = (await page.evaluate(() => document.activeElement!.closest('li.match')!.getAttribute('data-place-id')))!;
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hold-heading');
    expect(await heading(page)).toBe('Plek zoeken voor een huishouden');
    expect(await page.getByRole('heading', { name: 'Plek vastgehouden' }).count()).toBe(1);
    const hold = await dashboard.server.db.selectFrom('holds').select(['place_id', 'status']).where('request_id', '=', request.id).executeTakeFirstOrThrow();
    expect(hold).toEqual({ place_id: placeId, status: 'active' });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The hold's own buttons are next in the tab order.
    await tabUntil(page, '.hold button');
    expect(await focusIsVisible(page)).toBe(true);
    await page.context().close();
  }, 90_000);
});

describe('every page of every role at 360×740', () => {
  it('the login page fits', async () => {
    const page = await openPage(PHONE);
    await page.goto(dashboard.server.url);
    await expect.poll(() => heading(page)).toBe('Inloggen');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it.each(Object.values(DEMO))(
    '%s: no sideways scrolling and no accessibility violations',
    async (email) => {
      const page = await openPage(PHONE);
      await logIn(page, dashboard.server.url, email);
      // Every page the menu offers this role, so a page added later is checked too.
      const paths = await page.locator('nav.main-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      expect(paths).toContain('/');
      // "My places" is the shelters' page only; admins work with places under Beheer.
      expect(paths.includes('/opvang')).toBe(email === DEMO.shelter || email === DEMO.shelter2);
      for (const path of paths) {
        await page.locator(`nav.main-nav a[href="${path}"]`).click();
        await expect.poll(() => new URL(page.url()).pathname).toBe(path);
        await page
          .locator(READY[path] ?? 'main h1')
          .first()
          .waitFor();
        expect(await sidewaysOverflow(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(await accessibilityViolations(page), path).toEqual([]);
      }
      await page.context().close();
    },
    90_000,
  );
});
