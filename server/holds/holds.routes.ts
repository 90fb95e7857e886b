import { createRoute, z } from '@hono/zod-openapi';

import { HOLD_STATUSES } from '../../shared/vocabulary.ts';
import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { acceptHold, createHold, declineHold, extendHold, releaseHold } from './hold-changes.ts';
import { holdRowToHold } from './holds.mapper.ts';
import { findHold, listHolds } from './holds.repository.ts';
import { HoldAction, HoldIdParams, HoldList, HoldSchema, NewHold } from './holds.schema.ts';

export const create = createRoute({
  method: 'post',
  path: '/holds',
  ...policy('holds.create'),
  tags: ['Holds'],
  summary: 'Hold a fitting, available place for a request (crisis workers)',
  request: { body: { required: true, content: { 'application/json': { schema: NewHold } } } },
  responses: { 201: jsonResponse(HoldSchema, 'The place is held; the intake phone is included.'), ...problems(400, 401, 403, 404, 409, 415, 429) },
});

export const list = createRoute({
  method: 'get',
  path: '/holds',
  ...policy('holds.list'),
  tags: ['Holds'],
  summary: 'Holds (shelter staff: on their own places)',
  request: { query: z.object({ status: z.enum(HOLD_STATUSES).optional(), requestId: z.string().uuid().optional() }) },
  responses: { 200: jsonResponse(HoldList, 'Holds, newest first.'), ...problems(400, 401, 403) },
});

export const get = createRoute({
  method: 'get',
  path: '/holds/{id}',
  ...policy('holds.read'),
  tags: ['Holds'],
  summary: 'One hold',
  request: { params: HoldIdParams },
  responses: { 200: jsonResponse(HoldSchema, 'The hold.'), ...problems(400, 401, 403, 404) },
});

export const act = createRoute({
  method: 'patch',
  path: '/holds/{id}',
  ...policy('holds.answer', 'holds.extend', 'holds.release'),
  tags: ['Holds'],
  summary: 'Extend (once) or release a hold; the shelter accepts or declines it',
  request: { params: HoldIdParams, body: { required: true, content: { 'application/json': { schema: HoldAction } } } },
  responses: { 200: jsonResponse(HoldSchema, 'The hold after the action.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export function holdsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(create, async (c) => {
      const user = c.var.actor;
      const id = await createHold(db, c.req.valid('json'), user, config);
      return c.json(holdRowToHold((await findHold(db, id))!, user, config.holdLimits), 201);
    })
    .openapi(list, async (c) => {
      const user = c.var.actor;
      const query = c.req.valid('query');
      const rows = await listHolds(db, { ...query, ...listScope(user, 'holds.list') });
      return c.json({ items: rows.map((row) => holdRowToHold(row, user, config.holdLimits)) }, 200);
    })
    .openapi(get, async (c) => {
      const user = c.var.actor;
      const row = await findHold(db, c.req.valid('param').id);
      if (!row) throw new NotFound('Hold');
      assertMay(user, 'holds.read', { organisationId: row.organisation_id, teamId: row.team_id });
      return c.json(holdRowToHold(row, user, config.holdLimits), 200);
    })
    .openapi(act, async (c) => {
      const user = c.var.actor;
      const { id } = c.req.valid('param');
      const { action, reason } = c.req.valid('json');
      if (action === 'accept') await acceptHold(db, id, user);
      else if (action === 'decline') await declineHold(db, id, reason!, user);
      else if (action === 'release') await releaseHold(db, id, user, config);
      else await extendHold(db, id, user, config);
      const row = await findHold(db, id);
      if (!row) throw new NotFound('Hold');
      return c.json(holdRowToHold(row, user, config.holdLimits), 200);
    });
}
