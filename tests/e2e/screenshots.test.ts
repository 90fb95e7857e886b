import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

import { pagesFor } from '../../web/lib/pages.ts';
import type { Role } from '../../web/lib/types.ts';
import { logIn, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';

// Visual regression (issue 18): every page each role can open, at 360 and 1280 px, against the
// committed baselines in tests/e2e/screenshots/. `npm run screenshots:update` writes them anew; a
// baseline changes only on purpose, with the reason in the commit. What differs from run to run is
// held still: the seeded demo data, the browser's clock (so the analyst's default period is fixed),
// no animations or caret, and times of day (from the server's clock) masked.

const BASELINES = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
/** Actual and diff images of a failed comparison, for a person to look at (git-ignored). */
const FAILED = join(BASELINES, 'failed');
const UPDATE = process.env.SCREENSHOTS_UPDATE === '1';
const CLOCK = new Date('2026-11-23T10:00:00Z');
const WIDTHS = [360, 1280] as const;
/** pixelmatch's per-pixel colour threshold, and the share of pixels that may differ (anti-aliasing). */
const THRESHOLD = 0.1;
const MAX_DIFFERING = 0.002;
/** Text that shows a time of day from the server's clock. */
const VOLATILE = '.confirmed-at, .meta, .countdown, .updated-at';

const ROLES: Array<{ role: Role; email: string }> = [
  { role: 'shelter_staff', email: DEMO.shelter },
  { role: 'crisis_worker', email: DEMO.crisis },
  { role: 'analyst', email: DEMO.analyst },
  { role: 'admin', email: DEMO.admin },
  { role: 'region_officer', email: DEMO.region },
];

const dashboard = useDashboard();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
});

async function newPage(width: number): Promise<Page> {
  const context = await dashboard.browser.newContext({
    viewport: { width, height: width === 360 ? 740 : 900 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    reducedMotion: 'reduce',
  });
  contexts.push(context);
  await context.clock.setFixedTime(CLOCK);
  return context.newPage();
}

/** Waits until the page has loaded what it shows: no request under way, live connected, fonts in. */
async function settle(page: Page, loggedIn: boolean) {
  await page.waitForLoadState('networkidle');
  if (loggedIn) await page.getByText('Live bijgewerkt').waitFor();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForFunction(() => !/laden…/i.test(document.querySelector('main')?.textContent ?? ''));
}

/** Compares the page with its baseline (or writes the baseline when updating); returns what differs. */
async function compare(page: Page, name: string): Promise<string | null> {
  const actual = PNG.sync.read(await page.screenshot({ animations: 'disabled', caret: 'hide', mask: [page.locator(VOLATILE)], maskColor: '#888888' }));
  const file = join(BASELINES, `${name}.png`);
  if (UPDATE) {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, PNG.sync.write(actual));
    return null;
  }
  if (!existsSync(file)) return `${name}: no baseline; run npm run screenshots:update and commit it`;
  const expected = PNG.sync.read(readFileSync(file));
  if (expected.width !== actual.width || expected.height !== actual.height) {
    return `${name}: ${actual.width}×${actual.height}, baseline ${expected.width}×${expected.height}`;
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: THRESHOLD });
  if (differing <= MAX_DIFFERING * actual.width * actual.height) return null;
  mkdirSync(FAILED, { recursive: true });
  writeFileSync(join(FAILED, `${name}.actual.png`), PNG.sync.write(actual));
  writeFileSync(join(FAILED, `${name}.diff.png`), PNG.sync.write(diff));
  return `${name}: ${differing} pixels differ (see ${join('tests/e2e/screenshots/failed', `${name}.diff.png`)})`;
}

if (!UPDATE) rmSync(FAILED, { recursive: true, force: true });

describe.each(WIDTHS)('screenshots at %i px', (width) => {
  it('the login page, before anyone logs in', async () => {
    const page = await newPage(width);
    await page.goto(dashboard.server.url);
    await settle(page, false);
    expect(await compare(page, `login-${width}`)).toBeNull();
  }, 60_000);

  it.each(ROLES)(
    'every page of $role',
    async ({ role, email }) => {
      const page = await newPage(width);
      await logIn(page, dashboard.server.url, email);
      const problems: string[] = [];
      for (const { path, name } of pagesFor(role)) {
        await page.goto(`${dashboard.server.url}${path}`);
        await settle(page, true);
        const problem = await compare(page, `${name}-${role}-${width}`);
        if (problem) problems.push(problem);
      }
      expect(problems).toEqual([]);
    },
    180_000,
  );
});
