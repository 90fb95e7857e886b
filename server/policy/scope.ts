import type { SessionUser } from '../auth/session-user.ts';
import { Forbidden } from '../errors.ts';
import { type Action, grantOf, OWN_SCOPE } from './rules.ts';

/** Whose an object is, as far as the policy compares: its organisation (shelter), its crisis team, its region. */
export interface Owner {
  organisationId?: string | null;
  teamId?: string | null;
  region?: { scheme: string; code: string } | null;
}

/** What a list must be narrowed to for this actor: nothing set means everything. */
export interface ListScope {
  organisationId?: string;
  teamId?: string;
  region?: { scheme: string; code: string };
}

function inScope(actor: SessionUser, owner: Owner): boolean {
  const scope = OWN_SCOPE[actor.role as keyof typeof OWN_SCOPE];
  if (scope === 'region') return !!actor.region && owner.region?.scheme === actor.region.scheme && owner.region.code === actor.region.code;
  if (!scope || !actor.organisationId) return false;
  return (scope === 'organisation' ? owner.organisationId : owner.teamId) === actor.organisationId;
}

/** Whether the actor may do `action` on an object owned by `owner` (or at all, without one). */
export function may(actor: SessionUser, action: Action, owner?: Owner): boolean {
  const grant = grantOf(action, actor.role);
  if (grant === 'all') return true;
  return grant === 'own' && (owner === undefined || inScope(actor, owner));
}

/**
 * 403, not 404, for another organisation's or team's object: ids are random UUIDs, so hiding their
 * existence protects nothing, while a 403 is written to the audit log (auditRefusals), which makes
 * probing for them visible.
 */
export function assertMay(actor: SessionUser, action: Action, owner?: Owner): void {
  if (may(actor, action, owner)) return;
  if (grantOf(action, actor.role) === undefined) throw new Forbidden();
  const whose = { crisis_worker: 'another crisis team', region_officer: 'another region' }[actor.role as string] ?? 'another organisation';
  throw new Forbidden(`This belongs to ${whose}.`);
}

/** The filter for a list under `action`: an actor with an `own` grant sees their scope only. */
export function listScope(actor: SessionUser, action: Action): ListScope {
  assertMay(actor, action);
  if (grantOf(action, actor.role) === 'all') return {};
  const scope = OWN_SCOPE[actor.role as keyof typeof OWN_SCOPE];
  // An `own` grant to a role without a scope would show everything: refuse instead.
  if (scope === 'region' && actor.region) return { region: actor.region };
  if (!scope || scope === 'region' || !actor.organisationId) throw new Forbidden();
  return scope === 'organisation' ? { organisationId: actor.organisationId } : { teamId: actor.organisationId };
}
