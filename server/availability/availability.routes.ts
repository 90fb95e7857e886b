import { createRoute } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { DEFINITION_VERSION } from '../definition.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { may } from '../policy/scope.ts';
import { findScheme, listRegions } from '../regions/regions.repository.ts';
import { toAvailability } from './availability.mapper.ts';
import { countAvailability } from './availability.repository.ts';
import { Availability } from './availability.schema.ts';

export const get = createRoute({
  method: 'get',
  path: '/availability',
  ...policy('availability.read'),
  tags: ['Availability'],
  summary: 'Places and beds per veiligheidsregio and kind, by status; stale places as unknown (analysts: as of the last full hour)',
  responses: { 200: jsonResponse(Availability, 'Current availability, nationally and per region.'), ...problems(401) },
});

const HOUR_MS = 3_600_000;

export function availabilityRoutes({ db, config }: AppDeps) {
  async function figures(asOf?: Date) {
    const scheme = await findScheme(db, undefined);
    const [regions, rows] = await Promise.all([scheme ? listRegions(db, scheme.code) : [], countAvailability(db, config.freshnessHours, asOf)]);
    const now = new Date().toISOString();
    return toAvailability(regions, rows, {
      definitionVersion: DEFINITION_VERSION,
      freshnessHours: config.freshnessHours,
      generatedAt: now,
      asOf: asOf?.toISOString() ?? now,
    });
  }
  // The state at an hour is fixed by the events before it, so every node computes the same figures
  // for it: each keeps the latest hour's, computed once. The hour is a closed period a few seconds
  // after it ends (a commit under way at the hour may still land), hence the lag.
  let hourly: { hour: number; figures: ReturnType<typeof figures> } | undefined;
  function lastFullHour() {
    const hour = Math.floor((Date.now() - 10_000) / HOUR_MS) * HOUR_MS;
    if (hourly?.hour !== hour) {
      hourly = { hour, figures: figures(new Date(hour)) };
      hourly.figures.catch(() => {
        hourly = undefined;
      });
    }
    return hourly.figures;
  }

  return createRouter().openapi(get, async (c) => {
    return c.json(may(c.var.actor, 'availability.live') ? await figures() : await lastFullHour(), 200);
  });
}
