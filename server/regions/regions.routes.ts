import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { NotFound } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { findScheme, listRegions } from './regions.repository.ts';

const RegionList = z
  .object({
    scheme: z.object({ code: z.string().openapi({ example: 'veiligheidsregio' }), name: z.string() }),
    items: z.array(z.object({ code: z.string().openapi({ example: 'VR09' }), name: z.string().openapi({ example: 'Utrecht' }) })),
  })
  .openapi('RegionList');

export const list = createRoute({
  method: 'get',
  path: '/regions',
  ...policy('regions.list'),
  tags: ['Regions'],
  summary: 'Regions of a region scheme (default: veiligheidsregio)',
  request: {
    query: z.object({
      scheme: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/)
        .optional()
        .openapi({ example: 'veiligheidsregio' }),
    }),
  },
  responses: { 200: jsonResponse(RegionList, 'The regions, ordered by code.'), ...problems(400, 401, 404) },
});

export function regionsRoutes({ db }: AppDeps) {
  return createRouter().openapi(list, async (c) => {
    const scheme = await findScheme(db, c.req.valid('query').scheme);
    if (!scheme) throw new NotFound('Region scheme');
    const items = await listRegions(db, scheme.code);
    return c.json({ scheme, items }, 200);
  });
}
