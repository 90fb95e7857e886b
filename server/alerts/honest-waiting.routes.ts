import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';

import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { assertMay } from '../policy/scope.ts';
import { factsOf, fitsSql, householdFacts } from '../requests/fit.ts';
import { fitRequestOf } from '../requests/matching.ts';
import { findRequest } from '../requests/requests.repository.ts';
import { RequestIdParams } from '../requests/requests.schema.ts';

// Honest waiting (issue 14): "you will get an alert when a place comes free" is a promise only when
// some place in the registry fits the household at all, whatever its status now. The fit rules are
// those of the search (server/requests/fit.ts), over every place.

const FitAnywhere = z
  .object({
    couldFit: z.boolean().openapi({ description: 'Some place in the registry, free or not, fits the household: an alert can come.' }),
  })
  .openapi('FitAnywhere');

export const fitAnywhere = createRoute({
  method: 'get',
  path: '/placement-requests/{id}/fit-anywhere',
  ...policy('requests.matches'),
  tags: ['Placement requests'],
  summary: 'Whether any place in the registry could ever fit the request',
  request: { params: RequestIdParams },
  responses: { 200: jsonResponse(FitAnywhere, 'The answer.'), ...problems(400, 401, 403, 404) },
});

export function honestWaitingRoutes({ db }: AppDeps) {
  return createRouter().openapi(fitAnywhere, async (c) => {
    const request = await findRequest(db, c.req.valid('param').id);
    if (!request) throw new NotFound('Placement request');
    assertMay(c.var.actor, 'requests.matches', { teamId: request.team_id });
    const { rows } = await sql<{ fits: boolean }>`SELECT EXISTS (
      SELECT 1 FROM places p JOIN locations l ON l.id = p.location_id WHERE ${fitsSql(factsOf(householdFacts(fitRequestOf(request))))}) AS fits`.execute(db);
    return c.json({ couldFit: rows[0]!.fits }, 200);
  });
}
