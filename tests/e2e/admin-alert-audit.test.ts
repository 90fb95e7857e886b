import { expect, it } from 'vitest';

import { openAsNewAdmin } from '../helpers/admin-page.ts';
import { accessibilityViolations, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// The audit entries of alert devices and alert settings read as the others do: the action by name,
// a device by its kind, the kinds switched off by their names (or "geen"), never a code or JSON.

const dashboard = useDashboard();

it('shows device and alert-settings entries by name in Dutch and English', async () => {
  const db = dashboard.server.db;
  const staff = await db.selectFrom('users').select('id').where('email', '=', DEMO.shelter).executeTakeFirstOrThrow();
  const device = '5f1c7a52-2a8e-4a0e-9d9b-3c1d2e4f5a6b';
  await db
    .insertInto('audit_log')
    .values([
      { actor_user_id: staff.id, action: 'device.added', subject_type: 'device', subject_id: device, detail: JSON.stringify({ kind: 'Chrome/Android' }) },
      {
        actor_user_id: staff.id,
        action: 'alert_settings.changed',
        subject_type: 'user',
        subject_id: staff.id,
        detail: JSON.stringify({ muted: ['stale_soon'] }),
      },
      { actor_user_id: staff.id, action: 'alert_settings.changed', subject_type: 'user', subject_id: staff.id, detail: JSON.stringify({ muted: [] }) },
    ])
    .execute();

  const page = await openAsNewAdmin(dashboard, `/beheer?section=audit&actorId=${staff.id}`);
  try {
    const added = page.locator('.admin-item', { hasText: 'Apparaat voor meldingen toegevoegd' });
    await added.waitFor();
    expect(await added.textContent()).toContain('soort: Chrome/Android');
    expect(await added.textContent()).toContain(`Onderwerp: Apparaat ${device.slice(0, 8)}`);
    const settings = page.locator('.admin-item', { hasText: 'Meldingen aan- of uitgezet' });
    const texts = await settings.allTextContents();
    expect(texts.some((t) => t.includes('uitgezet: Status verloopt bijna'))).toBe(true);
    expect(texts.some((t) => t.includes('uitgezet: geen'))).toBe(true);
    expect(texts.join()).not.toContain('stale_soon');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.admin-item', { hasText: 'Device for alerts added' }).waitFor();
    expect((await page.locator('.admin-item', { hasText: 'Alerts switched on or off' }).allTextContents()).join()).toContain('switched off: none');
  } finally {
    await page.context().close();
  }
}, 120_000);
