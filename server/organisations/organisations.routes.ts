import { createRoute } from '@hono/zod-openapi';

import type { OrganisationKind } from '../../shared/vocabulary.ts';
import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { listScope } from '../policy/scope.ts';
import { createOrganisation, updateOrganisation } from './organisations.domain.ts';
import { NewOrganisation, Organisation, OrganisationIdParams, OrganisationList, OrganisationPatch } from './organisations.schema.ts';

export const list = createRoute({
  method: 'get',
  path: '/organisations',
  ...policy('organisations.list'),
  tags: ['Organisations'],
  summary: 'Organisations (admins; shelter staff: their own)',
  responses: { 200: jsonResponse(OrganisationList, 'The organisations.'), ...problems(401, 403) },
});
export const create = createRoute({
  method: 'post',
  path: '/organisations',
  ...policy('organisations.create'),
  tags: ['Organisations'],
  summary: 'Add an organisation (admins)',
  request: { body: { required: true, content: { 'application/json': { schema: NewOrganisation } } } },
  responses: { 201: jsonResponse(Organisation, 'The new organisation.'), ...problems(400, 401, 403, 415) },
});
export const patch = createRoute({
  method: 'patch',
  path: '/organisations/{id}',
  ...policy('organisations.update'),
  tags: ['Organisations'],
  summary: 'Change an organisation (admins)',
  request: { params: OrganisationIdParams, body: { required: true, content: { 'application/json': { schema: OrganisationPatch } } } },
  responses: { 200: jsonResponse(Organisation, 'The changed organisation.'), ...problems(400, 401, 403, 404, 415) },
});

export function organisationsRoutes({ db, config }: AppDeps) {
  const query = () =>
    db
      .selectFrom('organisations')
      .select((eb) => [
        'organisations.id',
        'organisations.name',
        'organisations.kind',
        eb.selectFrom('locations').select(eb.fn.countAll<string>().as('n')).whereRef('locations.organisation_id', '=', 'organisations.id').as('locations'),
      ]);
  const toDto = (row: { id: string; name: string; kind: OrganisationKind; locations: string | null }) => ({ ...row, locations: Number(row.locations ?? 0) });
  const findOne = async (id: string) => {
    const row = await query().where('organisations.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFound('Organisation');
    return toDto(row);
  };

  return createRouter()
    .openapi(list, async (c) => {
      const user = c.var.actor;
      const { organisationId } = listScope(user, 'organisations.list');
      const rows = await query()
        .$if(organisationId !== undefined, (q) => q.where('organisations.id', '=', organisationId!))
        .orderBy('organisations.name')
        .execute();
      return c.json({ items: rows.map(toDto) }, 200);
    })
    .openapi(create, async (c) => {
      const id = await createOrganisation({ db, config, actor: c.var.actor }, c.req.valid('json'));
      return c.json(await findOne(id), 201);
    })
    .openapi(patch, async (c) => {
      const { id } = c.req.valid('param');
      await updateOrganisation({ db, config, actor: c.var.actor }, id, c.req.valid('json'));
      return c.json(await findOne(id), 200);
    });
}
