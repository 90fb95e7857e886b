import { createRoute } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { updateUser } from './users.domain.ts';
import { createUser } from './users.repository.ts';
import { NewUser, User, UserIdParams, UserList, UserListQuery, UserPatch } from './users.schema.ts';

export const list = createRoute({
  method: 'get',
  path: '/users',
  ...policy('users.list'),
  tags: ['Users'],
  summary: 'Users by email address (admins)',
  request: { query: UserListQuery },
  responses: { 200: jsonResponse(UserList, 'A page of users.'), ...problems(400, 401, 403) },
});
export const create = createRoute({
  method: 'post',
  path: '/users',
  ...policy('users.create'),
  tags: ['Users'],
  summary: 'Add a user (admins)',
  request: { body: { required: true, content: { 'application/json': { schema: NewUser } } } },
  responses: { 201: jsonResponse(User, 'The new user.'), ...problems(400, 401, 403, 409, 415) },
});
export const patch = createRoute({
  method: 'patch',
  path: '/users/{id}',
  ...policy('users.update'),
  tags: ['Users'],
  summary: 'Change or disable a user (admins)',
  request: { params: UserIdParams, body: { required: true, content: { 'application/json': { schema: UserPatch } } } },
  responses: { 200: jsonResponse(User, 'The changed user.'), ...problems(400, 401, 403, 404, 415) },
});

export function usersRoutes({ db, config }: AppDeps) {
  const COLUMNS = ['id', 'email', 'name', 'role', 'organisation_id', 'region_code', 'disabled_at', 'created_at'] as const;
  const query = () => db.selectFrom('users').select(COLUMNS);
  type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;
  const toDto = (r: Row) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    organisationId: r.organisation_id,
    regionCode: r.region_code,
    disabled: r.disabled_at !== null,
    createdAt: r.created_at.toISOString(),
  });
  const findOne = async (id: string) => {
    const row = await query().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFound('User');
    return toDto(row);
  };

  return createRouter()
    .openapi(list, async (c) => {
      const { page, pageSize, role, organisationId } = c.req.valid('query');
      const base = db
        .selectFrom('users')
        .$if(role !== undefined, (q) => q.where('role', '=', role!))
        .$if(organisationId !== undefined, (q) => q.where('organisation_id', '=', organisationId!));
      const [rows, count] = await Promise.all([
        base
          .select(COLUMNS)
          .orderBy('email')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const total = Number(count.n);
      return c.json(
        {
          items: rows.map(toDto),
          page: { number: page, size: pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize) },
        },
        200,
      );
    })
    .openapi(create, async (c) => {
      const id = await createUser({ db, actor: c.var.actor }, c.req.valid('json'));
      return c.json(await findOne(id), 201);
    })
    .openapi(patch, async (c) => {
      const { id } = c.req.valid('param');
      await updateUser({ db, config, actor: c.var.actor }, id, c.req.valid('json'));
      return c.json(await findOne(id), 200);
    });
}
