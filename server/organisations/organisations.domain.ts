import type { z } from '@hono/zod-openapi';

import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import type { NewOrganisation, OrganisationPatch } from './organisations.schema.ts';

// An admin's writes of organisations: policy check, row and audit entry in one place.

/** Registers an organisation (a shelter or a Veilig Thuis crisis team); returns its id. */
export async function createOrganisation(ctx: WriteContext, input: z.output<typeof NewOrganisation>): Promise<string> {
  assertMay(ctx.actor, 'organisations.create');
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('organisations').values(input).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actorUserId: auditActorId(ctx.actor), action: 'organisation.created', subjectType: 'organisation', subjectId: id });
    return id;
  });
}

export async function updateOrganisation(ctx: WriteContext, id: string, input: z.output<typeof OrganisationPatch>): Promise<void> {
  assertMay(ctx.actor, 'organisations.update');
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('organisations').set(input).where('id', '=', id).executeTakeFirst();
    if (!result.numUpdatedRows) throw new NotFound('Organisation');
    await audit(trx, {
      actorUserId: auditActorId(ctx.actor),
      action: 'organisation.updated',
      subjectType: 'organisation',
      subjectId: id,
      detail: { fields: Object.keys(input), kind: input.kind },
    });
  });
}
