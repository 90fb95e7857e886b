import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { MAX_ROW_VERSION } from '../http/row-version.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import type { ExpectedVersion } from './place-changes.ts';
import { listPlaceEvents } from './place-events.repository.ts';
import { retirePlace } from './place-retirement.ts';
import { changePlace, registerPlace } from './places.domain.ts';
import { placeRowToPlace } from './places.mapper.ts';
import { findPlace, listPlaces } from './places.repository.ts';
import { NewPlaceSchema, PlaceEventList, PlaceIdParams, PlaceList, PlaceListQuery, PlacePatch, PlaceSchema } from './places.schema.ts';

const IfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ param: { name: 'if-match', in: 'header' }, description: 'If-Match: the version the change is based on, e.g. "3".' }),
});

export const list = createRoute({
  method: 'get',
  path: '/places',
  ...policy('places.list'),
  tags: ['Places'],
  summary: "List places with their status and freshness (shelter staff: their own organisation's)",
  request: { query: PlaceListQuery },
  responses: { 200: jsonResponse(PlaceList, 'A page of places.'), ...problems(400, 401, 403) },
});

export const get = createRoute({
  method: 'get',
  path: '/places/{id}',
  ...policy('places.read'),
  tags: ['Places'],
  summary: 'One place',
  request: { params: PlaceIdParams },
  responses: { 200: jsonResponse(PlaceSchema, 'The place.'), ...problems(400, 401, 403, 404) },
});

export const create = createRoute({
  method: 'post',
  path: '/places',
  ...policy('places.create'),
  tags: ['Places'],
  summary: 'Register a place (admins)',
  request: { body: { required: true, content: { 'application/json': { schema: NewPlaceSchema } } } },
  responses: { 201: jsonResponse(PlaceSchema, 'The new place.'), ...problems(400, 401, 403, 415) },
});

export const patch = createRoute({
  method: 'patch',
  path: '/places/{id}',
  ...policy('places.change_status', 'places.change_attributes'),
  tags: ['Places'],
  summary: "Change a place's status (shelter staff, admins) or attributes (admins), based on its version",
  request: {
    params: PlaceIdParams,
    headers: IfMatch,
    body: { required: true, content: { 'application/json': { schema: PlacePatch } } },
  },
  responses: { 200: jsonResponse(PlaceSchema, 'The changed place.'), ...problems(400, 401, 403, 404, 409, 412, 415) },
});

export const events = createRoute({
  method: 'get',
  path: '/places/{id}/events',
  ...policy('places.history'),
  tags: ['Places'],
  summary: 'History of a place, newest first',
  request: { params: PlaceIdParams },
  responses: { 200: jsonResponse(PlaceEventList, 'Every change of the place.'), ...problems(400, 401, 403, 404) },
});

export const retire = createRoute({
  method: 'post',
  path: '/places/{id}/retirement',
  ...policy('places.retire'),
  tags: ['Places'],
  summary: 'Retire a place (admins): it leaves search, availability and capacity from today; its history stays',
  request: { params: PlaceIdParams },
  responses: { 201: jsonResponse(PlaceSchema, 'The retired place.'), ...problems(400, 401, 403, 404, 409, 415) },
});

/** The version a change is based on: body.version or If-Match ("3" or W/"3"), not two different ones. */
function expectedVersion(body: { version?: number }, ifMatch: string | undefined): ExpectedVersion {
  const header = ifMatch?.match(/^(?:W\/)?"?(\d+)"?$/);
  if (ifMatch !== undefined && (!header || Number(header[1]) > MAX_ROW_VERSION)) {
    throw new InvalidInput([{ name: 'header.If-Match', code: 'invalid_format', reason: 'a place version such as "3"' }]);
  }
  const fromHeader = header ? Number(header[1]) : undefined;
  if (fromHeader !== undefined && body.version !== undefined && fromHeader !== body.version) {
    throw new InvalidInput([{ name: 'body.version', code: 'custom', reason: 'differs from If-Match' }]);
  }
  if (fromHeader !== undefined) return { version: fromHeader, via: 'if-match' };
  if (body.version !== undefined) return { version: body.version, via: 'body' };
  throw new InvalidInput([{ name: 'body.version', code: 'invalid_type', reason: 'required: the version the change is based on (or send If-Match)' }]);
}

export function placesRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const user = c.var.actor;
      const { page, pageSize, ...filters } = c.req.valid('query');
      const { rows, total } = await listPlaces(
        db,
        config.freshnessHours,
        { ...filters, organisationId: listScope(user, 'places.list').organisationId },
        { page, pageSize },
      );
      return c.json(
        {
          items: rows.map(placeRowToPlace),
          page: { number: page, size: pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize) },
        },
        200,
      );
    })
    .openapi(get, async (c) => {
      const user = c.var.actor;
      const row = await findPlace(db, config.freshnessHours, c.req.valid('param').id);
      if (!row) throw new NotFound('Place');
      assertMay(user, 'places.read', { organisationId: row.organisation_id });
      c.header('ETag', `"${row.version}"`);
      return c.json(placeRowToPlace(row), 200);
    })
    .openapi(create, async (c) => {
      const place = await registerPlace({ db, config, actor: c.var.actor }, c.req.valid('json'));
      return c.json(place, 201);
    })
    .openapi(patch, async (c) => {
      const { id } = c.req.valid('param');
      const { version, ...patch } = c.req.valid('json');
      const expected = expectedVersion({ version }, c.req.valid('header')['if-match']);
      const place = await changePlace({ db, config, actor: c.var.actor }, { placeId: id, expected, patch });
      c.header('ETag', `"${place.version}"`);
      return c.json(place, 200);
    })
    .openapi(retire, async (c) => c.json(await retirePlace({ db, config, actor: c.var.actor }, c.req.valid('param').id), 201))
    .openapi(events, async (c) => {
      const user = c.var.actor;
      const { id } = c.req.valid('param');
      const row = await findPlace(db, config.freshnessHours, id);
      if (!row) throw new NotFound('Place');
      assertMay(user, 'places.history', { organisationId: row.organisation_id });
      const rows = await listPlaceEvents(db, id);
      return c.json(
        {
          items: rows.map((e) => ({
            seq: e.seq,
            type: e.type,
            status: e.status,
            unavailableReason: e.unavailable_reason,
            version: e.version,
            occurredAt: e.occurred_at.toISOString(),
            actor: e.actor_name,
          })),
        },
        200,
      );
    });
}
