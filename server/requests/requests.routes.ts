import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';

import { regionOfMunicipality } from '../../db/municipality-regions.ts';
import { DEFAULT_SCHEME } from '../../db/seed/veiligheidsregios.ts';
import { REQUEST_STATUSES } from '../../shared/vocabulary.ts';
import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { AppDeps } from '../context.ts';
import { InvalidInput, NotFound, Problem } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import type { Action } from '../policy/rules.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { assertRegionsExist, listRefs } from '../regions/region-refs.ts';
import { findMatches } from './matching.ts';
import { requestRowToRequest } from './requests.mapper.ts';
import { changeOpenRequest, findRequest, insertRequest, listRequests } from './requests.repository.ts';
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

const create = createRoute({
  method: 'post',
  path: '/placement-requests',
  ...policy('requests.create'),
  tags: ['Placement requests'],
  summary: 'Record one household looking for a place (crisis workers)',
  request: { body: { required: true, content: { 'application/json': { schema: NewPlacementRequest } } } },
  responses: { 201: jsonResponse(PlacementRequestSchema, 'The new, open request.'), ...problems(400, 401, 403, 415) },
});

const list = createRoute({
  method: 'get',
  path: '/placement-requests',
  ...policy('requests.list'),
  tags: ['Placement requests'],
  summary: 'Requests, open first (crisis workers, admins)',
  request: { query: z.object({ status: z.enum(REQUEST_STATUSES).optional() }) },
  responses: { 200: jsonResponse(PlacementRequestList, 'Requests.'), ...problems(400, 401, 403) },
});

const get = createRoute({
  method: 'get',
  path: '/placement-requests/{id}',
  ...policy('requests.read'),
  tags: ['Placement requests'],
  summary: 'One request',
  request: { params: RequestIdParams },
  responses: { 200: jsonResponse(PlacementRequestSchema, 'The request.'), ...problems(400, 401, 403, 404) },
});

const close = createRoute({
  method: 'patch',
  path: '/placement-requests/{id}',
  ...policy('requests.close'),
  tags: ['Placement requests'],
  summary: 'Close a request as no_place (with a reason) or withdrawn; placed comes from an accepted hold',
  request: { params: RequestIdParams, body: { required: true, content: { 'application/json': { schema: ClosePlacementRequest } } } },
  responses: { 200: jsonResponse(PlacementRequestSchema, 'The closed request.'), ...problems(400, 401, 403, 404, 409, 415) },
});

const matches = createRoute({
  method: 'get',
  path: '/placement-requests/{id}/matches',
  ...policy('requests.matches'),
  tags: ['Placement requests'],
  summary: 'Places that fit the household, best first (paged), and near misses with the rule that failed',
  request: { params: RequestIdParams, query: MatchesQuery },
  responses: { 200: jsonResponse(Matches, 'Matches and near misses.'), ...problems(400, 401, 403, 404) },
});

