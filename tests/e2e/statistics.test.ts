import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';

import { hashPassword } from '../../server/auth/passwords.ts';
import { demandPeriods, monthOfWeek } from '../../server/statistics/demand-periods.ts';
import { closeDays } from '../../server/statistics/rollups.ts';
import { addDays, amsterdamToday } from '../../server/statistics/statistics-filters.repository.ts';
import { accessibilityViolations, logIn, openAs as openPageAs, PHONE, useDashboard } from '../helpers/browser.ts';
import { DEMO } from '../helpers/client.ts';
import { insertBed, insertUser } from '../helpers/factories.ts';

// The analyst's page on a year of history: four beds that were occupied three days in four, and
// requests: busy weeks in every region, shown, and a quiet week in VR13 that disclosure control hides.

const DAY = 24 * 60 * 60 * 1000;
const DESKTOP = { width: 1280, height: 900 };

const dashboard = useDashboard();

/** The weeks (Mondays, 10:00 UTC) of the latest closed month: the month the flow table shows. */
const flowMonth = demandPeriods(addDays(amsterdamToday(), -120), amsterdamToday(), 'month', amsterdamToday(), 1).periods.at(-1)!;
const flowWeeks = demandPeriods(addDays(flowMonth, -7), addDays(flowMonth, 40), 'week', amsterdamToday(), 1)
  .periods.filter((monday) => monthOfWeek(monday) === flowMonth)
  .map((monday) => new Date(`${monday}T10:00:00Z`));

/** A Wednesday `weeks` weeks back at 10:00 UTC: well inside its ISO week in Amsterdam time. */
function wednesday(weeks: number): Date {
  const today = new Date();
  const daysSinceWednesday = (today.getUTCDay() + 4) % 7;
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - daysSinceWednesday - 7 * weeks, 10));
}

