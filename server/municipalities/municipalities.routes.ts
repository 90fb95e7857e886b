import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { RegionRef } from '../places/places.schema.ts';
import { policy } from '../policy/route-policy.ts';
import { listMunicipalities } from './municipalities.repository.ts';

const Municipality = z
  .object({ code: z.string().openapi({ example: 'GM0344' }), name: z.string().openapi({ example: 'Utrecht' }), region: RegionRef })
  .openapi('Municipality');
const MunicipalityList = z.object({ items: z.array(Municipality) }).openapi('MunicipalityList');

export const list = createRoute({
  method: 'get',
  path: '/municipalities',
  ...policy('municipalities.list'),
  tags: ['Regions'],
  summary: 'Municipalities (CBS codes) with the veiligheidsregio each belongs to today, by name',
  responses: { 200: jsonResponse(MunicipalityList, 'Every municipality that lies in a region of the default scheme.'), ...problems(401) },
});

export function municipalitiesRoutes({ db }: AppDeps) {
  return createRouter().openapi(list, async (c) => {
    const rows = await listMunicipalities(db);
    return c.json({ items: rows.map((r) => ({ code: r.code, name: r.name, region: { code: r.region_code, name: r.region_name } })) }, 200);
  });
}
