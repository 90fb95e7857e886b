import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import type { Config } from '../../server/config.ts';
import { freshTotpCode, rememberTotpSecret, totpCodeFor } from './client.ts';
import { startTestServer, type TestServer } from './server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, as the browser tests need a real one. Missing, it fails loudly rather than
 * skipping: a browser test that did not run proves nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the browser tests cannot run. Install it with ` + '`apt-get install chromium` (or set CHROMIUM_PATH). .ci/run installs it.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/**
 * A browser test file's dashboard: one server on its own demo database and one Chromium, started
 * before the file's tests (and before hooks the file registers after this call) and stopped after.
 */
export function useDashboard(config: Partial<Config> = {}): { readonly server: TestServer; readonly browser: Browser } {
  const dashboard = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    [dashboard.server, dashboard.browser] = await Promise.all([startTestServer('demo', config), launchBrowser()]);
  });
  afterAll(async () => {
    await dashboard.browser?.close();
    await dashboard.server?.stop();
  });
  return dashboard;
}

/** axe-core with the WCAG 2.1 A and AA rules; returns the violations in a readable form. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export const PHONE = { width: 360, height: 740 };

/**
 * Logs in through the login form, as a person would, with the second factor's code when the
 * account has one (demo accounts share a public TOTP secret; see totpCodeFor).
 */
export async function logIn(page: Page, baseUrl: string, email: string, password = 'noodbed-demo'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel(/E-mailadres|Email address/).fill(email);
  await page.getByLabel(/Wachtwoord|Password/).fill(password);
  await page.getByRole('button', { name: /^(Inloggen|Log in)$/ }).click();
  const loggedIn = page.getByRole('button', { name: /Uitloggen|Log out/ });
  const codeField = page.locator('#factor-code');
  const enrol = page.getByRole('button', { name: /^(Authenticator-app instellen|Set up an authenticator app)$/ });
  await loggedIn.or(codeField).or(enrol).first().waitFor();
  if (await enrol.isVisible()) {
    // The first login of an account that must have a factor: enrol an app as its user would.
    await enrol.click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    rememberTotpSecret(email, secret);
    await page.locator('#enrol-code').fill(await freshTotpCode(secret, email));
    await page.getByRole('button', { name: /^(App bevestigen|Confirm the app)$/ }).click();
    await page.getByRole('button', { name: /^(Ik heb de codes bewaard, verder|I have saved the codes, continue)$/ }).click();
  } else if (await codeField.isVisible()) {
    const code = await totpCodeFor(email);
    if (!code) throw new Error(`${email} needs a second factor whose secret the test does not know`);
    await codeField.fill(code);
    await page.getByRole('button', { name: /^(Bevestigen|Verify)$/ }).click();
  }
  await loggedIn.waitFor();
}

/** A browser context of its own (as a separate person's browser), logged in and live. */
export async function openAs(browser: Browser, baseUrl: string, email: string, viewport = PHONE): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await logIn(page, baseUrl, email);
  await page.getByText('Live bijgewerkt').waitFor();
  return page;
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector` (and holds `text`), as a keyboard user
 * would; fails when it never does, so a focus trap or an unreachable control shows up as such.
 */
export async function tabUntil(page: Page, selector: string, options: { text?: string; backwards?: boolean; max?: number } = {}): Promise<void> {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  const target = { selector, text: options.text ?? '' };
  for (let i = 0; i < (options.max ?? 400); i++) {
    const reached = await page.evaluate(({ selector, text }) => {
      const el = document.activeElement;
      return !!el && el.matches(selector) && (el.textContent ?? '').includes(text);
    }, target);
    if (reached) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${selector} ${target.text}; focus is on ${await focusedElement(page)}`);
}

/** The focused element, described for a failure message. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}> ${(el.textContent ?? '').trim().slice(0, 60)}` : 'nothing';
  });
}

/** Whether the focused element shows a focus indicator (the :focus-visible ring of web/styles.css). */
export function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || !el.matches(':focus-visible')) return false;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  });
}

/** How many pixels the page scrolls sideways (0 when it fits its viewport). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}
