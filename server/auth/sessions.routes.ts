import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';

import type { AppDeps } from '../context.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { isLocalhost, requestHost, sessionCookieName } from '../http/origin.ts';
import { policy } from '../policy/route-policy.ts';
import { confirmedFactorKinds, type FactorStage, stageAfterPassword } from './factors.repository.ts';
import { authorizePending, clientIp, currentSession } from './middleware.ts';
import type { SessionUser } from './session-user.ts';
import { logIn, logOut, passFactorCode } from './sessions.domain.ts';
import { FactorCodeBody, LoginBody, SessionSchema } from './sessions.schema.ts';

export const login = createRoute({
  method: 'post',
  path: '/sessions',
  ...policy('sessions.create'),
  security: [],
  tags: ['Sessions'],
  summary: 'Log in: sets an HttpOnly session cookie; stage says whether a second factor must follow',
  request: { body: { required: true, content: { 'application/json': { schema: LoginBody } } } },
  responses: { 201: jsonResponse(SessionSchema, 'Logged in, or half-way (stage verify or enrol).'), ...problems(400, 401, 415, 429) },
});

export const current = createRoute({
  method: 'get',
  path: '/sessions/current',
  ...policy('sessions.read'),
  tags: ['Sessions'],
  summary: 'Who is logged in, and whether a second factor is still due',
  responses: { 200: jsonResponse(SessionSchema, 'The current session.'), ...problems(401) },
});

export const verification = createRoute({
  method: 'post',
  path: '/sessions/current/verification',
  ...policy('sessions.verify'),
  tags: ['Sessions'],
  summary: 'Pass the second factor with a TOTP or recovery code',
  request: { body: { required: true, content: { 'application/json': { schema: FactorCodeBody } } } },
  responses: { 200: jsonResponse(SessionSchema, 'Logged in.'), ...problems(400, 401, 409, 415, 429) },
});

export const logout = createRoute({
  method: 'delete',
  path: '/sessions/current',
  ...policy('sessions.delete'),
  tags: ['Sessions'],
  summary: 'Log out',
  responses: { 204: emptyResponse('Logged out; the cookie is cleared.'), ...problems(401) },
});

export function sessionsRoutes({ db, config }: AppDeps) {
  const sessionBody = async ({ region, ...user }: SessionUser, stage: FactorStage) => ({
    user: { ...user, ...(region ? { regionCode: region.code } : {}) },
    stage,
    factors: await confirmedFactorKinds(db, user.id),
  });

  return createRouter()
    .openapi(login, async (c) => {
      const { token, user, stage } = await logIn({ db, config }, c.req.valid('json'), clientIp(c, config.trustProxy));
      setCookie(c, sessionCookieName(requestHost(c)), token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: !isLocalhost(requestHost(c)),
        maxAge: config.session.absoluteHours * 3600,
      });
      return c.json(await sessionBody(user, stage), 201);
    })
    .openapi(current, async (c) => {
      const { user, pending } = authorizePending(c);
      return c.json(await sessionBody(user, pending ? await stageAfterPassword(db, user) : 'complete'), 200);
    })
    .openapi(verification, async (c) => {
      const { user, session } = currentSession(c);
      await passFactorCode({ db, config, actor: user }, session, c.req.valid('json').code, clientIp(c, config.trustProxy));
      return c.json(await sessionBody(user, 'complete'), 200);
    })
    .openapi(logout, async (c) => {
      const { user, session } = currentSession(c);
      await logOut({ db, config, actor: user }, session);
      deleteCookie(c, sessionCookieName(requestHost(c)), { path: '/', secure: !isLocalhost(requestHost(c)) });
      return c.body(null, 204);
    });
}
