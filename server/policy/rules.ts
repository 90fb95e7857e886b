import type { Role } from '../../db/schema.ts';

// Who may do what: the one table every door asks (HTTP routes through policy(), handlers and
// repositories through may/assertMay/listScope). The README's security model is this table in prose;
// tests/api/authorization.test.ts derives its expected status codes from it.

/** Who asks: a role, or nobody logged in. */
export type Asker = Role | 'anonymous';

/**
 * `all`: every object of its kind. `own`: only objects in the actor's scope (OWN_SCOPE): shelter
 * staff their organisation's, crisis workers their team's. A missing entry: refused (401/403).
 */
export type Grant = 'all' | 'own';
export type Rule = Readonly<Partial<Record<Asker, Grant>>>;

/**
 * What `own` means per role: shelter staff their organisation's, crisis workers their team's, region
 * officers their region's (Owner.region, compared with the user's region).
 */
export const OWN_SCOPE = { shelter_staff: 'organisation', crisis_worker: 'team', region_officer: 'region' } as const satisfies Partial<Record<Role, string>>;

const EVERYONE = { anonymous: 'all', admin: 'all', shelter_staff: 'all', crisis_worker: 'all', analyst: 'all', region_officer: 'all' } as const;
const LOGGED_IN = { admin: 'all', shelter_staff: 'all', crisis_worker: 'all', analyst: 'all', region_officer: 'all' } as const;
// Places without addresses: shelters see their own, crisis workers all (to find one that fits).
const PLACES = { admin: 'all', shelter_staff: 'own', crisis_worker: 'all' } as const;
const SHELTER = { admin: 'all', shelter_staff: 'own' } as const;
const ADMIN = { admin: 'all' } as const;
// Single households are a team's business: its members only; admins read for support.
const TEAM = { admin: 'all', crisis_worker: 'own' } as const;

export const POLICY = {
  'health.read': EVERYONE,
  'sessions.create': EVERYONE,
  'sessions.read': LOGGED_IN,
  'sessions.delete': LOGGED_IN,
  // The second step of a login (a code or a passkey); see PASSWORD_ONLY.
  'sessions.verify': LOGGED_IN,
  // Everyone's own account: their factors and password.
  'account.factors': LOGGED_IN,
  'account.enrol': LOGGED_IN,
  'account.password': LOGGED_IN,
  // The one-time link's token is the credential.
  'account.set_password': EVERYONE,
  'regions.list': LOGGED_IN,
  'municipalities.list': LOGGED_IN,
  // Aggregates: nothing single in them.
  'availability.read': LOGGED_IN,
  // Not a route: availability as it is now. Live counts step by one when one household is held or
  // placed, so those without it (analysts) get the state at the last full hour instead.
  'availability.live': { admin: 'all', shelter_staff: 'all', crisis_worker: 'all' },
  'statistics.read': { admin: 'all', analyst: 'all' },
  // Single place changes, live: not for analysts (aggregates only).
  'changes.read': PLACES,

  'places.list': PLACES,
  'places.read': PLACES,
  'places.history': SHELTER,
  'places.create': ADMIN,
  'places.change_status': SHELTER,
  'places.change_attributes': ADMIN,
  // Retired, never deleted: the history stays (issue 18).
  'places.retire': ADMIN,

  // Locations carry the confidential address.
  'locations.list': SHELTER,
  'locations.read': SHELTER,
  'locations.create': ADMIN,
  'locations.update': ADMIN,
  'locations.confirm': SHELTER,
  'locations.retire': ADMIN,

  'organisations.list': SHELTER,
  'organisations.create': ADMIN,
  'organisations.update': ADMIN,
  'users.list': ADMIN,
  'users.create': ADMIN,
  'users.update': ADMIN,
  'users.reset_factors': ADMIN,
  'users.password_link': ADMIN,
  'audit.read': ADMIN,

  // Demand is recorded by crisis workers only: a request made by anyone else would count in the figures.
  'requests.create': { crisis_worker: 'own' },
  'requests.list': TEAM,
  'requests.read': TEAM,
  'requests.matches': TEAM,
  'requests.close': { crisis_worker: 'own' },
  // Colleagues of the team take a case over at shift change, so they may correct the household too.
  'requests.change': { crisis_worker: 'own' },

  'holds.create': { crisis_worker: 'own' },
  'holds.list': { admin: 'all', shelter_staff: 'own', crisis_worker: 'own' },
  'holds.read': { admin: 'all', shelter_staff: 'own', crisis_worker: 'own' },
  // The shelter answers a hold on its place; the team that holds extends or releases it (admins may
  // release one, e.g. for a team off duty, but do not promise a household more time).
  'holds.answer': SHELTER,
  'holds.extend': { crisis_worker: 'own' },
  'holds.release': TEAM,
  // Not a route: the intake phone of a held place, shown in holds to these.
  'holds.intake_phone': TEAM,

  // Stays: who is in a place, in numbers, and whether they are ready to move on (the shelter's own).
  'stays.list': SHELTER,
  'stays.change': SHELTER,
  // Everyone's own alerts: their devices for Web Push, the kinds they get, the alerts open for them.
  'alerts.read': LOGGED_IN,
  'alerts.devices': LOGGED_IN,
  'alerts.settings': LOGGED_IN,
  // Data quality (issue 16): flags per location and region, and their explanations. A region officer
  // sees their region's (never places, addresses or single requests); shelter staff their own locations'.
  'quality.read': { admin: 'all', shelter_staff: 'own', region_officer: 'own' },
  'quality.explain': { shelter_staff: 'own', region_officer: 'own' },
  // Quarterly reports: drafted by the server, reviewed and signed off by the region's officer (the
  // national report by an admin), who may send a question back to a shelter instead.
  'reports.read': { admin: 'all', region_officer: 'own' },
  'reports.review': { admin: 'all', region_officer: 'own' },
  // Open data: signed-off, disclosure-controlled figures, for anyone without a login.
  'open.read': EVERYONE,
  // Not a route: the holding crisis team's name and phone, shown in holds to the shelter of the place.
  'holds.team_contact': SHELTER,
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/**
 * A session that has passed the password but not yet its second factor is no login, except for
 * these: it may see where it stands, pass or enrol its factor, and log out. Nothing else.
 */
export const PASSWORD_ONLY: ReadonlySet<Action> = new Set<Action>(['sessions.read', 'sessions.delete', 'sessions.verify', 'account.enrol']);

export function grantOf(action: Action, asker: Asker): Grant | undefined {
  return (POLICY[action] as Rule)[asker];
}
