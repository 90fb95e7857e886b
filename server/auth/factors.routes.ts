import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { UserIdParams } from '../users/users.schema.ts';
import { confirmTotpEnrolment, resetFactors, startTotpEnrolment } from './factors.domain.ts';
import { EnrolmentDone, FactorList, TotpEnrolment } from './factors.schema.ts';
import { currentSession } from './middleware.ts';
import { FactorCodeBody } from './sessions.schema.ts';

export const listFactors = createRoute({
  method: 'get',
  path: '/account/factors',
  ...policy('account.factors'),
  tags: ['Account'],
  summary: 'My second factors',
  responses: { 200: jsonResponse(FactorList, 'The factors.'), ...problems(401) },
});
export const startTotp = createRoute({
  method: 'post',
  path: '/account/totp-enrolments',
  ...policy('account.enrol'),
  tags: ['Account'],
  summary: 'Start enrolling an authenticator app (TOTP)',
  responses: { 201: jsonResponse(TotpEnrolment, 'A new secret, not yet in force.'), ...problems(400, 401, 403) },
});
export const confirmTotp = createRoute({
  method: 'post',
  path: '/account/totp-enrolments/confirmation',
  ...policy('account.enrol'),
  tags: ['Account'],
  summary: 'Confirm the app with its first code',
  request: { body: { required: true, content: { 'application/json': { schema: FactorCodeBody } } } },
  responses: { 200: jsonResponse(EnrolmentDone, 'The app is a factor now; a session waiting for it is logged in.'), ...problems(400, 401, 403, 409, 415) },
});
export const resetFactorsRoute = createRoute({
  method: 'delete',
  path: '/users/{id}/factors',
  ...policy('users.reset_factors'),
  tags: ['Users'],
  summary: "Reset a user's second factors (admins)",
  request: { params: UserIdParams },
  responses: {
    200: jsonResponse(z.object({ deleted: z.number().int() }).openapi('FactorReset'), 'Removed; the user enrols again at the next login.'),
    ...problems(400, 401, 403, 404),
  },
});

export function factorsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(listFactors, async (c) => {
      const user = c.var.actor;
      const rows = await db
        .selectFrom('user_factors')
        .select(['id', 'kind', 'created_at'])
        .where('user_id', '=', user.id)
        .where('confirmed_at', 'is not', null)
        .orderBy('created_at')
        .execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, kind: r.kind, createdAt: r.created_at.toISOString() })) }, 200);
    })
    .openapi(startTotp, async (c) => {
      const { user, session } = currentSession(c);
      return c.json(await startTotpEnrolment({ db, config, actor: user }, session), 201);
    })
    .openapi(confirmTotp, async (c) => {
      const { user, session } = currentSession(c);
      return c.json(await confirmTotpEnrolment({ db, config, actor: user }, session, c.req.valid('json').code), 200);
    })
    .openapi(resetFactorsRoute, async (c) => {
      const deleted = await resetFactors({ db, config, actor: c.var.actor }, c.req.valid('param').id);
      return c.json({ deleted }, 200);
    });
}
