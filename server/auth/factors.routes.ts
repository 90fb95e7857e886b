import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';

import { audit } from '../audit/audit.repository.ts';
import type { AppDeps } from '../context.ts';
import { NotFound, Problem } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { UserIdParams } from '../users/users.schema.ts';
import { confirmedFactorKinds, deleteFactors, hasRecoveryCodes, newRecoveryCodes, useTotpCode } from './factors.repository.ts';
import { EnrolmentDone, FactorList, TotpEnrolment } from './factors.schema.ts';
import { authorizePending } from './middleware.ts';
import { forgetUserSessions } from './session-cache.ts';
import type { AppEnv, SessionUser } from './session-user.ts';
import { completeSession, deleteUserSessions } from './sessions.repository.ts';
import { FactorCodeBody } from './sessions.schema.ts';
import { newTotpSecret, totpUri } from './totp.ts';

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
export const resetFactors = createRoute({
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

/**
 * Who may enrol a factor: a full session, or one waiting to enrol its first. A session waiting to
 * VERIFY may not, or a stolen password would add the thief's own factor.
 */
export async function authorizeEnrolment(c: Pick<Context<AppEnv>, 'get'>, db: AppDeps['db']): Promise<{ user: SessionUser; pending: boolean }> {
  const session = authorizePending(c);
  if (session.pending && (await confirmedFactorKinds(db, session.user.id)).length > 0) {
    throw new Problem(403, 'Forbidden', 'Verify your existing second factor first.');
  }
  return session;
}

/** After a first factor: recovery codes (once), and a waiting session becomes a full one. */
export async function finishEnrolment(c: Pick<Context<AppEnv>, 'get'>, db: AppDeps['db'], user: SessionUser, pending: boolean, kind: 'totp' | 'passkey') {
  const recoveryCodes = (await hasRecoveryCodes(db, user.id)) ? null : await newRecoveryCodes(db, user.id);
  if (pending) await completeSession(db, c.get('sessionTokenHash')!);
  await audit(db, { actorUserId: user.id, action: 'factor.enrolled', subjectType: 'user', subjectId: user.id, detail: { kind } });
  return { recoveryCodes };
}

export function factorsRoutes({ db }: AppDeps) {
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
      const { user } = await authorizeEnrolment(c, db);
      const secret = newTotpSecret();
      // One enrolment at a time: a new start replaces an unconfirmed one.
      await db.deleteFrom('user_factors').where('user_id', '=', user.id).where('kind', '=', 'totp').where('confirmed_at', 'is', null).execute();
      await db.insertInto('user_factors').values({ user_id: user.id, kind: 'totp', totp_secret: secret }).execute();
      return c.json({ secret, uri: totpUri(secret, user.email) }, 201);
    })
    .openapi(confirmTotp, async (c) => {
      const { user, pending } = await authorizeEnrolment(c, db);
      const waiting = await db
        .selectFrom('user_factors')
        .select(['id', 'totp_secret'])
        .where('user_id', '=', user.id)
        .where('kind', '=', 'totp')
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (!waiting) throw new Problem(409, 'Conflict', 'Start an enrolment first: POST /account/totp-enrolments.');
      if (!(await useTotpCode(db, waiting, c.req.valid('json').code))) {
        throw new Problem(400, 'Invalid input', 'The code does not match the new secret.', {
          invalidParams: [{ name: 'body.code', code: 'invalid', reason: 'does not match the secret' }],
        });
      }
      await db.updateTable('user_factors').set({ confirmed_at: new Date() }).where('id', '=', waiting.id).execute();
      return c.json(await finishEnrolment(c, db, user, pending, 'totp'), 200);
    })
    .openapi(resetFactors, async (c) => {
      const admin = c.var.actor;
      const { id } = c.req.valid('param');
      if (!(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())) throw new NotFound('User');
      const deleted = await db.transaction().execute(async (trx) => {
        const n = await deleteFactors(trx, id);
        // Sessions opened with the old factors end too: whoever held them logs in again and enrols.
        await deleteUserSessions(trx, id);
        await audit(trx, { actorUserId: admin.id, action: 'user.factors_reset', subjectType: 'user', subjectId: id, detail: { deleted: n } });
        return n;
      });
      forgetUserSessions(id); // after the commit, so no request caches the sessions just ended
      return c.json({ deleted }, 200);
    });
}
