import type { Browser, Page } from 'playwright-core';

import { hashPassword } from '../../server/auth/passwords.ts';
import { logIn, PHONE } from './browser.ts';
import { insertUser } from './factories.ts';
import type { TestServer } from './server.ts';

const PASSWORD = 'een-lang-beheerderswachtwoord';

/**
 * A new admin of the test's own, logged in on a phone-sized page at `path` (the demo admin's second
 * factor allows only a few logins a minute, so tests that log in often make their own).
 */
export async function openAsNewAdmin(dashboard: { server: TestServer; browser: Browser }, path = '/beheer'): Promise<Page> {
  const admin = await insertUser(dashboard.server.db, { role: 'admin', passwordHash: await hashPassword(PASSWORD) });
  const page = await (await dashboard.browser.newContext({ viewport: PHONE })).newPage();
  await logIn(page, dashboard.server.url, admin.email, PASSWORD);
  await page.goto(`${dashboard.server.url}${path}`);
  return page;
}
