import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { EmailInUse, InvalidInput } from '../errors.ts';

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  /** A region officer's region in the default scheme. */
  regionCode?: string | null;
  password: string;
}

/**
 * A crisis worker joins a team (a veilig_thuis organisation), shelter staff a shelter: the other kind
 * would let a worker see a shelter's addresses, or staff a team's households. (A trigger keeps it too.)
 */
export async function assertOrganisationFits(db: Db, role: Role, organisationId: string | null): Promise<void> {
  if (organisationId === null) return;
  const organisation = await db.selectFrom('organisations').select('kind').where('id', '=', organisationId).executeTakeFirst();
  if (!organisation) throw new InvalidInput([{ name: 'body.organisationId', code: 'not_found', reason: 'no such organisation' }]);
  if ((organisation.kind === 'veilig_thuis') !== (role === 'crisis_worker')) {
    const reason = role === 'crisis_worker' ? 'a crisis worker joins a Veilig Thuis team' : 'shelter staff join a shelter organisation, not a crisis team';
    throw new InvalidInput([{ name: 'body.organisationId', code: 'custom', reason }]);
  }
}

/** Creates a user with an argon2id password hash. Used by the API and by `npm run user:create`. */
export async function createUser(db: Db, input: NewUserInput, actorUserId: string | null): Promise<string> {
  await assertOrganisationFits(db, input.role, input.organisationId);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('users').values({
        email: input.email.toLowerCase(), name: input.name, role: input.role, organisation_id: input.organisationId, password_hash: passwordHash,
        ...(input.regionCode ? { region_code: input.regionCode, region_scheme: sql<string>`(SELECT code FROM region_schemes WHERE is_default)` } : {}),
      }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, { actorUserId, action: 'user.created', subjectType: 'user', subjectId: id, detail: { role: input.role } });
      return id;
    });
  } catch (error) {
    // The unique index is the one guard against a race; it becomes an error that names the field.
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'users_email') throw new EmailInUse();
    throw error;
  }
}
