import type { OrganisationKind, Role } from '../../db/schema.ts';

// Which organisations a role's members belong to: the other half of OWN_SCOPE (rules.ts), whose `own`
// is that organisation. A crisis worker in a shelter organisation would see its addresses, shelter
// staff in a crisis team its households. Asked by the user schema (required or not), by the users'
// domain functions (the kind), and so by the API and `npm run user:create` alike; a database
// trigger keeps the kind too.

export const MEMBERSHIP = {
  shelter_staff: ['vrouwenopvang', 'maatschappelijke_opvang'],
  crisis_worker: ['veilig_thuis'],
} as const satisfies Partial<Record<Role, readonly OrganisationKind[]>>;

/** Why members of `role` cannot be with (or without) an organisation, or null when they can. */
export function membershipPresenceProblem(role: Role, hasOrganisation: boolean): string | null {
  if (!hasMembership(role)) return hasOrganisation ? 'only shelter staff and crisis workers belong to an organisation' : null;
  if (hasOrganisation) return null;
  return role === 'crisis_worker' ? 'required for crisis workers: their team' : 'required for shelter staff';
}

/** Why an organisation of `kind` takes no members of `role`, or null when it does. */
export function membershipKindProblem(role: Role, kind: OrganisationKind): string | null {
  const kinds: readonly OrganisationKind[] | undefined = MEMBERSHIP[role as keyof typeof MEMBERSHIP];
  if (!kinds || kinds.includes(kind)) return null;
  return role === 'crisis_worker' ? 'a crisis worker joins a Veilig Thuis team' : 'shelter staff join a shelter organisation, not a crisis team';
}

/** Whether members of `role` belong to an organisation at all. */
export function hasMembership(role: Role): boolean {
  return role in MEMBERSHIP;
}
