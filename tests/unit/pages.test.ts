import { describe, expect, it } from 'vitest';

import { grantOf } from '../../server/policy/rules.ts';
import { landingFor, pageAt, PAGES, pagesFor } from '../../web/lib/pages.ts';

const ROLES = ['admin', 'shelter_staff', 'crisis_worker', 'analyst', 'region_officer'] as const;

describe("the dashboard's pages per role (web/lib/pages.ts)", () => {
  it("offers a page only to roles the server's policy grants what the page needs", () => {
    const offeredButRefused = PAGES.flatMap((page) => page.roles.filter((role) => !grantOf(page.needs, role)).map((role) => `${page.path} ${role}`));
    expect(offeredButRefused).toEqual([]);
  });

  it('lands every role on a page it may open, and falls back to the overview elsewhere', () => {
    for (const role of ROLES) expect(pagesFor(role).map((p) => p.path)).toContain(landingFor(role));
    expect(ROLES.map(landingFor)).toEqual(['/beheer', '/opvang', '/zoeken', '/statistieken', '/regio']);
    expect(pageAt('/beheer', 'crisis_worker')).toBe('overview');
    expect(pageAt('/statistieken', 'admin')).toBe('statistics');
    expect(pagesFor('analyst').map((p) => p.path)).toEqual(['/', '/statistieken', '/account']);
    expect(pagesFor('region_officer').map((p) => p.path)).toEqual(['/', '/regio', '/account']);
  });
});
