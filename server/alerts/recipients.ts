import { type RawBuilder, sql } from 'kysely';

import { ALERT_AUDIENCE } from '../policy/audience.ts';
import { grantOf, OWN_SCOPE } from '../policy/rules.ts';
import type { Owner } from '../policy/scope.ts';
import type { AlertKind } from './kinds.ts';

/**
 * The users (`u`) an alert of `kind` about an object owned by `owner` goes to, as a condition: the
 * audience's roles, narrowed by the policy's grant of its action the way `may` narrows a single check
 * (server/policy/scope.ts): `all` — every user of the role, `own` — those whose organisation or team
 * owns the object. Disabled users get nothing.
 */
export function recipientsSql(kind: AlertKind, owner: Owner): RawBuilder<boolean> {
  const { action, roles } = ALERT_AUDIENCE[kind];
  const perRole = roles.map((role) => {
    const grant = grantOf(action, role);
    if (grant === 'all') return sql`u.role = ${role}`;
    const scope = OWN_SCOPE[role as keyof typeof OWN_SCOPE];
    const ownerId = scope === 'organisation' ? owner.organisationId : scope === 'team' ? owner.teamId : null;
    // No grant, or an `own` grant without an owner to compare: nobody of this role.
    if (grant !== 'own' || !ownerId) return sql`false`;
    return sql`(u.role = ${role} AND u.organisation_id = ${ownerId}::uuid)`;
  });
  return sql<boolean>`(u.disabled_at IS NULL AND (${sql.join(perRole, sql` OR `)}))`;
}
