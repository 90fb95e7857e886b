import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  password: string;
}

/** Creates a user with an argon2id password hash. Used by the API and by `npm run user:create`. */
export async function createUser(db: Db, input: NewUserInput, actorUserId: string | null): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('users').values({
      email: input.email.toLowerCase(), name: input.name, role: input.role, organisation_id: input.organisationId, password_hash: passwordHash,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actorUserId, action: 'user.created', subjectType: 'user', subjectId: id, detail: { role: input.role } });
    return id;
  });
}
