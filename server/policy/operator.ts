import type { SessionUser } from '../auth/session-user.ts';

/**
 * The operator at the machine: a command-line tool run with the database's credentials. They could
 * change any row by hand, so the policy grants them what it grants admins; the tools still ask it,
 * and go through the same domain functions as the API, so they are no way around its rules.
 */
export const OPERATOR: SessionUser = Object.freeze({ id: 'operator', email: '', name: 'operator', role: 'admin', organisationId: null, region: null });

/** The audit log's actor: a user's id, or null for the operator. */
export function auditActorId(actor: SessionUser): string | null {
  return actor === OPERATOR ? null : actor.id;
}
