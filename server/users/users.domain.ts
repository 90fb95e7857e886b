import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';

import { audit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { forgetUserSessions } from '../auth/session-cache.ts';
import { deleteUserSessions } from '../auth/sessions.repository.ts';
import type { WriteContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { hasMembership } from '../policy/membership.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import { assertOrganisationFits, assertRegionFits, defaultRegionScheme } from './users.repository.ts';
import type { UserPatch } from './users.schema.ts';

// An admin's change of a user (creating one is createUser in users.repository.ts, shared with the
// user:create tool): the policy check, the fields, ending the sessions it invalidates, the audit entry.

export async function updateUser(ctx: WriteContext, id: string, input: z.output<typeof UserPatch>): Promise<void> {
  const { db, actor } = ctx;
  assertMay(actor, 'users.update');
  const { password: newPassword, disabled, organisationId: givenOrganisation, regionCode: givenRegion, ...rest } = input;
  // A user moved to a role without an organisation leaves theirs.
  const organisationId = rest.role && !hasMembership(rest.role) && givenOrganisation === undefined ? null : givenOrganisation;
  const current = await db.selectFrom('users').select(['role', 'organisation_id', 'region_code']).where('id', '=', id).executeTakeFirst();
  if (!current) throw new NotFound('User');
  const role = rest.role ?? current.role;
  await assertOrganisationFits(db, role, organisationId === undefined ? current.organisation_id : organisationId);
  // The same for a region: another role leaves it unless one is given (which is then refused).
  const regionCode = givenRegion !== undefined ? givenRegion : role === 'region_officer' ? current.region_code : null;
  await assertRegionFits(db, role, regionCode);
  const regionChanged = regionCode !== current.region_code;
  const passwordHash = newPassword ? await hashPassword(newPassword) : undefined;
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('users')
      .set({
        ...rest,
        organisation_id: organisationId,
        ...(regionChanged ? { region_code: regionCode, region_scheme: regionCode === null ? null : defaultRegionScheme } : {}),
        password_hash: passwordHash,
        disabled_at: disabled === undefined ? undefined : disabled ? sql`now()` : null,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!result.numUpdatedRows) throw new NotFound('User');
    // A disabled user, or one whose password, role or scope changed, must log in again: end sessions now.
    if (disabled || passwordHash || rest.role || organisationId !== undefined || regionChanged) await deleteUserSessions(trx, id);
    await audit(trx, {
      actorUserId: auditActorId(actor),
      action: 'user.updated',
      subjectType: 'user',
      subjectId: id,
      detail: {
        fields: Object.keys(rest),
        role: rest.role,
        organisationId,
        regionCode: regionChanged ? regionCode : undefined,
        disabled,
        password: passwordHash ? 'changed' : undefined,
      },
    });
  });
  // After the commit: a request in between would have cached the user as they were.
  forgetUserSessions(id);
}
