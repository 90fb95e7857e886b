import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';

import type { AppDeps } from '../context.ts';
import { Unavailable } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';

const Health = z.object({ status: z.literal('ok'), database: z.literal('ok') }).openapi('Health');

export const get = createRoute({
  method: 'get',
  path: '/health',
  ...policy('health.read'),
  security: [],
  tags: ['Health'],
  summary: 'Liveness and database reachability, for load balancers',
  responses: { 200: jsonResponse(Health, 'The server and its database answer.'), ...problems() },
});

export function healthRoutes({ db }: AppDeps) {
  return createRouter().openapi(get, async (c) => {
    try {
      await sql`select 1`.execute(db);
    } catch {
      throw new Unavailable();
    }
    return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
  });
}
