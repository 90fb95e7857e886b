import { createRoute, z } from '@hono/zod-openapi';

import { REQUEST_STATUSES } from '../../shared/vocabulary.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { AppDeps } from '../context.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { listScope } from '../policy/scope.ts';
import { findMatches } from './matching.ts';
import { changeRequest, closeRequest, createRequest, visibleRequest } from './requests.domain.ts';
import { requestRowToRequest } from './requests.mapper.ts';
import { listRequests } from './requests.repository.ts';
import {
  ClosePlacementRequest,
  Matches,
  MatchesQuery,
  NewPlacementRequest,
  PlacementRequestChange,
  PlacementRequestList,
  PlacementRequestSchema,
  RequestIdParams,
} from './requests.schema.ts';

export const create = createRoute({
  method: 'post',
  path: '/placement-requests',
  ...policy('requests.create'),
  tags: ['Placement requests'],
  summary: 'Record one household looking for a place (crisis workers)',
  request: { body: { required: true, content: { 'application/json': { schema: NewPlacementRequest } } } },
  responses: { 201: jsonResponse(PlacementRequestSchema, 'The new, open request.'), ...problems(400, 401, 403, 415) },
});

export const list = createRoute({
  method: 'get',
  path: '/placement-requests',
  ...policy('requests.list'),
  tags: ['Placement requests'],
  summary: 'Requests, open first (crisis workers, admins)',
  request: { query: z.object({ status: z.enum(REQUEST_STATUSES).optional() }) },
  responses: { 200: jsonResponse(PlacementRequestList, 'Requests.'), ...problems(400, 401, 403) },
});

export const get = createRoute({
  method: 'get',
  path: '/placement-requests/{id}',
  ...policy('requests.read'),
  tags: ['Placement requests'],
  summary: 'One request',
  request: { params: RequestIdParams },
  responses: { 200: jsonResponse(PlacementRequestSchema, 'The request.'), ...problems(400, 401, 403, 404) },
});

export const close = createRoute({
  method: 'patch',
  path: '/placement-requests/{id}',
  ...policy('requests.close'),
  tags: ['Placement requests'],
  summary: 'Close a request as no_place (with a reason) or withdrawn; placed comes from an accepted hold',
  request: { params: RequestIdParams, body: { required: true, content: { 'application/json': { schema: ClosePlacementRequest } } } },
  responses: { 200: jsonResponse(PlacementRequestSchema, 'The closed request.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export const matches = createRoute({
  method: 'get',
  path: '/placement-requests/{id}/matches',
  ...policy('requests.matches'),
  tags: ['Placement requests'],
  summary: 'Places that fit the household, best first (paged), and near misses with the rule that failed',
  request: { params: RequestIdParams, query: MatchesQuery },
  responses: { 200: jsonResponse(Matches, 'Matches and near misses.'), ...problems(400, 401, 403, 404) },
});

export const change = createRoute({
  method: 'patch',
  path: '/placement-requests/{id}/household',
  ...policy('requests.change'),
  tags: ['Placement requests'],
  summary: "Change the household of an open request, its needs, regions or origin (the request's team)",
  request: { params: RequestIdParams, body: { required: true, content: { 'application/json': { schema: PlacementRequestChange } } } },
  responses: { 200: jsonResponse(PlacementRequestSchema, 'The changed request.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export function requestsRoutes({ db, config }: AppDeps) {
  const context = (actor: SessionUser) => ({ db, config, actor });
  return createRouter()
    .openapi(create, async (c) => {
      return c.json(requestRowToRequest(await createRequest(context(c.var.actor), c.req.valid('json'))), 201);
    })
    .openapi(list, async (c) => {
      const rows = await listRequests(db, { status: c.req.valid('query').status, teamId: listScope(c.var.actor, 'requests.list').teamId, limit: 200 });
      return c.json({ items: rows.map(requestRowToRequest) }, 200);
    })
    .openapi(get, async (c) => {
      return c.json(requestRowToRequest(await visibleRequest(db, c.var.actor, 'requests.read', c.req.valid('param').id)), 200);
    })
    .openapi(close, async (c) => {
      const { id } = c.req.valid('param');
      await closeRequest(context(c.var.actor), id, c.req.valid('json'));
      return c.json(requestRowToRequest(await visibleRequest(db, c.var.actor, 'requests.read', id)), 200);
    })
    .openapi(matches, async (c) => {
      return c.json(await findMatches(db, c.var.actor, config.freshnessHours, c.req.valid('param').id, c.req.valid('query')), 200);
    })
    .openapi(change, async (c) => {
      const row = await changeRequest(context(c.var.actor), c.req.valid('param').id, c.req.valid('json'));
      return c.json(requestRowToRequest(row), 200);
    });
}
