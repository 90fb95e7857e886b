import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';

import { accessibilityViolations, logIn, openAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';
import { loginCookie } from '../helpers/live.ts';

// The admin page at /beheer as admin@demo.noodbed.nl uses it, on a phone: a new organisation with a
// location and a family unit, a shelter-staff account for it, and that person's first login.

const dashboard = useDashboard();

/** Every admin page state is checked the same way: WCAG 2.1 A/AA by axe, and no sideways scroll at 360 px. */
async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);
const status = (page: Page) => page.locator('.status-message').textContent();

it('creates an organisation, a location, a family unit and a shelter-staff user, who then sees the place', async () => {
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin);
  await admin.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
  await admin.locator('.admin-item').first().waitFor();
  await expectAccessible(admin);

  // Organisation: an empty name is refused by the server, next to the field, which gets focus.
  await admin.getByRole('button', { name: 'Nieuwe organisatie' }).click();
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  const name = admin.getByLabel(/^Naam/);
  await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
  expect(await focusedId(admin)).toBe('org-new-name');
  expect(await admin.locator('#org-new-name-error').textContent()).toContain('Vul dit veld in.');
  await expectAccessible(admin);
  await name.fill('Stichting Vechtoever');
  await admin.getByLabel(/^Soort/).selectOption('vrouwenopvang');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await admin.getByRole('heading', { name: 'Locaties van Stichting Vechtoever' }).waitFor();
  await expect.poll(() => status(admin)).toContain('Organisatie Stichting Vechtoever is aangemaakt.');

  // Location: an invalid postal code shows the server's reason, in Dutch, at the postal code field.
  await admin.getByRole('button', { name: 'Nieuwe locatie' }).click();
  await admin.getByLabel(/^Naam van de locatie/).fill('Huis aan de Vecht');
  await admin.getByLabel(/^Gemeente/).selectOption('GM0344');
  await admin.getByLabel(/^Vangt op/).selectOption('women');
  await admin.getByLabel(/^Straat en huisnummer/).fill('Geheimstraat 1');
  const postalCode = admin.getByLabel(/^Postcode/);
  await postalCode.fill('35AB');
  await admin.getByLabel(/^Plaats/).fill('Utrecht');
  await admin.getByLabel(/^Telefoon intake/).fill('030 123 45 67');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => postalCode.getAttribute('aria-invalid')).toBe('true');
  expect(await focusedId(admin)).toBe('loc-new-postal');
  expect(await admin.locator('#loc-new-postal-error').textContent()).toContain('Vul een Nederlandse postcode in, zoals 3511 AB.');
  expect(await postalCode.getAttribute('aria-describedby')).toBe('loc-new-postal-error');
  await expectAccessible(admin);
  await postalCode.fill('3511 AB');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await admin.getByRole('heading', { name: 'Plekken van Huis aan de Vecht' }).waitFor();
  await expect.poll(() => status(admin)).toContain('Locatie Huis aan de Vecht is aangemaakt.');

  // A family unit with its capacity and fit attributes.
  await admin.getByRole('button', { name: 'Nieuwe plek' }).click();
  await admin.getByLabel(/^Naam van de plek/).fill('Gezinsplek Vecht 1');
  await admin.getByLabel(/^Soort plek/).selectOption('family_unit');
  await admin.getByLabel(/^Aantal bedden/).fill('4');
  await admin.getByLabel(/^Maximaal aantal volwassenen/).selectOption('1');
  await admin.getByLabel(/^Maximaal aantal kinderen/).fill('3');
  await admin.getByLabel(/^Oudste zoon/).fill('12');
  await admin.getByLabel(/^Toegankelijkheid/).selectOption('wheelchair');
  await admin.getByLabel('Huisdieren toegestaan').check();
  await expectAccessible(admin);
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await admin.locator('.admin-item', { hasText: 'Gezinsplek Vecht 1' }).waitFor();
  const place = await dashboard.server.db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select([
      'places.id',
      'places.kind',
      'places.beds',
      'places.max_adults',
      'places.max_children',
      'places.max_boy_age',
      'places.accessibility',
      'places.pets_allowed',
      'places.version',
      'locations.organisation_id',
    ])
    .where('places.label', '=', 'Gezinsplek Vecht 1')
    .executeTakeFirstOrThrow();
  expect(place).toMatchObject({
    kind: 'family_unit',
    beds: 4,
    max_adults: 1,
    max_children: 3,
    max_boy_age: 12,
    accessibility: 'wheelchair',
    pets_allowed: true,
    version: 1,
  });

  // Its attributes change based on its version; a family unit with 1 bed is refused at the beds field.
  await admin.getByRole('button', { name: 'Bewerken: Gezinsplek Vecht 1' }).click();
  const beds = admin.getByLabel(/^Aantal bedden/);
  await beds.fill('1');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => beds.getAttribute('aria-invalid')).toBe('true');
  expect(await focusedId(admin)).toBe(`place-${place.id}-beds`);
  await expectAccessible(admin);
  await beds.fill('5');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => status(admin)).toContain('Gezinsplek Vecht 1 is opgeslagen.');
  const changed = await dashboard.server.db.selectFrom('places').select(['beds', 'version']).where('id', '=', place.id).executeTakeFirstOrThrow();
  expect(changed).toEqual({ beds: 5, version: 2 });

  // A shelter-staff account: an email address in use is refused at the email field.
  await admin.getByRole('button', { name: 'Gebruikers' }).click();
  await admin.getByRole('button', { name: 'Nieuwe gebruiker' }).click();
  const email = admin.getByLabel(/^E-mailadres/);
  await email.fill(DEMO.crisis);
  await admin.getByLabel(/^Naam/).fill('Vera Vecht');
  await admin.getByLabel(/^Rol/).selectOption('shelter_staff');
  await admin.getByLabel(/^Organisatie/).selectOption({ label: 'Stichting Vechtoever' });
  await admin.getByLabel(/^Eerste wachtwoord/).fill('vecht-wachtwoord-1');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  // A save hashes a password first: slow on a busy machine, so the answer is waited for, not timed.
  await expect.poll(() => email.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
  expect(await focusedId(admin)).toBe('user-new-email');
  expect(await admin.locator('#user-new-email-error').textContent()).toContain('Er is al een gebruiker met dit e-mailadres.');
  await expectAccessible(admin);
  await email.fill('vera@vechtoever.nl');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => status(admin), { timeout: 20_000 }).toContain('Gebruiker vera@vechtoever.nl is aangemaakt.');
  await admin.getByLabel('Toon rol').selectOption('shelter_staff');
  await admin.locator('.admin-item', { hasText: 'vera@vechtoever.nl' }).waitFor();
  await expectAccessible(admin);

  // The audit log, newest first, starts with the user just made.
  await admin.getByRole('button', { name: 'Auditlog' }).click();
  await expect.poll(() => admin.locator('.admin-item').first().textContent()).toContain('Gebruiker aangemaakt');
  await expectAccessible(admin);

  // Vera's first login lands on her shelter page, with the new family unit.
  const vera = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  await logIn(vera, dashboard.server.url, 'vera@vechtoever.nl', 'vecht-wachtwoord-1');
  await vera.getByRole('heading', { name: 'Huis aan de Vecht' }).waitFor();
  expect(await vera.locator(`[data-place-id="${place.id}"]`).textContent()).toContain('Gezinsplek Vecht 1');
}, 180_000);

