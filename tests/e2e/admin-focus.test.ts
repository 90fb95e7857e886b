import { expect, it } from 'vitest';

import { accessibilityViolations, openAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// Issue 18, focus where the work goes on (a 360 px phone): after "+ Kind toevoegen" on the new child's
// first field, and after releasing a hold on the hold's heading, where its outcome is read, instead
// of the top of the page.

const dashboard = useDashboard();
const focusedId = (page: import('playwright-core').Page) => page.evaluate(() => document.activeElement?.id ?? '');

it("moves focus to the new child's age, and to the hold's heading after a release", async () => {
  const crisis = await openAs(dashboard.browser, dashboard.server.url, DEMO.crisis, PHONE);
  try {
    await crisis.getByLabel('Woonplaats (gemeente) van het huishouden').selectOption('GM0363');
    await crisis.getByRole('button', { name: '+ Kind toevoegen' }).click();
    await expect.poll(() => focusedId(crisis)).toBe('child-age-0');
    await crisis.keyboard.type('6');
    await crisis.getByRole('button', { name: '+ Kind toevoegen' }).click();
    await expect.poll(() => focusedId(crisis)).toBe('child-age-1');
    expect(await crisis.getByLabel('Leeftijd kind 1 (jaren)').inputValue()).toBe('6');
    await crisis.getByRole('button', { name: 'Kind 2 verwijderen' }).click();
    await crisis.getByRole('button', { name: 'Kind 1 verwijderen' }).click();

    await crisis.getByRole('button', { name: 'Zoek passende plekken' }).click();
    const best = crisis.locator('li.match').first();
    await best.waitFor();
    await best.getByRole('button', { name: / vasthouden$/ }).click();
    const release = crisis.getByRole('button', { name: 'Vrijgeven' });
    await release.click();
    await expect.poll(() => focusedId(crisis)).toBe('hold-heading');
    expect(await accessibilityViolations(crisis)).toEqual([]);
  } finally {
    await crisis.context().close();
  }
}, 120_000);
