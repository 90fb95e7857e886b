import { createRoute } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { Conflict, NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { changeStatus } from '../places/place-changes.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { changeStay } from './stay-changes.ts';
import { stayRowToStay } from './stays.mapper.ts';
import { findOpenStay, findStay, listOpenStays } from './stays.repository.ts';
import { IntakeBody, StayEnd, StayIdParams, StayList, StayPatch, StayPlaceParams, StaySchema } from './stays.schema.ts';

// Intake and end change the place (occupied / available) through the one place write path, which
// opens or ends the stay in the same transaction; the other changes touch only the stay.

export const list = createRoute({
  method: 'get',
  path: '/stays',
  ...policy('stays.list'),
  tags: ['Stays'],
  summary: 'Current stays (shelter staff: in their own places)',
  responses: { 200: jsonResponse(StayList, 'Open stays, oldest first.'), ...problems(401, 403) },
});

export const intake = createRoute({
  method: 'post',
  path: '/places/{id}/stay',
  ...policy('places.change_status'),
  tags: ['Stays'],
  summary: "The shelter's own intake: the place becomes occupied with this household (in numbers)",
  request: { params: StayPlaceParams, body: { required: true, content: { 'application/json': { schema: IntakeBody } } } },
  responses: { 201: jsonResponse(StaySchema, 'The stay that began.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export const change = createRoute({
  method: 'patch',
  path: '/stays/{id}',
  ...policy('stays.change'),
  tags: ['Stays'],
  summary: 'Enter who stays, or mark the household ready to move on (or no longer); the place stays occupied',
  request: { params: StayIdParams, body: { required: true, content: { 'application/json': { schema: StayPatch } } } },
  responses: { 200: jsonResponse(StaySchema, 'The changed stay.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export const end = createRoute({
  method: 'post',
  path: '/stays/{id}/end',
  ...policy('places.change_status'),
  tags: ['Stays'],
  summary: 'End a stay with its exit destination: the place becomes available',
  request: { params: StayIdParams, body: { required: true, content: { 'application/json': { schema: StayEnd } } } },
  responses: { 200: jsonResponse(StaySchema, 'The ended stay.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export function staysRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const rows = await listOpenStays(db, listScope(c.var.actor, 'stays.list').organisationId);
      return c.json({ items: rows.map(stayRowToStay) }, 200);
    })
    .openapi(intake, async (c) => {
      const { id } = c.req.valid('param');
      const { version, ...composition } = c.req.valid('json');
      await changeStatus(
        { db, config, actor: c.var.actor },
        { placeId: id, expected: { version, via: 'body' }, status: 'occupied', unavailableReason: null, stay: { intake: composition } },
      );
      const stay = await findOpenStay(db, id);
      if (!stay) throw new NotFound('Stay');
      return c.json(stayRowToStay(stay), 201);
    })
    .openapi(change, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return c.json(await changeStay(db, { stayId: id, ...body }, c.var.actor), 200);
    })
    .openapi(end, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const stay = await findStay(db, id);
      if (!stay) throw new NotFound('Stay');
      assertMay(c.var.actor, 'places.change_status', { organisationId: stay.organisation_id });
      if (stay.ended_at !== null) throw new Conflict('The stay has already ended.', stayRowToStay(stay));
      await changeStatus(
        { db, config, actor: c.var.actor },
        {
          placeId: stay.place_id,
          expected: { version: body.placeVersion, via: 'body' },
          status: 'available',
          unavailableReason: null,
          stay: { exitDestination: body.destination },
        },
      );
      const ended = await findStay(db, id);
      return c.json(stayRowToStay(ended!), 200);
    });
}