async function insertHistory() {
  const db = dashboard.server.db;
  // Four beds of their own, whose whole event history is the backdated one below.
  const location = await db.selectFrom('locations').select(['id', 'municipality_code']).orderBy('id').limit(1).executeTakeFirstOrThrow();
  // Region mappings are dated and the template's start on 1 January of this year. The beds'
  // municipality lay in the same regions before that, so its mapping is extended back two years.
  const mappings = await db.selectFrom('municipality_regions').selectAll().where('municipality_code', '=', location.municipality_code).execute();
  const first = mappings.reduce((min, m) => (m.valid_from < min ? m.valid_from : min), '9999-12-31');
  const earlier = `${Number(first.slice(0, 4)) - 2}${first.slice(4)}`;
  await db
    .insertInto('municipality_regions')
    .values(mappings.filter((m) => m.valid_from === first).map((m) => ({ ...m, valid_from: earlier, valid_to: first })))
    .execute();
  const places = await Promise.all(Array.from({ length: 4 }, () => insertBed(db, location.id)));
  const midnight = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  // One status change a day per place at 09:00 UTC for the last 364 days: each change confirms the
  // place, so none of the history turns stale (freshness is 24 hours).
  const events = places.flatMap((place, i) =>
    Array.from({ length: 364 }, (_, k) => ({
      place_id: place.id,
      occurred_at: new Date(midnight - (364 - k) * DAY + 9 * 60 * 60 * 1000),
      type: k === 0 ? ('registered' as const) : ('status_changed' as const),
      status: (k + i) % 4 === 0 ? ('available' as const) : ('occupied' as const),
      unavailable_reason: null,
      actor_user_id: null,
      version: k + 1,
    })),
  );
  await db.insertInto('place_events').values(events).execute();
  for (const [i, place] of places.entries()) {
    await db
      .updateTable('places')
      .set({ version: 364, status: (363 + i) % 4 === 0 ? 'available' : 'occupied' })
      .where('id', '=', place.id)
      .execute();
  }
  const yesterday = new Date(midnight - DAY).toISOString().slice(0, 10);
  await closeDays(db, { through: yesterday, freshnessHours: dashboard.server.config.freshnessHours });

  const crisis = await db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', DEMO.crisis).executeTakeFirstOrThrow();
  const placedPlace = places[0]!.id;
  const regions = (await db.selectFrom('regions').select('code').where('scheme_code', '=', 'veiligheidsregio').execute()).map((r) => r.code);
  type Outcome = { status: 'no_place' | 'withdrawn' | 'open' } | { status: 'placed'; region: string };
  const request = (createdAt: Date, origin: string, outcome: Outcome) => ({
    created_by: crisis.id,
    team_id: crisis.organisation_id!,
    created_at: createdAt,
    origin_region: origin,
    household: JSON.stringify({ adults: [{ gender: 'female' }], children: [] }),
    adults: 1,
    children: 0,
    accessibility: 'none' as const,
    pet: false,
    avoid_regions: [],
    prefer_regions: [],
    urgency: 'today' as const,
    status: outcome.status,
    outcome_reason: outcome.status === 'no_place' ? ('no_capacity' as const) : null,
    placed_place_id: outcome.status === 'placed' ? placedPlace : null,
    placed_region: outcome.status === 'placed' ? outcome.region : null,
    closed_at: outcome.status === 'open' ? null : new Date(createdAt.getTime() + 2 * 60 * 60 * 1000),
  });
  const times = (n: number, at: Date) => Array.from({ length: n }, (_, i) => new Date(at.getTime() + i * 60_000));
  /** A busy week: every region has at least 5 of each outcome, so disclosure control hides none of it. */
  const busy = (at: Date, noPlace: number) =>
    regions.flatMap((origin) => [
      ...times(5, at).map((t) => request(t, origin, { status: 'placed', region: origin })),
      ...times(noPlace, at).map((t) => request(t, origin, { status: 'no_place' })),
      ...times(5, at).map((t) => request(t, origin, { status: 'withdrawn' })),
      ...times(5, at).map((t) => request(t, origin, { status: 'open' })),
    ]);
  const rows = [
    // Week 14 back: 7 households without a place in each region, 175 nationally (shown).
    ...busy(wednesday(14), 7),
    // Week 20 back: 2 in VR13 only (hidden as "x", nationally too).
    ...times(2, wednesday(20)).map((t) => request(t, 'VR13', { status: 'no_place' })),
    // The latest closed month, every week busy; from VR13 also 6 a week placed in VR09 (shown)
    // and, in its first week, 2 placed in VR14 (hidden, and so is VR13's own column to protect it);
    // from VR09 7 a week placed in VR13 (shown).
    ...flowWeeks.flatMap((monday, i) => [
      ...busy(monday, 6),
      ...times(6, monday).map((t) => request(t, 'VR13', { status: 'placed', region: 'VR09' })),
      ...times(7, monday).map((t) => request(t, 'VR09', { status: 'placed', region: 'VR13' })),
      ...(i === 0 ? times(2, monday).map((t) => request(t, 'VR13', { status: 'placed', region: 'VR14' })) : []),
    ]),
  ];
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('placement_requests')
      .values(rows.slice(i, i + 1000))
      .execute();
}

beforeAll(() => insertHistory(), 180_000);

const openAs = (email: string, viewport = PHONE): Promise<Page> => openPageAs(dashboard.browser, dashboard.server.url, email, viewport);

async function downloadOf(page: Page, button: string): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { download, text: await readFile((await download.path())!, 'utf8') };
}

