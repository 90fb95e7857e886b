import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { openAsNewAdmin } from '../helpers/admin-page.ts';
import { accessibilityViolations, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { insertUser, testName } from '../helpers/factories.ts';

// A region officer's region is set in the admin's user form, when the user is made and when they
// are changed (PATCH /users takes regionCode too): a select of the default scheme's regions, shown
// for the role region officer. The server is the one that refuses a missing region; its 400 is shown
// at the field, which gets focus.

const dashboard = useDashboard();

const regionOf = (email: string) =>
  dashboard.server.db.selectFrom('users').select(['role', 'region_code']).where('email', '=', email).executeTakeFirstOrThrow();

async function editUser(page: Page, name: string, email: string) {
  const item = page.locator('.admin-item', { hasText: email });
  await item.getByRole('button', { name: `Bewerken: ${name}` }).click();
  return page.getByRole('form', { name: `${name} wijzigen` });
}

it("creates a region officer with a region, then changes the region in the user's form", async () => {
  const email = `regio.${testName().toLowerCase()}@example.org`;
  const name = `Regio ${testName()}`;
  const page = await openAsNewAdmin(dashboard, '/beheer?section=users');
  try {
    await page.getByRole('button', { name: 'Nieuwe gebruiker' }).click();
    await page.getByLabel(/^E-mailadres/).fill(email);
    await page.getByLabel(/^Naam/).fill(name);
    await page.getByLabel(/^Rol/).selectOption('region_officer');
    await page.getByLabel(/^Eerste wachtwoord/).fill('een-lang-wachtwoord-voor-de-regio');
    const region = page.getByLabel(/^Regio/);
    await expect.poll(() => region.locator('option').count()).toBe(26);
    await region.selectOption('VR09');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(`Gebruiker ${email} is aangemaakt.`).waitFor();
    expect(await regionOf(email)).toEqual({ role: 'region_officer', region_code: 'VR09' });

    // The list says the region; the form opens on it.
    await page.getByLabel('Toon rol').selectOption('region_officer');
    const item = page.locator('.admin-item', { hasText: email });
    expect(await item.locator('.meta').textContent()).toContain('VR09');
    const form = await editUser(page, name, email);
    const edited = form.getByLabel(/^Regio/);
    await expect.poll(() => edited.inputValue()).toBe('VR09');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBe(0);

    await edited.selectOption('VR03');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(`Gebruiker ${email} is opgeslagen.`).waitFor();
    expect(await regionOf(email)).toEqual({ role: 'region_officer', region_code: 'VR03' });
  } finally {
    await page.context().close();
  }
}, 120_000);

it("the server's refusal of a missing region is shown at the region field, and a region chosen then saves", async () => {
  const user = await insertUser(dashboard.server.db, { role: 'analyst', passwordHash: await hashPassword('een-lang-wachtwoord-dat-niemand-gebruikt') });
  const name = `Analist ${testName()}`;
  await dashboard.server.db.updateTable('users').set({ name }).where('id', '=', user.id).execute();
  const page = await openAsNewAdmin(dashboard, '/beheer?section=users');
  try {
    await page.getByLabel('Toon rol').selectOption('analyst');
    const form = await editUser(page, name, user.email);
    await form.getByLabel(/^Rol/).selectOption('region_officer');
    const region = form.getByLabel(/^Regio/);
    await expect.poll(() => region.locator('option').count()).toBe(26);

    // Saved without a region: the form does not check it itself (novalidate), the server answers 400.
    const answer = page.waitForResponse((r) => r.url().includes(`/api/v1/users/${user.id}`) && r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    const response = await answer;
    expect(response.status()).toBe(400);
    expect(((await response.json()) as { invalidParams: Array<{ name: string }> }).invalidParams.map((p) => p.name)).toEqual(['body.regionCode']);
    await expect.poll(() => region.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#user-${user.id}-region-error`).textContent()).toMatch(/Vul dit veld in|Kies de regio/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`user-${user.id}-region`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await regionOf(user.email)).toEqual({ role: 'analyst', region_code: null });

    await region.selectOption('VR13');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(`Gebruiker ${user.email} is opgeslagen.`).waitFor();
    expect(await regionOf(user.email)).toEqual({ role: 'region_officer', region_code: 'VR13' });
  } finally {
    await page.context().close();
  }
}, 120_000);

it('regions that failed to load are offered again with "Opnieuw proberen"', async () => {
  const page = await openAsNewAdmin(dashboard, '/beheer?section=users');
  try {
    const body = JSON.stringify({ type: 'about:blank', title: 'Service unavailable', code: 'service_unavailable', status: 503, detail: 'Restarting.' });
    await page.route('**/api/v1/regions', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body }), { times: 1 });
    await page.getByRole('button', { name: 'Nieuwe gebruiker' }).click();
    await page.getByLabel(/^Rol/).selectOption('region_officer');
    const alert = page.locator('.admin-form .error-retry');
    await alert.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await expect
      .poll(() =>
        page
          .getByLabel(/^Regio/)
          .locator('option')
          .count(),
      )
      .toBe(26);
    expect(await alert.count()).toBe(0);
  } finally {
    await page.context().close();
  }
}, 120_000);
