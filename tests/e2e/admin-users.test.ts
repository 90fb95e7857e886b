import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { accessibilityViolations, logIn, openAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertUser } from '../helpers/factories.ts';

// Issue 12: an admin takes access away and hands it over from the users' list on /beheer, on a
// phone: disabling, resetting the second factors and a one-time set-password link each ask first,
// are audited, and the link is shown once.

const dashboard = useDashboard();
const PASSWORD = 'een-lang-testwachtwoord';

async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const status = (page: Page) => page.locator('.status-message').textContent();
const auditOf = (subjectId: string) =>
  dashboard.server.db
    .selectFrom('audit_log')
    .select('action')
    .where('subject_id', '=', subjectId)
    .where('action', 'like', 'user.%')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => r.action));

/** A shelter worker with a name of their own and an enrolled authenticator app (their first login). */
async function shelterWorker(name: string) {
  const organisation = await dashboard.server.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '<>', 'veilig_thuis')
    .limit(1)
    .executeTakeFirstOrThrow();
  const user = await insertUser(dashboard.server.db, { role: 'shelter_staff', organisationId: organisation.id, passwordHash: await hashPassword(PASSWORD) });
  await dashboard.server.db.updateTable('users').set({ name }).where('id', '=', user.id).execute();
  const page = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  await logIn(page, dashboard.server.url, user.email, PASSWORD);
  await page.context().close();
  return user;
}

async function usersPage(role = 'shelter_staff') {
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin);
  await admin.getByRole('button', { name: 'Gebruikers' }).click();
  await admin.getByLabel('Toon rol').selectOption(role);
  return admin;
}

it("resets a user's second factors after a confirmation (cancel changes nothing); audited; the user enrols again", async () => {
  const user = await shelterWorker('Femke Factor');
  const factors = () => dashboard.server.db.selectFrom('user_factors').select('id').where('user_id', '=', user.id).execute();
  expect(await factors()).toHaveLength(1);
  const admin = await usersPage();
  const item = admin.locator('.admin-item', { hasText: user.email });

  await item.getByRole('button', { name: 'Tweede factoren van Femke Factor resetten' }).click();
  await item.getByText(/Alle tweede factoren en herstelcodes van Femke Factor verwijderen\?/).waitFor();
  await expectAccessible(admin);
  await item.getByRole('button', { name: 'Annuleren' }).click();
  expect(await factors()).toHaveLength(1);
  expect(await auditOf(user.id)).not.toContain('user.factors_reset');

  await item.getByRole('button', { name: 'Tweede factoren van Femke Factor resetten' }).click();
  await item.getByRole('button', { name: 'Ja, factoren resetten' }).click();
  await expect.poll(() => status(admin)).toContain(`Tweede factoren van ${user.email} gereset (1 verwijderd).`);
  expect(await factors()).toHaveLength(0);
  expect(await auditOf(user.id)).toContain('user.factors_reset');

  // Their next login asks them to set up a factor again.
  const page = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  await page.goto(dashboard.server.url);
  await page.getByLabel(/E-mailadres/).fill(user.email);
  await page.getByLabel(/Wachtwoord/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('button', { name: 'Authenticator-app instellen' }).waitFor();
  await page.context().close();
}, 180_000);

it('issues a one-time set-password link after a confirmation, shown once, that sets the password once', async () => {
  const user = await shelterWorker('Pieter Link');
  const admin = await usersPage();
  const item = admin.locator('.admin-item', { hasText: user.email });

  await item.getByRole('button', { name: 'Wachtwoordlink voor Pieter Link maken' }).click();
  await item.getByRole('button', { name: 'Annuleren' }).click();
  expect(await auditOf(user.id)).not.toContain('user.password_link_issued');

  await item.getByRole('button', { name: 'Wachtwoordlink voor Pieter Link maken' }).click();
  await item.getByRole('button', { name: 'Ja, link maken' }).click();
  const field = item.getByLabel('Eenmalige link voor Pieter Link');
  await field.waitFor();
  const url = await field.inputValue();
  expect(url).toMatch(new RegExp(`^${dashboard.server.url}/wachtwoord#[A-Za-z0-9_-]{40,}$`));
  expect(await item.textContent()).toContain('maar één keer getoond');
  await item.getByRole('button', { name: 'Link kopiëren' }).click();
  await expect.poll(() => item.getByRole('status').textContent()).toMatch(/Gekopieerd|selecteer de link/);
  await expectAccessible(admin);
  expect(await auditOf(user.id)).toContain('user.password_link_issued');
  // Only the token's hash is stored.
  const stored = JSON.stringify(await dashboard.server.db.selectFrom('password_links').selectAll().where('user_id', '=', user.id).execute());
  expect(stored).not.toContain(url.split('#')[1]);

  // Hidden once done, and not shown again after a reload.
  await item.getByRole('button', { name: 'Klaar, link verbergen' }).click();
  expect(await item.getByLabel('Eenmalige link voor Pieter Link').count()).toBe(0);
  await admin.reload();
  await admin.getByRole('button', { name: 'Gebruikers' }).click();
  await admin.getByLabel('Toon rol').selectOption('shelter_staff');
  await admin.locator('.admin-item', { hasText: user.email }).waitFor();
  expect(await admin.getByTestId('password-link').count()).toBe(0);

  // The user sets a password with it; a second use is refused.
  const page = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  await page.goto(url);
  await page.locator('#new-password').fill(`${PASSWORD}-nieuw`);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Uw wachtwoord is ingesteld').waitFor();
  await page.context().close();
  const again = await fetch(`${dashboard.server.url}/api/v1/password-resets`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: url.split('#')[1], password: `${PASSWORD}-anders` }),
  });
  expect(again.status).toBe(400);
}, 180_000);

it('disables a user only after a confirmation; enabling needs none', async () => {
  const user = await insertUser(dashboard.server.db, { role: 'analyst', passwordHash: 'not-used' });
  await dashboard.server.db.updateTable('users').set({ name: 'Dirk Dicht' }).where('id', '=', user.id).execute();
  const disabledAt = async () =>
    (await dashboard.server.db.selectFrom('users').select('disabled_at').where('id', '=', user.id).executeTakeFirstOrThrow()).disabled_at;
  const admin = await usersPage('analyst');
  const item = admin.locator('.admin-item', { hasText: user.email });

  await item.getByRole('button', { name: 'Dirk Dicht uitschakelen' }).click();
  await item.getByText(/Dirk Dicht uitschakelen\? Alle sessies eindigen direct/).waitFor();
  // The confirmation has the focus, so a keyboard user answers it at once.
  expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe('Ja, uitschakelen');
  await expectAccessible(admin);
  await item.getByRole('button', { name: 'Annuleren' }).click();
  expect(await disabledAt()).toBeNull();

  await item.getByRole('button', { name: 'Dirk Dicht uitschakelen' }).click();
  await item.getByRole('button', { name: 'Ja, uitschakelen' }).click();
  await expect.poll(() => status(admin)).toContain(`${user.email} is uitgeschakeld`);
  expect(await disabledAt()).not.toBeNull();
  await admin.locator('.admin-item', { hasText: user.email }).getByRole('button', { name: 'Dirk Dicht inschakelen' }).click();
  await expect.poll(() => status(admin)).toContain(`${user.email} is weer ingeschakeld.`);
  expect(await disabledAt()).toBeNull();
}, 120_000);
