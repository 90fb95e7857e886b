import { createRoute } from '@hono/zod-openapi';
import { DEFINITION_VERSION } from '../definition.ts';
import { policy } from '../policy/route-policy.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import type { AppDeps } from '../context.ts';
import { findScheme, listRegions } from '../regions/regions.repository.ts';
import { toAvailability } from './availability.mapper.ts';
import { countAvailability } from './availability.repository.ts';
import { Availability } from './availability.schema.ts';

const get = createRoute({
  method: 'get',
  path: '/availability',
  ...policy('availability.read'),
  tags: ['Availability'],
  summary: 'Places and beds per veiligheidsregio and kind, by status; stale places as unknown',
  responses: { 200: jsonResponse(Availability, 'Current availability, nationally and per region.'), ...problems(401) },
});

export function availabilityRoutes({ db, config }: AppDeps) {
  return createRouter().openapi(get, async (c) => {
    const scheme = await findScheme(db, undefined);
    const [regions, rows] = await Promise.all([
      scheme ? listRegions(db, scheme.code) : [],
      countAvailability(db, config.freshnessHours),
    ]);
    const body = toAvailability(regions, rows, {
      definitionVersion: DEFINITION_VERSION,
      freshnessHours: config.freshnessHours,
      generatedAt: new Date().toISOString(),
    });
    return c.json(body, 200);
  });
}