it('the analyst lands on the statistics and sees the trend of the last year, with its figures as text', async () => {
  const page = await openAs(DEMO.analyst, DESKTOP);
  await expect.poll(() => page.locator('h1').textContent()).toBe('Statistieken');
  expect(new URL(page.url()).pathname).toBe('/statistieken');

  // Occupancy: one national line (no region chosen), one point a week for a year.
  const occupancy = page.locator('section', { has: page.getByRole('heading', { name: 'Bezettingsgraad' }) });
  await occupancy.locator('canvas').first().waitFor();
  await expect
    .poll(() => occupancy.locator('.summary').first().textContent())
    .toMatch(/^Nederland: laatst \d+,\d\s?% \(periode vanaf .+\); laagste \d+,\d\s?%, hoogste \d+,\d\s?%\.$/);
  await occupancy.getByText('Tabel met de precieze cijfers').click();
  const weeks = await occupancy.locator('tbody tr').count();
  expect(weeks).toBeGreaterThanOrEqual(52);
  expect(weeks).toBeLessThanOrEqual(54);

  // Unmet demand: the busy week's 175 is a number, the quiet week is "x", with the legend and its period named.
  const demand = page.locator('section', { has: page.getByRole('heading', { name: 'Onvervulde vraag' }) });
  await demand.getByText('Tabel met de precieze cijfers').click();
  expect(await demand.locator('tbody td', { hasText: /^175$/ }).count()).toBe(1);
  expect(await demand.locator('tbody td', { hasText: /^x$/ }).count()).toBeGreaterThanOrEqual(1);
  expect(await demand.getByText(/^x = verborgen: minder dan 5 huishoudens/).count()).toBe(1);
  expect(await demand.getByText(/^Nederland: verborgen \(x\) in \d+ perioden, vanaf /).count()).toBe(1);

  // The flow matrix of the latest closed month: VR13 to VR09 as a number, VR13 to VR13 as "x", both as
  // text; origins with every figure hidden are named under it.
  const flows = page.locator('section', { has: page.getByRole('heading', { name: "Stromen tussen regio's" }) });
  const vr13 = flows.locator('tbody tr', { has: page.locator('th', { hasText: 'VR13' }) });
  const columns = await flows.locator('thead th').allTextContents();
  const cells = await vr13.locator('td').allTextContents();
  expect(cells[columns.findIndex((c) => c.startsWith('VR09'))]?.trim()).toBe(String(6 * flowWeeks.length));
  expect(cells[columns.findIndex((c) => c.startsWith('VR13'))]?.trim()).toBe('x');
  expect(await flows.getByText(/^x = verborgen/).count()).toBe(1);
  expect(await flows.getByText(/^Woonregio's met alle cijfers verborgen \(x\), niet als rij getoond: VR01, /).count()).toBe(1);

  expect(await accessibilityViolations(page)).toEqual([]);
}, 120_000);

it('downloads exactly the query on screen as CSV', async () => {
  const page = await openAs(DEMO.analyst, DESKTOP);
  const occupancy = page.locator('section', { has: page.getByRole('heading', { name: 'Bezettingsgraad' }) });
  await occupancy.locator('canvas').first().waitFor();
  await occupancy.getByText('Tabel met de precieze cijfers').click();
  // The table has every week of the period; the CSV the weeks with figures ("–" is none).
  const shownWeeks = await occupancy.locator('tbody tr', { hasNot: page.locator('td', { hasText: /^–$/ }) }).count();

  const { download, text } = await downloadOf(page, 'CSV downloaden: Bezettingsgraad');
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const [header, ...lines] = text.trimEnd().split('\r\n');
  expect(header).toMatch(/^definitionVersion,disclosureVersion,period,regionCode,regionName,kind,placeSeconds,/);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines[0]).toMatch(/^1,sdc-1,\d{4}-\d{2}-\d{2},VR\d\d,/);
  // Every period on screen, and no other, is in the file.
  expect(new Set(lines.map((line) => line.split(',')[2])).size).toBe(shownWeeks);

  const demand = await downloadOf(page, 'CSV downloaden: Onvervulde vraag');
  expect(demand.text.split('\r\n')[0]).toMatch(/^definitionVersion,disclosureVersion,period,regionCode,regionName,requests,placed,noPlace,withdrawn,open,/);
  // No region chosen: the nation's row, as on screen; hidden figures are "x".
  expect(demand.text).toMatch(/\r\n1,sdc-1,\d{4}-\d{2}-\d{2},NL,Nederland,550,125,175,125,125,/);
  expect(demand.text).toMatch(/\r\n1,sdc-1,\d{4}-\d{2}-\d{2},NL,Nederland,x,x,x,x,x,,\r\n/);

  const flows = await downloadOf(page, "CSV downloaden: Stromen tussen regio's");
  expect(flows.text).toContain(`\r\n1,sdc-1,${flowMonth},VR13,Amsterdam-Amstelland,VR09,Utrecht,${6 * flowWeeks.length}\r\n`);
  expect(flows.text).toContain(`\r\n1,sdc-1,${flowMonth},VR13,Amsterdam-Amstelland,VR14,Gooi en Vechtstreek,x\r\n`);
}, 120_000);

it('filters by region and month, and the CSV follows the filters', async () => {
  const page = await openAs(DEMO.analyst, DESKTOP);
  await page.locator('canvas').first().waitFor();
  await page.getByLabel('Per', { exact: true }).selectOption('month');
  await page.getByText("Regio's: heel Nederland").click();
  await page.getByLabel('VR13 Amsterdam-Amstelland').check();
  await page.getByRole('button', { name: 'Toon statistieken' }).click();

  const demand = page.locator('section', { has: page.getByRole('heading', { name: 'Onvervulde vraag' }) });
  await expect.poll(() => demand.locator('figcaption').textContent(), { timeout: 30_000 }).toContain('per maand');
  await demand.getByText('Tabel met de precieze cijfers').click();
  expect(await demand.locator('thead th').allTextContents()).toEqual(['Periode vanaf', 'VR13 Amsterdam-Amstelland']);

  const { text } = await downloadOf(page, 'CSV downloaden: Onvervulde vraag');
  const regions = new Set(
    text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[3]),
  );
  expect([...regions]).toEqual(['VR13']);
  expect(text).toMatch(/\r\n1,sdc-1,\d{4}-\d{2}-01,VR13,/);
}, 120_000);