it("changes a user's role and disables and enables an account", async () => {
  const user = await insertUser(dashboard.server.db, { role: 'analyst', passwordHash: 'not-used' });
  await dashboard.server.db.updateTable('users').set({ name: 'Anna Analist' }).where('id', '=', user.id).execute();
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, { width: 1280, height: 900 });
  await admin.getByRole('button', { name: 'Gebruikers' }).click();
  await admin.getByLabel('Toon rol').selectOption('analyst');
  const item = admin.locator('.admin-item', { hasText: user.email });
  await item.waitFor();

  await item.getByRole('button', { name: 'Bewerken: Anna Analist' }).click();
  await admin.getByLabel(/^Rol/).selectOption('crisis_worker');
  // A crisis worker joins a team: the organisations offered are the Veilig Thuis teams only.
  const teams = await dashboard.server.db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'veilig_thuis').orderBy('name').execute();
  const organisation = admin.getByLabel(/^Organisatie/);
  expect((await organisation.locator('option').allTextContents()).slice(1).sort()).toEqual(teams.map((team) => team.name).sort());
  await organisation.selectOption(teams[0]!.id);
  await expectAccessible(admin);
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => status(admin)).toContain(`Gebruiker ${user.email} is opgeslagen.`);
  const row = () =>
    dashboard.server.db.selectFrom('users').select(['role', 'organisation_id', 'disabled_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
  expect(await row()).toMatchObject({ role: 'crisis_worker', organisation_id: teams[0]!.id });

  await admin.getByLabel('Toon rol').selectOption('crisis_worker');
  await admin.getByRole('button', { name: 'Anna Analist uitschakelen' }).click();
  await admin.getByRole('button', { name: 'Ja, uitschakelen' }).click();
  await expect.poll(() => status(admin)).toContain(`${user.email} is uitgeschakeld`);
  expect((await row()).disabled_at).not.toBeNull();
  await admin.getByRole('button', { name: 'Anna Analist inschakelen' }).click();
  await expect.poll(() => status(admin)).toContain(`${user.email} is weer ingeschakeld.`);
  expect((await row()).disabled_at).toBeNull();
}, 120_000);

