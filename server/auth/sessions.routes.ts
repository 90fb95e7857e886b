import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../app.ts';
import { audit } from '../audit/audit.repository.ts';
import { Problem, TooManyAttempts } from '../errors.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { recentFailures, recordAttempt, WINDOW_MINUTES } from './login-attempts.repository.ts';
import { policy } from '../policy/route-policy.ts';
import { isLocalhost, requestHost, sessionCookieName } from '../http/origin.ts';
import { clientIp } from './middleware.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { LoginBody, SessionSchema } from './sessions.schema.ts';
import { createSession, deleteSession } from './sessions.repository.ts';

const login = createRoute({
  method: 'post',
  path: '/sessions',
  ...policy('sessions.create'),
  security: [],
  tags: ['Sessions'],
  summary: 'Log in: sets an HttpOnly session cookie',
  request: { body: { required: true, content: { 'application/json': { schema: LoginBody } } } },
  responses: { 201: jsonResponse(SessionSchema, 'Logged in.'), ...problems(400, 401, 415, 429) },
});

const current = createRoute({
  method: 'get',
  path: '/sessions/current',
  ...policy('sessions.read'),
  tags: ['Sessions'],
  summary: 'Who is logged in',
  responses: { 200: jsonResponse(SessionSchema, 'The current session.'), ...problems(401) },
});

const logout = createRoute({
  method: 'delete',
  path: '/sessions/current',
  ...policy('sessions.delete'),
  tags: ['Sessions'],
  summary: 'Log out',
  responses: { 204: emptyResponse('Logged out; the cookie is cleared.'), ...problems(401) },
});

// Verified against when the account does not exist, so a wrong email takes as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

export function sessionsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(login, async (c) => {
      const { email, password } = c.req.valid('json');
      const ip = clientIp(c, config.trustProxy);
      const failures = await recentFailures(db, email, ip);
      if (failures.account >= config.loginLimits.perAccount || failures.ip >= config.loginLimits.perIp) {
        c.header('Retry-After', String(WINDOW_MINUTES * 60));
        throw new TooManyAttempts(WINDOW_MINUTES * 60);
      }
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
      if (!user || !valid || user.disabled_at) {
        await recordAttempt(db, email, ip, false);
        throw new Problem(401, 'Login failed', 'The email address or password is wrong, or the account is disabled.');
      }
      await recordAttempt(db, email, ip, true);
      const token = await createSession(db, user.id, config.session.absoluteHours);
      await audit(db, { actorUserId: user.id, action: 'session.created' });
      setCookie(c, sessionCookieName(requestHost(c)), token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: !isLocalhost(requestHost(c)),
        maxAge: config.session.absoluteHours * 3600,
      });
      const body = { user: { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisation_id } };
      return c.json(body, 201);
    })
    .openapi(current, async (c) => c.json({ user: c.var.actor }, 200))
    .openapi(logout, async (c) => {
      const user = c.var.actor;
      await deleteSession(db, c.get('sessionTokenHash')!);
      await audit(db, { actorUserId: user.id, action: 'session.ended' });
      deleteCookie(c, sessionCookieName(requestHost(c)), { path: '/', secure: !isLocalhost(requestHost(c)) });
      return c.body(null, 204);
    });
}