it('refuses a period that ends before it starts in the form itself, without asking the server', async () => {
  const page = await openAs(DEMO.analyst, DESKTOP);
  await page.locator('canvas').first().waitFor();
  const asked: string[] = [];
  page.on('request', (request) => void (request.url().includes('/statistics/') && asked.push(request.url())));
  await page.locator('#statistics-from').fill('20-11-2026');
  await page.locator('#statistics-to').fill('01-01-2026');
  await page.getByRole('button', { name: 'Toon statistieken' }).click();
  // Said at the field that is wrong, which has the focus so the message is read out.
  await expect.poll(() => page.locator('#statistics-to').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#statistics-to-error').textContent()).toBe('De einddatum ligt vóór de begindatum 20-11-2026.');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('statistics-to');
  expect(asked).toEqual([]);
});

it('works on a 360 px phone without scrolling sideways, and in English', async () => {
  const page = await openAs(DEMO.analyst, PHONE);
  await page.locator('canvas').first().waitFor();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBe(0);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('Statistics');
  expect(await page.getByRole('heading', { name: 'Occupancy rate' }).count()).toBe(1);
  expect(await page.getByRole('heading', { name: 'Unmet demand' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Download CSV: Occupancy rate' }).count()).toBe(1);
  expect(await page.getByLabel('To (inclusive)').count()).toBe(1);
  expect(await page.locator('.summary').first().textContent()).toMatch(/^Netherlands: latest/);
  // The legend of hidden figures, and where the demand chart hides them, in English too.
  expect(await page.getByText(/^x = hidden: fewer than 5 households/).count()).toBeGreaterThanOrEqual(1);
  expect(await page.getByText(/^Netherlands: hidden \(x\) in \d+ periods, from /).count()).toBe(1);
  expect(await overflow()).toBe(0);
  expect(await accessibilityViolations(page)).toEqual([]);
}, 120_000);

it('the statistics are for analysts and admins: the menu shows them to those only', async () => {
  const crisis = await openAs(DEMO.crisis, DESKTOP);
  expect(await crisis.getByRole('link', { name: 'Statistieken' }).count()).toBe(0);
  const admin = await openAs(DEMO.admin, DESKTOP);
  await admin.getByRole('link', { name: 'Statistieken' }).click();
  await expect.poll(() => admin.locator('h1').textContent()).toBe('Statistieken');
  await admin.locator('canvas').first().waitFor();
  // Aggregates only: none of the places behind the history is named or identified on the page.
  const html = await admin.content();
  const places = await dashboard.server.db.selectFrom('places').select(['id', 'label']).where('label', 'like', 'Test bed %').execute();
  expect(places).toHaveLength(4);
  for (const place of places) {
    expect(html).not.toContain(place.id);
    expect(html).not.toContain(place.label);
  }
}, 120_000);

// Issue 18, the analyst's page as an analyst expects it. Each test logs in an analyst of its own
// (a first login enrols an app), so no test waits for the demo account's next code.

async function newAnalyst(viewport = DESKTOP, locale?: string): Promise<Page> {
  const user = await insertUser(dashboard.server.db, { role: 'analyst', passwordHash: await hashPassword('noodbed-demo') });
  const page = await (await dashboard.browser.newContext({ viewport, locale })).newPage();
  // What the charts draw on their canvas, per canvas: text with its alignment, and the x of every point.
  await page.addInitScript(() => {
    type Drawn = { texts: Array<{ text: string; x: number; align: string }>; points: number[] };
    const drawn = new Map<HTMLCanvasElement, Drawn>();
    const arcs = new WeakMap<Path2D, number[]>();
    (window as unknown as { drawn: typeof drawn }).drawn = drawn;
    const of = (canvas: HTMLCanvasElement) => drawn.get(canvas) ?? drawn.set(canvas, { texts: [], points: [] }).get(canvas)!;
    const { arc } = Path2D.prototype;
    Path2D.prototype.arc = function (this: Path2D, x: number, ...rest: [number, number, number, number, boolean?]) {
      arcs.set(this, [...(arcs.get(this) ?? []), x]);
      return arc.call(this, x, ...rest);
    };
    const proto = CanvasRenderingContext2D.prototype;
    const { clearRect, fillText } = proto;
    proto.clearRect = function (x, y, w, h) {
      // A full clear is a redraw: what was drawn before is gone.
      if (w >= this.canvas.width && h >= this.canvas.height) drawn.set(this.canvas, { texts: [], points: [] });
      return clearRect.call(this, x, y, w, h);
    };
    proto.fillText = function (text, x, y, maxWidth) {
      of(this.canvas).texts.push({ text, x, align: this.textAlign });
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
    // A point is a circle on a path that is filled or stroked (uPlot draws each series' points as one path).
    for (const name of ['fill', 'stroke'] as const) {
      const draw = proto[name] as (...a: unknown[]) => void;
      proto[name] = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
        const path = args[0];
        if (path instanceof Path2D) of(this.canvas).points.push(...(arcs.get(path) ?? []));
        return draw.apply(this, args);
      } as never;
    }
  });
  await logIn(page, dashboard.server.url, user.email);
  return page;
}

/** The x-axis labels (drawn centred under the plot) and point positions of the chart in `section`. */
async function timeAxis(section: Locator): Promise<{ labels: Array<{ text: string; x: number }>; points: number[] }> {
  await section.locator('canvas').first().waitFor();
  return section
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const drawn = (window as unknown as { drawn: Map<HTMLCanvasElement, { texts: Array<{ text: string; x: number; align: string }>; points: number[] }> })
        .drawn;
      const mine = drawn.get(canvas) ?? { texts: [], points: [] };
      return { labels: mine.texts.filter((t) => t.align === 'center').map(({ text, x }) => ({ text, x })), points: mine.points };
    });
}

const section = (page: Page, heading: string) => page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });

it('shows capacity as a chart over time, with its figures as text and a table', async () => {
  const page = await newAnalyst();
  await page.goto(`${dashboard.server.url}/statistieken?from=${addDays(amsterdamToday(), -90)}&to=${addDays(amsterdamToday(), -1)}&interval=month`);
  const capacity = section(page, 'Capaciteit');
  await capacity.locator('canvas').first().waitFor();
  const summary = (await capacity.locator('.summary').first().textContent())!;
  expect(summary).toMatch(/^Nederland: laatst [\d.]+ plekken met [\d.]+ slaapplaatsen \(periode vanaf .+\); laagste [\d.]+, hoogste [\d.]+\.$/);
  await capacity.getByText('Tabel met de precieze cijfers').click();
  const cells = await capacity.locator('tbody td').allTextContents();
  expect(cells.length).toBeGreaterThanOrEqual(3);
  // The latest month's places as the API counts them, both kinds added up.
  const api = (await (await page.request.get(`${dashboard.server.url}/api/v1/statistics/capacity?${new URL(page.url()).search.slice(1)}`)).json()) as {
    rows: Array<{ period: string; places: number }>;
  };
  const latest = api.rows.reduce((max, r) => (r.period > max ? r.period : max), '');
  const places = api.rows.filter((r) => r.period === latest).reduce((sum, r) => sum + r.places, 0);
  expect(places).toBeGreaterThan(0);
  expect(cells.at(-1)).toBe(places.toLocaleString('nl-NL'));
  expect(summary).toContain(`laatst ${cells.at(-1)} plekken`);
  expect(await page.getByRole('button', { name: 'CSV downloaden: Capaciteit' }).count()).toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);
}, 120_000);

