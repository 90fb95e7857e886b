import { expect, it } from 'vitest';

import { accessibilityViolations, openAs, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertUser, testName } from '../helpers/factories.ts';

// Issue 18, the admin's tools: disabling a user asks first; every current municipality is offered.

const dashboard = useDashboard();

it('disabling a user asks for confirmation first; cancel leaves the account as it was', async () => {
  const name = `Test ${testName()}`;
  const user = await insertUser(dashboard.server.db, { role: 'analyst', passwordHash: 'x' });
  await dashboard.server.db.updateTable('users').set({ name }).where('id', '=', user.id).execute();
  const disabledAt = async () =>
    (await dashboard.server.db.selectFrom('users').select('disabled_at').where('id', '=', user.id).executeTakeFirstOrThrow()).disabled_at;
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, { width: 1280, height: 900 });
  try {
    await admin.getByRole('button', { name: 'Gebruikers' }).click();
    await admin.getByLabel('Toon rol').selectOption('analyst');
    const item = admin.locator('.admin-item', { hasText: user.email });
    await item.getByRole('button', { name: `${name} uitschakelen`, exact: true }).click();
    // One click is not enough: the question is asked at the button, with focus on the answer.
    await item.getByText(`${name} uitschakelen? Alle sessies eindigen direct`).waitFor();
    expect(await disabledAt()).toBeNull();
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe('Ja, uitschakelen');
    expect(await accessibilityViolations(admin)).toEqual([]);

    await item.getByRole('button', { name: 'Annuleren' }).click();
    expect(await disabledAt()).toBeNull();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent?.trim())).toBe(`${name} uitschakelen`);

    await item.getByRole('button', { name: `${name} uitschakelen`, exact: true }).click();
    await item.getByRole('button', { name: 'Ja, uitschakelen' }).click();
    await expect.poll(disabledAt).not.toBeNull();
  } finally {
    await admin.context().close();
  }
}, 90_000);

it('offers all 342 municipalities of 2026 for a new location, Goes among them', async () => {
  const organisation = await dashboard.server.db
    .selectFrom('organisations')
    .select('name')
    .where('kind', '=', 'vrouwenopvang')
    .orderBy('name')
    .executeTakeFirstOrThrow();
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, { width: 1280, height: 900 });
  try {
    await admin.getByRole('button', { name: `Locaties van ${organisation.name}`, exact: true }).click();
    await admin.getByRole('button', { name: 'Nieuwe locatie' }).click();
    const options = admin.getByLabel(/^Gemeente/).locator('option');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    const names = await options.allTextContents();
    // The first option is the prompt to choose.
    expect(names.filter((n) => /\(/.test(n))).toHaveLength(342);
    expect(names.some((n) => n.startsWith('Goes ('))).toBe(true);
  } finally {
    await admin.context().close();
  }
}, 90_000);
