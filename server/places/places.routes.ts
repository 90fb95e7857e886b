import { createRoute } from '@hono/zod-openapi';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import type { AppDeps } from '../app.ts';
import { placeRowToPlace } from './places.mapper.ts';
import { findPlace, listPlaces } from './places.repository.ts';
import { PlaceIdParams, PlaceList, PlaceListQuery, PlaceSchema } from './places.schema.ts';

const list = createRoute({
  method: 'get',
  path: '/places',
  tags: ['Places'],
  summary: 'List places with their status and freshness',
  request: { query: PlaceListQuery },
  responses: { 200: jsonResponse(PlaceList, 'A page of places.'), ...problems(400) },
});

const get = createRoute({
  method: 'get',
  path: '/places/{id}',
  tags: ['Places'],
  summary: 'One place',
  request: { params: PlaceIdParams },
  responses: { 200: jsonResponse(PlaceSchema, 'The place.'), ...problems(400, 404) },
});

export function placesRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const { page, pageSize, ...filters } = c.req.valid('query');
      const { rows, total } = await listPlaces(db, config.freshnessHours, filters, { page, pageSize });
      return c.json({
        items: rows.map(placeRowToPlace),
        page: { number: page, size: pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize) },
      }, 200);
    })
    .openapi(get, async (c) => {
      const row = await findPlace(db, config.freshnessHours, c.req.valid('param').id);
      if (!row) throw new NotFound('Place');
      return c.json(placeRowToPlace(row), 200);
    });
}