it('draws a time axis for every interval: each period named once, each label on its point, in the interface language', async () => {
  const page = await newAnalyst();
  const today = amsterdamToday();
  const views = [
    { interval: 'day', from: addDays(today, -14), label: /^\d{1,2} [a-z]{3}\.?( \d{4})?$/ },
    { interval: 'week', from: addDays(today, -84), label: /^\d{1,2} [a-z]{3}\.?( \d{4})?$/ },
    { interval: 'month', from: addDays(today, -330), label: /^[a-z]{3}\.?( \d{4})?$/ },
    { interval: 'quarter', from: addDays(today, -330), label: /^K[1-4] \d{4}$/ },
    { interval: 'year', from: addDays(today, -330), label: /^\d{4}$/ },
  ];
  for (const view of views) {
    await page.goto(`${dashboard.server.url}/statistieken?from=${view.from}&to=${addDays(today, -1)}&interval=${view.interval}`);
    const { labels, points } = await timeAxis(section(page, 'Capaciteit'));
    expect(labels.length, view.interval).toBeGreaterThanOrEqual(2);
    expect(new Set(labels.map((l) => l.text)).size, `${view.interval}: ${labels.map((l) => l.text).join(', ')}`).toBe(labels.length);
    for (const label of labels) {
      expect(label.text, view.interval).toMatch(view.label);
      // The tick is the point of its period, not a calendar guess beside it.
      expect(Math.min(...points.map((x) => Math.abs(x - label.x))), `${view.interval} ${label.text}`).toBeLessThanOrEqual(1);
    }
  }
  // The year is named where the labels start, and month names follow the interface's language.
  await page.goto(`${dashboard.server.url}/statistieken?from=${addDays(today, -330)}&to=${addDays(today, -1)}&interval=month`);
  expect((await timeAxis(section(page, 'Capaciteit'))).labels[0]?.text).toMatch(/^[a-z]{3}\.? \d{4}$/);
  await page.getByRole('button', { name: 'English' }).click();
  const english = section(page, 'Capacity');
  await expect.poll(async () => (await timeAxis(english)).labels[0]?.text).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
  const months = (await timeAxis(english)).labels.map((l) => l.text.slice(0, 3));
  expect(months.every((m) => ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].includes(m))).toBe(true);
}, 180_000);

