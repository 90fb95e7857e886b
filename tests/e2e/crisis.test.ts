import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { defaultConfig } from '../../server/config.ts';
import { DEMO } from '../helpers/client.ts';
import { accessibilityViolations, openAs as openPageAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { loginCookie } from '../helpers/live.ts';

// The heart of the product, as two people do it: a Veilig Thuis worker finds and holds a place for
// "1 woman, son 14, daughter 6, a dog, avoid VR13"; the shelter sees the hold live and accepts.

// The analyst's overview follows the ticked "figures changed" signal: every second here.
const dashboard = useDashboard({ live: { ...defaultConfig.live, figuresSeconds: 1 } });

const openAs = (email: string, viewport = PHONE): Promise<Page> => openPageAs(dashboard.browser, dashboard.server.url, email, viewport);

it('crisis worker holds the best match; the shelter sees it live and accepts; both overviews update', async () => {
  const crisis = await openAs(DEMO.crisis, { width: 1280, height: 900 });
  await expect.poll(() => crisis.locator('h1').textContent()).toBe('Plek zoeken voor een huishouden');
  expect(await accessibilityViolations(crisis)).toEqual([]);

  // The household, as typed during a phone call.
  await crisis.getByLabel('Woonregio van het huishouden').selectOption('VR13');
  await crisis.getByRole('button', { name: '+ Kind toevoegen' }).click();
  await crisis.getByLabel('Leeftijd kind 1 (jaren)').fill('14');
  await crisis.getByRole('group', { name: 'Kind 1' }).getByLabel('Jongen').check();
  await crisis.getByRole('button', { name: '+ Kind toevoegen' }).click();
  await crisis.getByLabel('Leeftijd kind 2 (jaren)').fill('6');
  await crisis.getByLabel('Neemt een huisdier mee').check();
  await crisis.locator('summary', { hasText: "Regio's vermijden" }).click();
  await crisis.getByRole('group', { name: /Regio's vermijden/ }).getByLabel('VR13 Amsterdam-Amstelland').check();
  expect(await accessibilityViolations(crisis)).toEqual([]);
  await crisis.getByRole('button', { name: 'Zoek passende plekken' }).click();

  const best = crisis.locator('li.match').first();
  await best.waitFor();
  expect(await crisis.locator('li.match .region', { hasText: 'VR13' }).count()).toBe(0);
  expect(await accessibilityViolations(crisis)).toEqual([]);
  const placeId = (await best.getAttribute('data-place-id'))!;

  // The shelter that runs the best match watches its page.
  const { organisation_id } = await dashboard.server.db.selectFrom('places').innerJoin('locations', 'locations.id', 'places.location_id')
    .select('locations.organisation_id').where('places.id', '=', placeId).executeTakeFirstOrThrow();
  await dashboard.server.db.updateTable('users').set({ organisation_id }).where('email', '=', DEMO.shelter).execute();
  const shelter = await openAs(DEMO.shelter);
  const overview = await openAs(DEMO.analyst, { width: 1280, height: 900 });
  await overview.getByRole('link', { name: 'Landelijk overzicht' }).click();
  await overview.locator('.figure').first().waitFor();
  const heldBefore = Number(await overview.locator('.figure').first().locator('dd').first().textContent());

  await best.getByRole('button', { name: 'Vasthouden' }).click();
  await crisis.getByRole('heading', { name: 'Plek vastgehouden' }).waitFor();
  expect(await crisis.getByText(/Vervalt over 59:|Vervalt over 60:/).count()).toBe(1);
  expect(await crisis.getByRole('link', { name: /Intake 24\/7: 088/ }).count()).toBe(1);
  expect(await accessibilityViolations(crisis)).toEqual([]);

  // Live at the shelter: the household's composition, and accept in one tap.
  const incoming = shelter.locator('.incoming-hold');
  await incoming.waitFor();
  expect(await incoming.textContent()).toContain('Jongen 14');
  expect(await accessibilityViolations(shelter)).toEqual([]);
  await expect.poll(async () => Number(await overview.locator('.figure').first().locator('dd').first().textContent()), { timeout: 5_000 }).toBe(heldBefore + 1);
  await incoming.getByRole('button', { name: 'Accepteren' }).click();

  await crisis.getByText('Geplaatst: de opvang heeft de plaatsing geaccepteerd.').waitFor();
  await expect.poll(async () => Number(await overview.locator('.figure').first().locator('dd').first().textContent()), { timeout: 5_000 }).toBe(heldBefore);
  const row = await dashboard.server.db.selectFrom('places').select('status').where('id', '=', placeId).executeTakeFirstOrThrow();
  expect(row.status).toBe('occupied');
}, 90_000);

it('a waiting request alerts the worker as soon as a fitting place becomes free, also when another request is on screen', async () => {
  // Occupy, through the API as the shelters would, every free place that could take a woman in a
  // wheelchair, so the search finds nothing.
  const admin = await loginCookie(dashboard.server.url, DEMO.admin);
  const setStatus = async (id: string, version: number, status: 'occupied' | 'available') => {
    const response = await fetch(`${dashboard.server.url}/api/v1/places/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Cookie: admin, Origin: dashboard.server.url },
      body: JSON.stringify({ status, version }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { version: number }).version;
  };
  const fitting = await dashboard.server.db.selectFrom('places').innerJoin('locations', 'locations.id', 'places.location_id')
    .select(['places.id', 'places.version']).where('places.status', '=', 'available')
    .where('places.accessibility', '=', 'wheelchair')
    .where('locations.serves', '<>', 'men').execute();
  expect(fitting.length).toBeGreaterThan(0);
  const versions = await Promise.all(fitting.map((place) => setStatus(place.id, place.version, 'occupied')));

  const crisis = await openAs(DEMO.crisis, { width: 1280, height: 900 });
  await crisis.getByLabel('Woonregio van het huishouden').selectOption('VR01');
  await crisis.getByLabel('Toegankelijkheid').selectOption('wheelchair');
  await crisis.getByRole('button', { name: 'Zoek passende plekken' }).click();
  await crisis.getByText(/Er is nu geen passende vrije plek/).waitFor();
  // The worker goes on with another household; the first one waits in the open list.
  await crisis.getByRole('button', { name: 'Nieuwe aanvraag' }).click();
  await crisis.getByRole('button', { name: 'Zoek passende plekken' }).waitFor();

  await setStatus(fitting[0]!.id, versions[0]!, 'available');
  const alert = crisis.getByRole('alert').getByText(/Er is een passende plek vrijgekomen/);
  await alert.waitFor();
  expect(await accessibilityViolations(crisis)).toEqual([]);
  await crisis.getByRole('alert').getByRole('button', { name: 'Verder met deze aanvraag' }).click();
  await expect.poll(() => crisis.locator('li.match').first().getAttribute('data-place-id')).toBe(fitting[0]!.id);
}, 90_000);
