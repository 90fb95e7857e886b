import type { z } from '@hono/zod-openapi';

import { regionOfMunicipality } from '../../db/municipality-regions.ts';
import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import type { LocationPatch, NewLocationSchema } from './locations.schema.ts';

// An admin's writes of locations: the policy check, the region the municipality lies in today, the
// row and its audit entry. The caller reads the location back (and so audits the address read).

async function municipalityRegion(ctx: WriteContext, code: string) {
  const region = await regionOfMunicipality(ctx.db, code);
  if (!region) throw new InvalidInput([{ name: 'body.municipalityCode', code: 'not_found', reason: 'unknown municipality, or not in a region' }]);
  return region;
}

/** Registers a location of a shelter organisation; returns its id. */
export async function createLocation(ctx: WriteContext, input: z.output<typeof NewLocationSchema>): Promise<string> {
  const { db, actor } = ctx;
  assertMay(actor, 'locations.create');
  const organisation = await db.selectFrom('organisations').select('kind').where('id', '=', input.organisationId).executeTakeFirst();
  if (!organisation) throw new InvalidInput([{ name: 'body.organisationId', code: 'not_found', reason: 'no such organisation' }]);
  // A crisis team has no shelter locations: places there would be held by the team itself.
  if (organisation.kind === 'veilig_thuis') throw new InvalidInput([{ name: 'body.organisationId', code: 'custom', reason: 'a crisis team has no locations' }]);
  const region = await municipalityRegion(ctx, input.municipalityCode);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('locations')
      .values({
        organisation_id: input.organisationId,
        name: input.name,
        municipality_code: input.municipalityCode,
        region_scheme: region.scheme_code,
        region_code: region.region_code,
        serves: input.serves,
        street_address: input.street,
        postal_code: input.postalCode,
        city: input.city,
        intake_phone: input.intakePhone,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorUserId: auditActorId(actor), action: 'location.created', subjectType: 'location', subjectId: id });
    return id;
  });
}

/** Changes the fields given; a new municipality moves the location to that municipality's region. */
export async function updateLocation(ctx: WriteContext, id: string, input: z.output<typeof LocationPatch>): Promise<void> {
  const { db, actor } = ctx;
  assertMay(actor, 'locations.update');
  const region = input.municipalityCode ? await municipalityRegion(ctx, input.municipalityCode) : undefined;
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('locations')
      .set({
        name: input.name,
        municipality_code: input.municipalityCode,
        region_scheme: region?.scheme_code,
        region_code: region?.region_code,
        serves: input.serves,
        street_address: input.street,
        postal_code: input.postalCode,
        city: input.city,
        intake_phone: input.intakePhone,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!updated.numUpdatedRows) throw new NotFound('Location');
    await audit(trx, {
      actorUserId: auditActorId(actor),
      action: 'location.updated',
      subjectType: 'location',
      subjectId: id,
      detail: { fields: Object.keys(input) },
    });
  });
}
