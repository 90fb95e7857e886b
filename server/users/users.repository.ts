import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { EmailInUse, InvalidInput } from '../errors.ts';
import { membershipKindProblem, membershipPresenceProblem } from '../policy/membership.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import { defaultSchemeRegion } from '../regions/default-scheme-region.ts';

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  /** A region officer's region in the default scheme. */
  regionCode?: string | null;
  password: string;
}

/** The policy's membership rule (server/policy/membership.ts) for a role and an organisation id. */
export async function assertOrganisationFits(db: Db, role: Role, organisationId: string | null): Promise<void> {
  const presence = membershipPresenceProblem(role, organisationId !== null);
  if (presence) throw new InvalidInput([{ name: 'body.organisationId', code: 'custom', reason: presence }]);
  if (organisationId === null) return;
  const organisation = await db.selectFrom('organisations').select('kind').where('id', '=', organisationId).executeTakeFirst();
  if (!organisation) throw new InvalidInput([{ name: 'body.organisationId', code: 'not_found', reason: 'no such organisation' }]);
  const kind = membershipKindProblem(role, organisation.kind);
  if (kind) throw new InvalidInput([{ name: 'body.organisationId', code: 'custom', reason: kind }]);
}

/**
 * A region officer has a region of the default scheme, and nobody else has one. The database refuses
 * the rest too, but as a bare constraint error that names no field.
 */
export async function assertRegionFits(db: Db, role: Role, regionCode: string | null): Promise<void> {
  if ((role === 'region_officer') !== (regionCode !== null)) {
    const reason = role === 'region_officer' ? 'required for region officers' : 'only region officers have a region';
    throw new InvalidInput([{ name: 'body.regionCode', code: 'custom', reason }]);
  }
  if (regionCode !== null) await defaultSchemeRegion(db, regionCode, 'body.regionCode');
}

/** The default scheme's code, for a region officer's region (the scheme is not the admin's to choose). */
export const defaultRegionScheme = sql<string>`(SELECT code FROM region_schemes WHERE is_default)`;

/**
 * Creates a user with an argon2id password hash: the one way, for POST /users (an admin) and for
 * `npm run user:create` (the operator, OPERATOR), both asking the policy.
 */
export async function createUser(ctx: { db: Db; actor: SessionUser }, input: NewUserInput): Promise<string> {
  const { db, actor } = ctx;
  assertMay(actor, 'users.create');
  await assertOrganisationFits(db, input.role, input.organisationId);
  await assertRegionFits(db, input.role, input.regionCode ?? null);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('users')
        .values({
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          organisation_id: input.organisationId,
          password_hash: passwordHash,
          ...(input.regionCode ? { region_code: input.regionCode, region_scheme: defaultRegionScheme } : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { actorUserId: auditActorId(actor), action: 'user.created', subjectType: 'user', subjectId: id, detail: { role: input.role } });
      return id;
    });
  } catch (error) {
    // The unique index is the one guard against a race; it becomes an error that names the field.
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'users_email') throw new EmailInUse();
    throw error;
  }
}