it('shows the flows between the chosen regions only, with a caption in full and a readable heat scale', async () => {
  const page = await newAnalyst(PHONE);
  await page.goto(`${dashboard.server.url}/statistieken?regions=VR09,VR13,VR14`);
  const flows = section(page, "Stromen tussen regio's");
  await flows.locator('table').waitFor();
  // 3 × 3, not the 25 columns of every region a chosen one exchanged placements with.
  expect(await flows.locator('thead th').allTextContents()).toEqual(['VR09Utrecht', 'VR13Amsterdam-Amstelland', 'VR14Gooi en Vechtstreek']);
  expect(await flows.locator('tbody th').count()).toBe(3);
  expect(await flows.getByText("Alleen de 3 gekozen regio's, als rij en als kolom (3 × 3).", { exact: false }).count()).toBe(1);
  // VR13 to VR09 is a number on a shade of the scale; the number is dark on it.
  const vr13 = flows.locator('tbody tr', { has: page.locator('th', { hasText: 'VR13' }) });
  const cell = vr13.locator('td').first();
  expect((await cell.textContent())?.trim()).toBe(String(6 * flowWeeks.length));
  const shade = await cell.evaluate((td) => getComputedStyle(td).backgroundColor);
  expect(shade).not.toMatch(/^rgba?\(255, 255, 255|rgba\(0, 0, 0, 0\)/);
  // The scale names its ranges up to the largest number in the table.
  const legend = await flows.locator('.heat-legend li').allTextContents();
  expect(await flows.locator('.heat-legend').getByText('Schaal: hoe donkerder de cel, hoe meer plaatsingen').count()).toBe(1);
  const numbers = (await flows.locator('tbody td').allTextContents()).map((t) => Number(t.trim())).filter((n) => Number.isInteger(n));
  expect(legend[0]).toBe('geen');
  expect(legend.at(-1)).toMatch(new RegExp(`(^|–)${Math.max(...numbers)}$`));
  // The caption is whole on a 360 px phone: it wraps within the page, outside the sideways-scrolling table.
  const caption = flows.getByText(/^Geplaatste aanvragen in /);
  const box = (await caption.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(await caption.evaluate((el) => el.closest('.table-wrap'))).toBeNull();
  // The section fits the phone: the matrix scrolls inside its own box.
  expect(await flows.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  expect(await accessibilityViolations(page)).toEqual([]);
}, 240_000);

it('says so when the first week, month or quarter starts before the chosen date', async () => {
  const page = await newAnalyst();
  const wednesdayDay = wednesday(8).toISOString().slice(0, 10);
  const note = page.locator('.period-start');
  await page.goto(`${dashboard.server.url}/statistieken?from=${wednesdayDay}&to=${addDays(amsterdamToday(), -1)}&interval=week`);
  await expect
    .poll(() => note.textContent(), { timeout: 30_000 })
    .toMatch(/^\s*Weken beginnen op maandag; de eerste week begint op maandag \d+ \w+ \d{4}, vóór de gekozen begindatum woensdag /);
  expect(await note.textContent()).toContain('alleen de dagen vanaf woensdag');
  for (const [interval, start] of [
    ['month', 'Maanden beginnen op de 1e; de eerste maand begint op '],
    ['quarter', 'Kwartalen beginnen op 1 januari, 1 april, 1 juli en 1 oktober; het eerste kwartaal begint op '],
  ]) {
    await page.goto(`${dashboard.server.url}/statistieken?from=${wednesdayDay.slice(0, 8)}15&to=${addDays(amsterdamToday(), -1)}&interval=${interval}`);
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain(start);
  }
  // A start on a Monday needs no note.
  await page.goto(`${dashboard.server.url}/statistieken?from=${addDays(wednesdayDay, -2)}&to=${addDays(amsterdamToday(), -1)}&interval=week`);
  await page.locator('canvas').first().waitFor();
  await expect.poll(() => note.count()).toBe(0);
}, 120_000);

it('counts in words that agree with the number: "1 periode"', async () => {
  const page = await newAnalyst();
  // Only the quiet week 20 weeks back: one period, hidden.
  const monday = addDays(wednesday(20).toISOString().slice(0, 10), -2);
  await page.goto(`${dashboard.server.url}/statistieken?from=${monday}&to=${addDays(monday, 6)}&interval=week`);
  const demand = section(page, 'Onvervulde vraag');
  await expect.poll(() => demand.getByText(/^Nederland: verborgen \(x\) in 1 periode, vanaf /).count(), { timeout: 30_000 }).toBe(1);
  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => page.getByText(/^Netherlands: hidden \(x\) in 1 period, from /).count()).toBe(1);
}, 120_000);

it('has Dutch date fields in a browser with an English locale, with the error at the field', async () => {
  const page = await newAnalyst(DESKTOP, 'en-US');
  expect(await page.evaluate(() => navigator.language)).toBe('en-US');
  await page.goto(`${dashboard.server.url}/statistieken?from=2026-01-05&to=2026-03-29`);
  const from = page.getByLabel('Van', { exact: true });
  await from.waitFor();
  expect(await from.inputValue()).toBe('05-01-2026');
  expect(await page.getByLabel('Tot en met').inputValue()).toBe('29-03-2026');
  expect(await page.locator('#statistics-from-format').textContent()).toBe('dd-mm-jjjj');
  await page.locator('canvas').first().waitFor();

  const asked: string[] = [];
  page.on('request', (request) => void (request.url().includes('/statistics/') && asked.push(request.url())));
  // The American order is no day in Dutch: refused at the field, before anything is asked.
  await from.fill('01/31/2026');
  await page.getByRole('button', { name: 'Toon statistieken' }).click();
  await expect.poll(() => from.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#statistics-from-error').textContent()).toBe('Vul een datum in als dd-mm-jjjj, bijvoorbeeld 05-01-2026, tussen 2000 en 2100.');
  expect(await from.getAttribute('aria-describedby')).toBe('statistics-from-format statistics-from-error');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('statistics-from');
  expect(asked).toEqual([]);
  expect(await accessibilityViolations(page)).toEqual([]);

  await from.fill('12-01-2026');
  await page.getByRole('button', { name: 'Toon statistieken' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2026-01-12');
  expect(await from.getAttribute('aria-invalid')).toBeNull();

  // In English the fields keep the day first, and say so in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => page.locator('#statistics-from-format').textContent()).toBe('dd-mm-yyyy');
  expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('12-01-2026');
}, 120_000);
