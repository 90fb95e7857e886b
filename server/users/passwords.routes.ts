import { randomBytes } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { sql } from 'kysely';

import { audit } from '../audit/audit.repository.ts';
import { clearAttempts, reserveAttempt } from '../auth/login-attempts.repository.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { forgetUserSessions } from '../auth/session-cache.ts';
import { hashToken } from '../auth/sessions.repository.ts';
import type { AppDeps } from '../context.ts';
import { InvalidInput, NotFound, TooManyAttempts } from '../errors.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { PasswordChange, PasswordLink, PasswordReset } from './passwords.schema.ts';
import { UserIdParams } from './users.schema.ts';

/** A set-password link works this long, and once. */
export const PASSWORD_LINK_HOURS = 24;

export const change = createRoute({
  method: 'put',
  path: '/account/password',
  ...policy('account.password'),
  tags: ['Account'],
  summary: 'Change my own password (the current one is required)',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordChange } } } },
  responses: { 204: emptyResponse("Changed; the user's other sessions have ended."), ...problems(400, 401, 415, 429) },
});
export const issueLink = createRoute({
  method: 'post',
  path: '/users/{id}/password-links',
  ...policy('users.password_link'),
  tags: ['Users'],
  summary: 'Issue a one-time set-password link (admins)',
  request: { params: UserIdParams },
  responses: { 201: jsonResponse(PasswordLink, "The link; only its token's hash is stored."), ...problems(400, 401, 403, 404) },
});
export const reset = createRoute({
  method: 'post',
  path: '/password-resets',
  ...policy('account.set_password'),
  security: [],
  tags: ['Account'],
  summary: "Set a password with a one-time link's token",
  request: { body: { required: true, content: { 'application/json': { schema: PasswordReset } } } },
  responses: { 204: emptyResponse('Set; the token is used up and every session of the user has ended.'), ...problems(400, 415) },
});

export function passwordsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(change, async (c) => {
      const user = c.var.actor;
      const { currentPassword, newPassword } = c.req.valid('json');
      // The current password is guessed here as at the login, so it counts on the same key.
      const key = `account:${user.email}`;
      if (!(await reserveAttempt(db, key, { free: config.loginLimits.perAccount, delaySeconds: config.loginDelaySeconds })))
        throw new TooManyAttempts(config.loginDelaySeconds);
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(row.password_hash, currentPassword))) {
        throw new InvalidInput([{ name: 'body.currentPassword', code: 'invalid', reason: 'not the current password' }]);
      }
      await clearAttempts(db, key);
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
        // Whoever else held a session (perhaps why the password changes) is logged out; this one stays.
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('token_hash', '<>', c.get('sessionTokenHash')!).execute();
        await audit(trx, { actorUserId: user.id, action: 'user.password_changed', subjectType: 'user', subjectId: user.id });
      });
      forgetUserSessions(user.id); // after the commit, so no request caches the sessions just ended
      return c.body(null, 204);
    })
    .openapi(issueLink, async (c) => {
      const admin = c.var.actor;
      const { id } = c.req.valid('param');
      const user = await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
      if (!user) throw new NotFound('User');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + PASSWORD_LINK_HOURS * 3_600_000);
      await db.transaction().execute(async (trx) => {
        // One link at a time: a new one voids the ones before it.
        await trx.deleteFrom('password_links').where('user_id', '=', id).where('used_at', 'is', null).execute();
        await trx
          .insertInto('password_links')
          .values({ token_hash: hashToken(token), user_id: id, created_by: admin.id, expires_at: expiresAt })
          .execute();
        await audit(trx, { actorUserId: admin.id, action: 'user.password_link_issued', subjectType: 'user', subjectId: id });
      });
      const origin = new URL(c.req.url).origin;
      return c.json({ url: `${origin}/wachtwoord#${token}`, expiresAt: expiresAt.toISOString() }, 201);
    })
    .openapi(reset, async (c) => {
      const { token, password } = c.req.valid('json');
      const passwordHash = await hashPassword(password);
      const userId = await db.transaction().execute(async (trx) => {
        // Used up in the same statement that finds it: two uses of one link cannot both pass.
        const link = await trx
          .updateTable('password_links')
          .set({ used_at: sql`now()` })
          .where('token_hash', '=', hashToken(token))
          .where('used_at', 'is', null)
          .where('expires_at', '>', sql<Date>`now()`)
          .returning('user_id')
          .executeTakeFirst();
        if (!link) throw new InvalidInput([{ name: 'body.token', code: 'invalid', reason: 'unknown, used or expired link' }]);
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', link.user_id).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', link.user_id).execute();
        await audit(trx, { actorUserId: null, action: 'user.password_set_by_link', subjectType: 'user', subjectId: link.user_id });
        return link.user_id;
      });
      forgetUserSessions(userId); // after the commit, so no request caches the sessions just ended
      return c.body(null, 204);
    });
}