const change = createRoute({
  method: 'patch',
  path: '/placement-requests/{id}/household',
  ...policy('requests.change'),
  tags: ['Placement requests'],
  summary: "Change the household of an open request, its needs, regions or origin (the request's team)",
  request: { params: RequestIdParams, body: { required: true, content: { 'application/json': { schema: PlacementRequestChange } } } },
  responses: { 200: jsonResponse(PlacementRequestSchema, 'The changed request.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export function requestsRoutes({ db, config }: AppDeps) {
  /** The region of the origin municipality; a region sent as well must be that one. */
  const originRegionOf = async (body: { originMunicipality?: string; originRegion?: string }) => {
    if (!body.originMunicipality) return body.originRegion!;
    const region = await regionOfMunicipality(db, body.originMunicipality);
    if (!region) throw new InvalidInput([{ name: 'body.originMunicipality', code: 'not_found', reason: 'unknown municipality, or not in a region' }]);
    if (body.originRegion && body.originRegion !== region.region_code) {
      throw new InvalidInput([{ name: 'body.originRegion', code: 'custom', reason: `the municipality lies in ${region.region_code}` }]);
    }
    return region.region_code;
  };

  /** The request if `action` on it is the actor's (their team's); another team's is a 403, audited. */
  const visibleRequest = async (actor: SessionUser, action: Action, id: string) => {
    const row = await findRequest(db, id);
    if (!row) throw new NotFound('Placement request');
    assertMay(actor, action, { teamId: row.team_id });
    return row;
  };

  return createRouter()
    .openapi(create, async (c) => {
      const user = c.var.actor;
      const body = c.req.valid('json');
      const originRegion = await originRegionOf(body);
      // Request regions are veiligheidsregio's (the schema says so); origin and placement also have foreign keys.
      await assertRegionsExist(db, DEFAULT_SCHEME.code, [
        { name: 'body.originRegion', code: originRegion },
        ...listRefs('body.avoidRegions', body.avoidRegions),
        ...listRefs('body.preferRegions', body.preferRegions),
      ]);
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await insertRequest(trx, { ...body, originRegion }, { id: user.id, teamId: user.organisationId! });
        await audit(trx, { actorUserId: user.id, action: 'placement_request.created', subjectType: 'placement_request', subjectId: inserted.id });
        return inserted;
      });
      return c.json(requestRowToRequest(row), 201);
    })
    .openapi(list, async (c) => {
      const rows = await listRequests(db, { status: c.req.valid('query').status, teamId: listScope(c.var.actor, 'requests.list').teamId, limit: 200 });
      return c.json({ items: rows.map(requestRowToRequest) }, 200);
    })
    .openapi(get, async (c) => {
      return c.json(requestRowToRequest(await visibleRequest(c.var.actor, 'requests.read', c.req.valid('param').id)), 200);
    })
    .openapi(close, async (c) => {
      const user = c.var.actor;
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await visibleRequest(user, 'requests.close', id);
      await db.transaction().execute(async (trx) => {
        // An active hold must be released first, so no place stays held for a closed request.
        // Lock the request first, as creating a hold does: the UPDATE below then starts after any
        // hold being made for it has committed, and sees it. Without the lock, its NOT EXISTS used a
        // snapshot from before that hold, and a request could close while its new hold stayed active.
        await trx.selectFrom('placement_requests').select('id').where('id', '=', id).forUpdate().execute();
        const updated = await trx
          .updateTable('placement_requests')
          .set({ status: body.status, outcome_reason: body.reason ?? null, closed_at: sql`now()` })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .where((eb) =>
            eb.not(
              eb.exists(eb.selectFrom('holds').select('id').whereRef('holds.request_id', '=', 'placement_requests.id').where('holds.status', '=', 'active')),
            ),
          )
          .returning('id')
          .executeTakeFirst();
        if (!updated) {
          const row = await visibleRequest(user, 'requests.close', id);
          throw new Problem(
            409,
            'Conflict',
            row.status === 'open' ? 'Release the active hold of this request first.' : `The request is already ${row.status}.`,
          );
        }
        await audit(trx, {
          actorUserId: user.id,
          action: `placement_request.${body.status}`,
          subjectType: 'placement_request',
          subjectId: id,
          detail: { reason: body.reason },
        });
      });
      return c.json(requestRowToRequest(await visibleRequest(user, 'requests.read', id)), 200);
    })
    .openapi(matches, async (c) => {
      const request = await visibleRequest(c.var.actor, 'requests.matches', c.req.valid('param').id);
      return c.json(await findMatches(db, config.freshnessHours, request, c.req.valid('query')), 200);
    })
    .openapi(change, async (c) => {
      const user = c.var.actor;
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const originRegion = body.originMunicipality ? await originRegionOf(body) : undefined;
      await assertRegionsExist(db, DEFAULT_SCHEME.code, [
        ...listRefs('body.avoidRegions', body.avoidRegions ?? []),
        ...listRefs('body.preferRegions', body.preferRegions ?? []),
      ]);
      const row = await db.transaction().execute(async (trx) => {
        // Locked as closing and holding lock it: a hold made meanwhile is seen, not raced.
        const current = await trx.selectFrom('placement_requests').select(['id', 'team_id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!current) throw new NotFound('Placement request');
        assertMay(user, 'requests.change', { teamId: current.team_id });
        if (Object.values(body).every((v) => v === undefined)) return (await findRequest(trx, id))!;
        const changed = await changeOpenRequest(trx, id, { ...body, originRegion });
        if (!changed) {
          throw new Problem(
            409,
            'Conflict',
            current.status === 'open' ? 'Release the active hold of this request first.' : `The request is already ${current.status}.`,
          );
        }
        await audit(trx, { actorUserId: user.id, action: 'placement_request.changed', subjectType: 'placement_request', subjectId: id });
        return changed;
      });
      return c.json(requestRowToRequest(row), 200);
    });
}
