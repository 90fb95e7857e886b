import { expect, it } from 'vitest';

import { openAs, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// An admin who types a household's particulars into a name is told why, in their own language,
// next to the field: the server's refusal code (personal_data) has a message in the catalogue.

const dashboard = useDashboard();

it('refuses a BSN in an organisation name with a message at the field, in Dutch or English', async () => {
  const admin = await openAs(dashboard.browser, dashboard.server.url, DEMO.admin);
  await admin.getByRole('heading', { level: 1, name: 'Beheer' }).waitFor();
  await admin.getByRole('button', { name: 'Nieuwe organisatie' }).click();
  const name = admin.getByLabel(/^Naam/);
  await name.fill('Fam. Jansen, BSN 123456782, geb. 12-03-1988, Dorpsstraat 5');
  await admin.getByLabel(/^Soort/).selectOption('vrouwenopvang');
  await admin.getByRole('button', { name: 'Opslaan' }).click();
  await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
  expect(await admin.locator('#org-new-name-error').textContent()).toContain('Dit lijkt op persoonsgegevens');
  await admin.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => admin.locator('#org-new-name-error').textContent()).toContain('This looks like personal data');
});
