import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { audit } from '../audit/audit.repository.ts';
import type { AppDeps } from '../context.ts';
import { Problem, TooManyAttempts } from '../errors.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { isLocalhost, requestHost, sessionCookieName } from '../http/origin.ts';
import { policy } from '../policy/route-policy.ts';
import { confirmedFactorKinds, type FactorStage, stageAfterPassword, verifyFactorCode } from './factors.repository.ts';
import { clearAttempts, forgiveAttempt, recordCheck, reserveAttempt, secondsToWait } from './login-attempts.repository.ts';
import { authorizePending, clientIp } from './middleware.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { type SessionUser, sessionUserOf } from './session-user.ts';
import { completeSession, createSession, deleteSession } from './sessions.repository.ts';
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

// Verified against when the account does not exist, so a wrong email takes as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

const loginFailed = () => new Problem(401, 'Login failed', 'The email address or password is wrong, or the account is disabled.');

export function sessionsRoutes({ db, config }: AppDeps) {
  const rule = (free: number) => ({ free, delaySeconds: config.loginDelaySeconds });

  /** Reserves an attempt on every key, or none (one transaction); refused: 429 before anything is checked. */
  async function reserve(c: Context, keys: Array<[string, number]>): Promise<void> {
    let refused: string | null = null;
    await db.transaction().execute(async (trx) => {
      for (const [key, free] of keys) {
        if (!(await reserveAttempt(trx, key, rule(free)))) {
          refused = key;
          return;
        }
      }
    });
    if (refused) {
      const wait = await secondsToWait(db, refused);
      c.header('Retry-After', String(wait));
      throw new TooManyAttempts(wait);
    }
  }

  const sessionBody = async ({ region, ...user }: SessionUser, stage: FactorStage) => ({
    user: { ...user, ...(region ? { regionCode: region.code } : {}) },
    stage,
    factors: await confirmedFactorKinds(db, user.id),
  });

  return createRouter()
    .openapi(login, async (c) => {
      const { email, password, code } = c.req.valid('json');
      const ip = clientIp(c, config.trustProxy);
      // With a code, the factor is checked first and counts on its own key: a stranger's wrong passwords
      // hold the account back, but not its owner, whose code a stranger does not have.
      const accountKey = code ? `factor:${email}` : `account:${email}`;
      await reserve(c, [
        [accountKey, config.loginLimits.perAccount],
        [`ip:${ip}`, config.loginLimits.perIp],
      ]);
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      if (code !== undefined && !(row && (await verifyFactorCode(db, row.id, code)))) throw loginFailed();
      // Demo accounts' password is public: outside demo mode it opens nothing.
      const demoRefused = !config.demo && password === DEMO_PASSWORD;
      const valid = (await verifyPassword(row?.password_hash ?? (await dummyHash), password)) && !demoRefused;
      await recordCheck(db, email, ip, valid);
      if (!row || !valid || row.disabled_at) throw loginFailed();
      await clearAttempts(db, accountKey);
      if (code !== undefined) await clearAttempts(db, `account:${email}`);
      await forgiveAttempt(db, `ip:${ip}`);

      const user: SessionUser = sessionUserOf(row);
      const stage = code !== undefined ? 'complete' : await stageAfterPassword(db, user);
      const token = await createSession(db, user.id, config.session.absoluteHours, stage !== 'complete');
      await audit(db, { actorUserId: user.id, action: stage === 'complete' ? 'session.created' : 'session.factor_due', detail: { stage } });
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
      const { user, pending } = authorizePending(c);
      if (!pending) throw new Problem(409, 'Conflict', 'This session has passed its second factor already.');
      const ip = clientIp(c, config.trustProxy);
      await reserve(c, [
        [`factor:${user.email}`, config.loginLimits.perAccount],
        [`ip:${ip}`, config.loginLimits.perIp],
      ]);
      if (!(await verifyFactorCode(db, user.id, c.req.valid('json').code))) {
        // 400, not 401: the session is fine, the input is not (and a 401 would read as "logged out").
        throw new Problem(400, 'Invalid input', 'The code is wrong or has expired.', {
          invalidParams: [{ name: 'body.code', code: 'invalid', reason: 'wrong or expired' }],
        });
      }
      await clearAttempts(db, `factor:${user.email}`);
      await forgiveAttempt(db, `ip:${ip}`);
      await completeSession(db, c.get('sessionTokenHash')!);
      await audit(db, { actorUserId: user.id, action: 'session.created', detail: { factor: 'code' } });
      return c.json(await sessionBody(user, 'complete'), 200);
    })
    .openapi(logout, async (c) => {
      const { user } = authorizePending(c);
      await deleteSession(db, c.get('sessionTokenHash')!);
      await audit(db, { actorUserId: user.id, action: 'session.ended' });
      deleteCookie(c, sessionCookieName(requestHost(c)), { path: '/', secure: !isLocalhost(requestHost(c)) });
      return c.body(null, 204);
    });
}
