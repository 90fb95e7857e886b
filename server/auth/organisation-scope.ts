import { Forbidden } from '../errors.ts';
import type { SessionUser } from './session-user.ts';

/** The organisation a user is confined to: shelter staff to their own; other roles to none. */
export function organisationScope(user: SessionUser): string | undefined {
  return user.role === 'shelter_staff' ? user.organisationId! : undefined;
}

/**
 * Shelter staff may touch only their own organisation's objects. Refused with 403, not 404: ids are
 * random UUIDs, so hiding existence protects nothing, while a 403 is written to the audit log
 * (auditRefusals), which makes probing another organisation's locations visible.
 */
export function assertOwnOrganisation(user: SessionUser, organisationId: string): void {
  const scope = organisationScope(user);
  if (scope !== undefined && scope !== organisationId) throw new Forbidden('This belongs to another organisation.');
}