it('does not overwrite a place changed in the meantime: says so and shows the current values', async () => {
  const place = await dashboard.server.db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
    .select(['places.id', 'places.label', 'places.version', 'locations.name as location', 'organisations.name as organisation'])
    .where('places.status', '=', 'available')
    .where('places.kind', '=', 'family_unit')
    .orderBy('places.id')
    .executeTakeFirstOrThrow();
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, { width: 1280, height: 900 });
  await admin.getByRole('button', { name: `Locaties van ${place.organisation}`, exact: true }).click();
  await admin.getByRole('button', { name: `Plekken van ${place.location}`, exact: true }).click();
  const item = admin.locator(`[data-place-id="${place.id}"]`);
  await item.getByRole('button', { name: `Bewerken: ${place.label}`, exact: true }).click();
  await admin.getByLabel(/^Naam van de plek/).fill('Mijn nieuwe naam');

  // Meanwhile the shelter marks it occupied: the place's version moves on.
  const cookie = await loginCookie(dashboard.server.url, DEMO.admin);
  const response = await fetch(`${dashboard.server.url}/api/v1/places/${place.id}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: dashboard.server.url },
    body: JSON.stringify({ version: place.version, status: 'occupied' }),
  });
  expect(response.status).toBe(200);

  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => status(admin)).toContain(`${place.label} is intussen gewijzigd.`);
  const label = admin.getByLabel(/^Naam van de plek/);
  await expect.poll(() => label.inputValue()).toBe(place.label);
  expect(await focusedId(admin)).toBe(`place-${place.id}-label`);
  expect(await item.textContent()).toContain('Bezet');
  await expectAccessible(admin);
  const row = await dashboard.server.db.selectFrom('places').select(['label', 'version']).where('id', '=', place.id).executeTakeFirstOrThrow();
  expect(row).toEqual({ label: place.label, version: place.version + 1 });

  // Saving again, now on the current version, goes through.
  await label.fill('Mijn nieuwe naam');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => status(admin)).toContain('Mijn nieuwe naam is opgeslagen.');
}, 120_000);

it('is in English when English is chosen', async () => {
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin);
  await admin.getByRole('button', { name: 'English' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  await admin.getByRole('button', { name: 'New organisation' }).click();
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => admin.locator('#org-new-name-error').textContent()).toContain('Please fill in this field.');
  expect(await admin.getByLabel('Name (required)').getAttribute('aria-invalid')).toBe('true');
  expect(await admin.evaluate(() => document.documentElement.lang)).toBe('en');
  await expectAccessible(admin);
}, 120_000);
