import type { Action } from '../../server/policy/rules.ts';
import type { MessageKey } from './messages.ts';
import type { Role } from './types.ts';

// The dashboard's pages and who may open them: the one table the router, the main menu and the
// landing after login read. It mirrors the server's policy (server/policy/rules.ts) for the pages'
// API calls; the server still refuses what a page is not allowed, this only keeps the menu honest.

export interface Page {
  path: string;
  name: 'overview' | 'crisis' | 'shelter' | 'admin' | 'statistics' | 'account' | 'region' | 'quality';
  label: MessageKey;
  roles: readonly Role[];
  /** The policy action the page cannot work without: a page is offered only to roles it grants (tests/unit/pages.test.ts). */
  needs: Action;
  /** The roles that land here after logging in. */
  landing: readonly Role[];
}

export const PAGES = [
  {
    path: '/',
    name: 'overview',
    label: 'nav.overview',
    roles: ['admin', 'shelter_staff', 'crisis_worker', 'analyst', 'region_officer'],
    needs: 'availability.read',
    landing: [],
  },
  { path: '/zoeken', name: 'crisis', label: 'nav.crisis', roles: ['crisis_worker'], needs: 'requests.create', landing: ['crisis_worker'] },
  // "My places" is a shelter's own page; admins see places per location under Beheer (the whole
  // country as tiles would be some 1,500 on one page).
  { path: '/opvang', name: 'shelter', label: 'nav.shelter', roles: ['shelter_staff'], needs: 'places.change_status', landing: ['shelter_staff'] },
  { path: '/beheer', name: 'admin', label: 'nav.admin', roles: ['admin'], needs: 'users.update', landing: ['admin'] },
  { path: '/statistieken', name: 'statistics', label: 'nav.statistics', roles: ['analyst', 'admin'], needs: 'statistics.read', landing: ['analyst'] },
  // A region's data quality and quarterly reports: its officer's work, and admins' for the nation.
  { path: '/regio', name: 'region', label: 'nav.region', roles: ['region_officer', 'admin'], needs: 'reports.review', landing: ['region_officer'] },
  { path: '/kwaliteit', name: 'quality', label: 'nav.quality', roles: ['shelter_staff'], needs: 'quality.explain', landing: [] },
  {
    path: '/account',
    name: 'account',
    label: 'nav.account',
    roles: ['admin', 'shelter_staff', 'crisis_worker', 'analyst', 'region_officer'],
    needs: 'account.password',
    landing: [],
  },
] as const satisfies readonly Page[];

/** Opened from a one-time link by someone not (yet) logged in: no menu entry, no role. */
export const SET_PASSWORD_PATH = '/wachtwoord';
/** The public open-data page: no login, no role. */
export const OPEN_DATA_PATH = '/open-data';

export type Route = (typeof PAGES)[number]['path'] | typeof SET_PASSWORD_PATH | typeof OPEN_DATA_PATH;
export type PageName = Page['name'];

/** The pages a role may open, in menu order. */
export function pagesFor(role: Role): Page[] {
  return PAGES.filter((page) => (page.roles as readonly Role[]).includes(role));
}

/** The page at a path for this role; a page the role may not open falls back to the overview. */
export function pageAt(path: string, role: Role): PageName {
  return pagesFor(role).find((page) => page.path === path)?.name ?? 'overview';
}

/** Where a role lands after logging in. */
export function landingFor(role: Role): Route {
  return (PAGES.find((page) => (page.landing as readonly Role[]).includes(role))?.path ?? '/') as Route;
}
