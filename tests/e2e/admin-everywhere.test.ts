import { expect, it } from 'vitest';

import { accessibilityViolations, openAs, PHONE, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertLocation, insertTeam, testName } from '../helpers/factories.ts';

// Issue 18, the admin's other tools and points seen everywhere: organisations searched by name and
// kind, a region officer made with a region picker (errors at the field), the login page saying what
// each role does, and a lost connection said in the user's language instead of the browser's.

const dashboard = useDashboard();

it('finds organisations by part of the name and by kind', async () => {
  const db = dashboard.server.db;
  const locationId = await insertLocation(db);
  const { name } = await db
    .selectFrom('organisations')
    .innerJoin('locations', 'locations.organisation_id', 'organisations.id')
    .select('organisations.name')
    .where('locations.id', '=', locationId)
    .executeTakeFirstOrThrow();
  const team = await insertTeam(db);
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, PHONE);
  try {
    const items = admin.locator('.admin-item');
    await items.first().waitFor();
    const all = await items.count();
    await admin.getByLabel('Zoek op naam').fill(name.slice(-6).toUpperCase());
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getByRole('heading').textContent()).toBe(name);
    await admin.getByRole('status').getByText(`1 van ${all} organisaties`).waitFor();
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await sidewaysOverflow(admin)).toBe(0);

    await admin.getByLabel('Toon soort').selectOption('veilig_thuis');
    await expect.poll(() => items.count()).toBe(0);
    await admin.getByLabel('Zoek op naam').fill('');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const kinds = await items.locator('.meta').allTextContents();
    expect(kinds.every((k) => k.startsWith('Veilig Thuis'))).toBe(true);
    expect(await admin.locator(`.admin-item h3`).allTextContents()).toContain(
      (await db.selectFrom('organisations').select('name').where('id', '=', team).executeTakeFirstOrThrow()).name,
    );
  } finally {
    await admin.context().close();
  }
}, 120_000);

it('creates a region officer with a region picker; a missing region is said at the field', async () => {
  const email = `regio.${testName()}@example.org`;
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, PHONE);
  try {
    await admin.getByRole('button', { name: 'Gebruikers' }).click();
    await admin.getByRole('button', { name: 'Nieuwe gebruiker' }).click();
    await admin.getByLabel(/^E-mailadres/).fill(email);
    await admin.getByLabel(/^Naam/).fill(`Regio ${testName()}`);
    await admin.getByLabel(/^Rol/).selectOption('region_officer');
    await admin.getByLabel(/^Eerste wachtwoord/).fill('een-lang-wachtwoord-voor-de-regio');
    const region = admin.getByLabel(/^Regio/);
    await expect.poll(() => region.locator('option').count()).toBe(26);
    await admin.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => region.getAttribute('aria-invalid')).toBe('true');
    const error = admin.locator('#user-new-region-error');
    expect(await error.textContent()).toMatch(/Vul dit veld in|Kies de regio/);
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('user-new-region');
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await sidewaysOverflow(admin)).toBe(0);

    await region.selectOption('VR09');
    await admin.getByRole('button', { name: 'Opslaan' }).click();
    await admin.getByText(`Gebruiker ${email} is aangemaakt.`).waitFor();
    const user = await dashboard.server.db.selectFrom('users').select(['role', 'region_code']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(user).toEqual({ role: 'region_officer', region_code: 'VR09' });
  } finally {
    await admin.context().close();
  }
}, 120_000);

it('says on the login page what each role does, at 360 px, without axe violations', async () => {
  const page = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  try {
    await page.goto(dashboard.server.url);
    const roles = page.getByRole('region', { name: 'Wie werkt met Noodbed?' });
    await roles.waitFor();
    const lines = await roles.getByRole('listitem').allTextContents();
    expect(lines).toHaveLength(5);
    expect(lines.join('\n')).toContain('Regiofunctionaris: beoordeelt de datakwaliteit');
    expect(lines.join('\n')).toContain('Crisisdienst: zoekt voor een huishouden een passende vrije plek');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBe(0);
  } finally {
    await page.context().close();
  }
}, 60_000);

it("says a lost connection in the user's language, not the browser's 'Failed to fetch'", async () => {
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, PHONE);
  try {
    await admin.route('**/api/v1/audit-log?**', (route) => route.abort('internetdisconnected'));
    await admin.getByRole('button', { name: 'Auditlog' }).click();
    const message = admin.locator('.error-retry');
    await expect.poll(() => message.textContent()).toContain('Laden mislukt: geen verbinding met de server.');
    expect(await message.textContent()).not.toContain('Failed to fetch');
  } finally {
    await admin.context().close();
  }
}, 60_000);
