import { expect, it } from 'vitest';

import { accessibilityViolations, focusedElement, openAs, PHONE, sidewaysOverflow, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertBed, insertLocation } from '../helpers/factories.ts';
import { insertStay } from '../helpers/stays.ts';

// Issue 18: an admin retires a place or a location instead of deleting it, after a question that says
// what stays; a place a household stays in is refused, said at the button. On a 360 px phone.

const dashboard = useDashboard();

async function namesOf(locationId: string) {
  return dashboard.server.db
    .selectFrom('locations')
    .innerJoin('organisations', 'organisations.id', 'locations.organisation_id')
    .select(['locations.name as location', 'organisations.name as organisation'])
    .where('locations.id', '=', locationId)
    .executeTakeFirstOrThrow();
}

const retiredAt = async (table: 'places' | 'locations', id: string) =>
  (await dashboard.server.db.selectFrom(table).select('retired_at').where('id', '=', id).executeTakeFirstOrThrow()).retired_at;

it('retires a place after a confirmation, and refuses one a household stays in, at its button', async () => {
  const db = dashboard.server.db;
  const locationId = await insertLocation(db);
  const free = await insertBed(db, locationId);
  const stay = await insertStay(db, locationId);
  const label = async (id: string) => (await db.selectFrom('places').select('label').where('id', '=', id).executeTakeFirstOrThrow()).label;
  const [freeLabel, stayLabel] = [await label(free.id), await label(stay.placeId)];
  const { location, organisation } = await namesOf(locationId);

  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, PHONE);
  try {
    await admin.getByRole('button', { name: `Locaties van ${organisation}`, exact: true }).click();
    await admin.getByRole('button', { name: `Plekken van ${location}`, exact: true }).click();
    const freeItem = admin.locator('.admin-item', { hasText: freeLabel });
    await freeItem.getByRole('button', { name: `Plek ${freeLabel} opheffen` }).click();
    await freeItem.getByText(`Plek ${freeLabel} opheffen? Vanaf vandaag telt de plek niet meer mee`).waitFor();
    expect(await admin.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Ja, opheffen');
    expect(await retiredAt('places', free.id)).toBeNull();
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await sidewaysOverflow(admin)).toBe(0);

    await freeItem.getByRole('button', { name: 'Ja, opheffen' }).click();
    await admin.getByText(`Plek ${freeLabel} is opgeheven.`).waitFor();
    await expect.poll(() => freeItem.count()).toBe(0);
    expect(await retiredAt('places', free.id)).not.toBeNull();
    // The item is gone: focus goes to the list's heading, not to the top of the page.
    await expect.poll(() => focusedElement(admin)).toContain(`Plekken van ${location}`);

    const stayItem = admin.locator('.admin-item', { hasText: stayLabel });
    await stayItem.getByRole('button', { name: `Plek ${stayLabel} opheffen` }).click();
    await stayItem.getByRole('button', { name: 'Ja, opheffen' }).click();
    await stayItem.getByRole('alert').getByText(`${stayLabel} is niet opgeheven: er verblijft een huishouden. Beëindig eerst het verblijf.`).waitFor();
    expect(await retiredAt('places', stay.placeId)).toBeNull();
    expect(await accessibilityViolations(admin)).toEqual([]);
  } finally {
    await admin.context().close();
  }
}, 120_000);

it('retires a location with its places, in English too', async () => {
  const db = dashboard.server.db;
  const locationId = await insertLocation(db);
  const bed = await insertBed(db, locationId);
  const { location, organisation } = await namesOf(locationId);

  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin, PHONE);
  try {
    await admin.getByRole('button', { name: `Locaties van ${organisation}`, exact: true }).click();
    await admin.getByRole('button', { name: 'English' }).click();
    const item = admin.locator('.admin-item', { hasText: location });
    await item.getByRole('button', { name: `Retire location ${location}` }).click();
    await item.getByText(`Retire location ${location} with all its places?`).waitFor();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await item.getByRole('button', { name: 'Yes, retire' }).click();
    await admin.getByText(`Location ${location} is retired.`).waitFor();
    await expect.poll(() => item.count()).toBe(0);
    expect(await retiredAt('locations', locationId)).not.toBeNull();
    expect(await retiredAt('places', bed.id)).not.toBeNull();
  } finally {
    await admin.context().close();
  }
}, 120_000);
