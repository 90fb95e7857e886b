import type { Role } from '../../db/schema.ts';
import type { AlertKind } from '../alerts/kinds.ts';
import type { Change, PlaceChange } from '../realtime/contract.ts';
import type { Action } from './rules.ts';

// The one answer to "who receives which change", asked by the socket (live and replay) and by
// GET /changes alike, so the two can no longer drift apart.

/**
 * What the audience rules read of an actor, and nothing more: sockets are grouped by exactly these
 * fields, so one answer per group is the answer for each of its members. A crisis worker's
 * organisation is their crisis team.
 */
export interface Viewer {
  role: Role;
  organisationId: string | null;
}

/** The whole change, only that a region's figures moved (no place), or nothing at all. */
export type Reception = 'full' | 'reduced' | 'none';

// Per role: what they receive of a change of their own organisation's place, and of any other.
// Analysts receive no single change: one hold is one household, in real time (issue 12).
const RECEPTION: Record<Role, { own: Reception; other: Reception }> = {
  admin: { own: 'full', other: 'full' },
  crisis_worker: { own: 'full', other: 'full' },
  shelter_staff: { own: 'full', other: 'reduced' },
  analyst: { own: 'none', other: 'none' },
  // Region officers see aggregates only, like analysts.
  region_officer: { own: 'none', other: 'none' },
};

export function receptionOf(viewer: Viewer, change: PlaceChange): Reception {
  const rule = RECEPTION[viewer.role];
  return viewer.organisationId !== null && viewer.organisationId === change.organisationId ? rule.own : rule.other;
}

/** The change as this viewer receives it, or null when they receive nothing of it. */
export function changeFor(viewer: Viewer, change: PlaceChange): Change | null {
  const reception = receptionOf(viewer, change);
  if (reception === 'none') return null;
  if (reception === 'full') return change;
  const { seq, type, regionCode, kind, occurredAt } = change;
  return { seq, type, regionCode, kind, occurredAt };
}

/**
 * Viewers who receive no single change follow figures only: a throttled "figures changed" signal
 * live, and no change feed (GET /changes is refused, sync:resume replays nothing).
 */
export function followsFiguresOnly(viewer: Viewer): boolean {
  const rule = RECEPTION[viewer.role];
  return rule.own === 'none' && rule.other === 'none';
}

/**
 * Who an alert of each kind goes to (issue 14): users of `roles` whom the policy lets do `action` on
 * the object the alert is about — with an `own` grant, those of its organisation or team. The same
 * rules as every door (server/policy/rules.ts), not a second list of who may see what.
 */
export const ALERT_AUDIENCE = {
  hold_incoming: { action: 'holds.answer', roles: ['shelter_staff'] },
  hold_unanswered: { action: 'holds.answer', roles: ['shelter_staff'] },
  stale_soon: { action: 'locations.confirm', roles: ['shelter_staff'] },
  place_free: { action: 'holds.create', roles: ['crisis_worker'] },
  hold_answered: { action: 'holds.extend', roles: ['crisis_worker'] },
  hold_expiring: { action: 'holds.extend', roles: ['crisis_worker'] },
  location_unconfirmed: { action: 'locations.update', roles: ['admin'] },
} as const satisfies Record<AlertKind, { action: Action; roles: readonly Role[] }>;
