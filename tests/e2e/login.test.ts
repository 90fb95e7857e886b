import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { OPERATOR } from '../../server/policy/operator.ts';
import { createUser } from '../../server/users/users.repository.ts';
import { accessibilityViolations, logIn, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO, freshTotpCode, loginAs, overHttp } from '../helpers/client.ts';

// Issue 12 in a real Chromium: an admin enrols an authenticator app at the first login and logs in
// with it; a disabled user's open page is cleared within seconds and says why.

const dashboard = useDashboard();
const PASSWORD = 'paard-batterij-nietje-correct';
const heading = (page: Page) => page.locator('h1').first().textContent();

async function newPage(): Promise<Page> {
  return (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
}

async function fillLogin(page: Page, email: string, baseUrl = dashboard.server.url) {
  await page.goto(baseUrl);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

describe('second factor in the browser', () => {
  it('an admin without a factor enrols an authenticator app at the first login, then logs in with its code', async () => {
    const email = `beheer-${Date.now()}@test.noodbed.nl`;
    await createUser(
      { db: dashboard.server.db, actor: OPERATOR },
      { email, name: 'Nieuwe Beheerder', role: 'admin', organisationId: null, password: PASSWORD },
    );
    const page = await newPage();
    await fillLogin(page, email);
    await expect.poll(() => heading(page)).toBe('Stel een tweede factor in');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Authenticator-app instellen' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Code').fill(await freshTotpCode(secret));
    await page.getByRole('button', { name: 'App bevestigen' }).click();

    await expect.poll(() => heading(page)).toBe('Uw herstelcodes');
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /Ik heb de codes bewaard/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/beheer');
    await page.getByRole('button', { name: 'Uitloggen' }).click();

    await fillLogin(page, email);
    await expect.poll(() => heading(page)).toBe('Tweede stap: uw code');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('klopt niet');
    await page.getByLabel('Code').fill(await freshTotpCode(secret));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/beheer');
    await page.context().close();
  }, 120_000);
});

describe('passkeys in the browser', () => {
  it("a passkey is enrolled and used through Chromium's virtual authenticator", async () => {
    // WebAuthn refuses IP addresses as the relying party; localhost is allowed without TLS.
    const baseUrl = dashboard.server.url.replace('127.0.0.1', 'localhost');
    const email = `passkey-${Date.now()}@test.noodbed.nl`;
    await createUser(
      { db: dashboard.server.db, actor: OPERATOR },
      { email, name: 'Passkey Beheerder', role: 'admin', organisationId: null, password: PASSWORD },
    );
    const context = await dashboard.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await fillLogin(page, email, baseUrl);
    await expect.poll(() => heading(page)).toBe('Stel een tweede factor in');
    await page.getByRole('button', { name: 'Passkey instellen' }).click();
    await expect.poll(() => heading(page)).toBe('Uw herstelcodes');
    const stored = await dashboard.server.db
      .selectFrom('user_factors')
      .innerJoin('users', 'users.id', 'user_factors.user_id')
      .select(['kind', 'credential_id'])
      .where('users.email', '=', email)
      .execute();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(stored).toEqual([{ kind: 'passkey', credential_id: Buffer.from(credentials[0]!.credentialId, 'base64').toString('base64url') }]);
    await page.getByRole('button', { name: /Ik heb de codes bewaard/ }).click();
    await page.getByRole('button', { name: 'Uitloggen' }).click();

    await fillLogin(page, email, baseUrl);
    await expect.poll(() => heading(page)).toBe('Tweede stap: uw code');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Inloggen met passkey' }).click();
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/beheer');
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount);
    await context.close();
  }, 120_000);
});

describe('passwords in the browser', () => {
  it('a one-time set-password link sets a password; the user then changes it on their account page', async () => {
    const api = overHttp(dashboard.server.url);
    const admin = await loginAs(api, DEMO.admin);
    const email = `analist-${Date.now()}@test.noodbed.nl`;
    const created = await admin.post('/users', { email, name: 'Analist Link', role: 'analyst', password: `${PASSWORD}-eerst` });
    const { id } = (await created.json()) as { id: string };
    const { url } = (await (await admin.post(`/users/${id}/password-links`)).json()) as { url: string };

    const page = await newPage();
    await page.goto(url);
    await expect.poll(() => heading(page)).toBe('Wachtwoord instellen');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('#new-password').fill('password1234');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.locator('#new-password').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('#new-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Uw wachtwoord is ingesteld').waitFor();
    expect(new URL(page.url()).hash).toBe('');

    await logIn(page, dashboard.server.url, email, PASSWORD);
    await page.getByRole('link', { name: 'Mijn account' }).click();
    await expect.poll(() => heading(page)).toBe('Mijn account');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('#current-password').fill(PASSWORD);
    await page.locator('#new-password').fill(`${PASSWORD}-nieuw`);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Uw wachtwoord is gewijzigd').waitFor();
    expect(
      (
        await api.request('/api/v1/sessions', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password: `${PASSWORD}-nieuw` }),
        })
      ).status,
    ).toBe(201);
    await page.context().close();
  }, 120_000);
});

describe('sessions end on screen', () => {
  it("a disabled user's open page is cleared within 5 s and says why", async () => {
    const api = overHttp(dashboard.server.url);
    const admin = await loginAs(api, DEMO.admin);
    const organisation = await dashboard.server.db.selectFrom('users').select('organisation_id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
    const email = `opvang-${Date.now()}@test.noodbed.nl`;
    const created = await admin.post('/users', {
      email,
      name: 'Opvang Tijdelijk',
      role: 'shelter_staff',
      organisationId: organisation.organisation_id,
      password: PASSWORD,
    });
    const { id } = (await created.json()) as { id: string };
    await loginAs(api, email, PASSWORD); // enrols the authenticator app the browser login then uses

    const page = await newPage();
    await logIn(page, dashboard.server.url, email, PASSWORD);
    await page.locator('.tile').first().waitFor();
    expect(await page.locator('.address').count()).toBeGreaterThan(0);

    expect((await admin.patch(`/users/${id}`, { disabled: true })).status).toBe(200);
    const disabledAt = Date.now();
    await page.getByText('Uw sessie is beëindigd').waitFor({ timeout: 5_000 });
    expect(Date.now() - disabledAt).toBeLessThan(5_000);
    expect(await page.locator('.tile').count()).toBe(0);
    expect(await page.locator('.address').count()).toBe(0);
    expect(await heading(page)).toBe('Inloggen');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
