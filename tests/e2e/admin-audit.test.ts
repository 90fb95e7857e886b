import { expect, it } from 'vitest';

import { accessibilityViolations, openAs, PHONE, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertBed, insertLocation } from '../helpers/factories.ts';

// Issue 18: the audit log readable and filterable. Actions and subjects by name in the user's
// language, details as lines instead of JSON, and filters (user, days, action) in the address.

const dashboard = useDashboard();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

it('shows entries by name, filters by action, user and days, and keeps the filters in the address', async () => {
  const db = dashboard.server.db;
  const locationId = await insertLocation(db);
  const place = await insertBed(db, locationId);
  const { label, name } = await db
    .selectFrom('places')
    .innerJoin('locations', 'locations.id', 'places.location_id')
    .select(['places.label', 'locations.name'])
    .where('places.id', '=', place.id)
    .executeTakeFirstOrThrow();
  const adminUser = await db.selectFrom('users').select(['id', 'name']).where('email', '=', DEMO.admin).executeTakeFirstOrThrow();
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: adminUser.id,
      action: 'place.status_changed',
      subject_type: 'place',
      subject_id: place.id,
      detail: JSON.stringify({ status: 'unavailable', unavailableReason: 'maintenance', version: 2 }),
    })
    .execute();

  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, PHONE);
  try {
    await admin.goto(`${dashboard.server.url}/beheer?section=audit&action=place.status_changed`);
    const entry = admin.locator('.admin-item', { hasText: label });
    await entry.waitFor();
    expect(await entry.getByRole('heading').textContent()).toBe('Status van plek gewijzigd');
    const text = (await entry.textContent())!;
    expect(text).toContain(`Onderwerp: Plek ${label} (${name})`);
    expect(text).toContain('status: Buiten gebruik');
    expect(text).toContain('reden: Onderhoud');
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain('{');
    expect(await admin.getByLabel('Actie').inputValue()).toBe('place.status_changed');
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await sidewaysOverflow(admin)).toBe(0);

    // A user and days: the address follows, and a reload shows the same view.
    await admin.getByLabel('Gebruiker').selectOption(adminUser.id);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    await admin.getByLabel('Van (datum)').fill(today);
    await admin.getByLabel('Tot en met (datum)').fill(today);
    await admin.getByRole('button', { name: 'Filteren' }).click();
    await expect.poll(() => new URL(admin.url()).searchParams.get('actorId')).toBe(adminUser.id);
    expect(new URL(admin.url()).searchParams.get('from')).toBe(today);
    await admin.reload();
    await entry.waitFor();
    expect(await admin.getByLabel('Gebruiker').inputValue()).toBe(adminUser.id);
    expect(await admin.getByLabel('Tot en met (datum)').inputValue()).toBe(today);

    // Days in the wrong order: said at the field, not a blank page.
    await admin.getByLabel('Van (datum)').fill('2026-11-20');
    await admin.getByLabel('Tot en met (datum)').fill('2026-11-19');
    await admin.getByRole('button', { name: 'Filteren' }).click();
    await expect.poll(() => admin.getByLabel('Tot en met (datum)').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('#audit-to-error').textContent()).toContain('Dit filter klopt niet');
    expect(await accessibilityViolations(admin)).toEqual([]);

    // Back: the view before, from the address.
    await admin.goBack();
    await expect.poll(() => admin.getByLabel('Tot en met (datum)').inputValue()).toBe(today);

    await admin.getByRole('button', { name: 'English' }).click();
    expect(await entry.getByRole('heading').textContent()).toBe('Status of a place changed');
  } finally {
    await admin.context().close();
  }
}, 120_000);
