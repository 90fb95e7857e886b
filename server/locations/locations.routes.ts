import { createRoute } from '@hono/zod-openapi';

import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { confirmLocation } from '../places/place-changes.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { retireLocation } from './location-retirement.ts';
import { createLocation, updateLocation } from './locations.domain.ts';
import { locationRowToLocation } from './locations.mapper.ts';
import { findLocation, listLocations } from './locations.repository.ts';
import { Confirmation, LocationIdParams, LocationList, LocationListQuery, LocationPatch, LocationSchema, NewLocationSchema } from './locations.schema.ts';

export const list = createRoute({
  method: 'get',
  path: '/locations',
  ...policy('locations.list'),
  tags: ['Locations'],
  summary: 'Locations with their confidential address (admins; shelter staff: their own)',
  request: { query: LocationListQuery },
  responses: { 200: jsonResponse(LocationList, 'The locations you may see.'), ...problems(400, 401, 403) },
});

export const get = createRoute({
  method: 'get',
  path: '/locations/{id}',
  ...policy('locations.read'),
  tags: ['Locations'],
  summary: 'One location, with its address',
  request: { params: LocationIdParams },
  responses: { 200: jsonResponse(LocationSchema, 'The location.'), ...problems(400, 401, 403, 404) },
});

export const create = createRoute({
  method: 'post',
  path: '/locations',
  ...policy('locations.create'),
  tags: ['Locations'],
  summary: 'Add a location (admins)',
  request: { body: { required: true, content: { 'application/json': { schema: NewLocationSchema } } } },
  responses: { 201: jsonResponse(LocationSchema, 'The new location.'), ...problems(400, 401, 403, 415) },
});

export const patch = createRoute({
  method: 'patch',
  path: '/locations/{id}',
  ...policy('locations.update'),
  tags: ['Locations'],
  summary: 'Change a location (admins)',
  request: { params: LocationIdParams, body: { required: true, content: { 'application/json': { schema: LocationPatch } } } },
  responses: { 200: jsonResponse(LocationSchema, 'The changed location.'), ...problems(400, 401, 403, 404, 415) },
});

export const confirm = createRoute({
  method: 'post',
  path: '/locations/{id}/confirmations',
  ...policy('locations.confirm'),
  tags: ['Locations'],
  summary: 'Confirm that every status at this location is still right (one event per place)',
  request: { params: LocationIdParams },
  responses: { 201: jsonResponse(Confirmation, 'All places of the location are confirmed.'), ...problems(400, 401, 403, 404, 415) },
});

export const retire = createRoute({
  method: 'post',
  path: '/locations/{id}/retirement',
  ...policy('locations.retire'),
  tags: ['Locations'],
  summary: 'Retire a location and its places (admins); refused while a place is held or occupied; history stays',
  request: { params: LocationIdParams },
  responses: { 201: jsonResponse(LocationSchema, 'The retired location.'), ...problems(400, 401, 403, 404, 409, 415) },
});

export function locationsRoutes({ db, config }: AppDeps) {
  /** Every read of an address is audited: who read which locations' addresses, when. */
  const auditAddressRead = (user: SessionUser, ids: string[]) =>
    ids.length
      ? audit(db, {
          actorUserId: user.id,
          action: 'location.address_read',
          subjectType: 'location',
          subjectId: ids.length === 1 ? ids[0] : undefined,
          detail: { locations: ids },
        })
      : undefined;

  async function visibleLocation(user: SessionUser, id: string) {
    const row = await findLocation(db, id);
    if (!row) throw new NotFound('Location');
    assertMay(user, 'locations.read', { organisationId: row.organisation_id });
    await auditAddressRead(user, [row.id]);
    return locationRowToLocation(row);
  }

  return createRouter()
    .openapi(retire, async (c) => c.json(await retireLocation({ db, config, actor: c.var.actor }, c.req.valid('param').id), 201))
    .openapi(list, async (c) => {
      const user = c.var.actor;
      const { organisationId } = c.req.valid('query');
      if (organisationId) assertMay(user, 'locations.list', { organisationId });
      const rows = await listLocations(db, listScope(user, 'locations.list').organisationId ?? organisationId);
      await auditAddressRead(
        user,
        rows.map((r) => r.id),
      );
      return c.json({ items: rows.map(locationRowToLocation) }, 200);
    })
    .openapi(get, async (c) => {
      const user = c.var.actor;
      return c.json(await visibleLocation(user, c.req.valid('param').id), 200);
    })
    .openapi(create, async (c) => {
      const user = c.var.actor;
      const id = await createLocation({ db, config, actor: user }, c.req.valid('json'));
      return c.json(await visibleLocation(user, id), 201);
    })
    .openapi(patch, async (c) => {
      const user = c.var.actor;
      const { id } = c.req.valid('param');
      await updateLocation({ db, config, actor: user }, id, c.req.valid('json'));
      return c.json(await visibleLocation(user, id), 200);
    })
    .openapi(confirm, async (c) => {
      const user = c.var.actor;
      const result = await confirmLocation({ db, config, actor: user }, c.req.valid('param').id);
      return c.json({ confirmedAt: result.confirmedAt.toISOString(), places: result.places }, 201);
    });
}
