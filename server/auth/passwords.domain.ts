import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';

import { audit } from '../audit/audit.repository.ts';
import type { AnonymousWriteContext, WriteContext } from '../context.ts';
import { InvalidInput, NotFound, TooManyAttempts } from '../errors.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import { clearAttempts, reserveAttempt } from './login-attempts.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { forgetUserSessions } from './session-cache.ts';
import type { CurrentSession } from './session-user.ts';
import { hashToken } from './sessions.repository.ts';

// Passwords: a user's change of their own, an admin's one-time set-password link, and its use. Each
// ends the sessions the old password opened, and forgets them after the commit, so no request caches
// a session just ended.

/** A set-password link works this long, and once. */
export const PASSWORD_LINK_HOURS = 24;

/** The user's own change; the current password is required, and this session stays. */
export async function changePassword(
  { db, actor, config }: WriteContext,
  session: CurrentSession,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  assertMay(actor, 'account.password');
  // The current password is guessed here as at the login, so it counts on the same key.
  const key = `account:${actor.email}`;
  if (!(await reserveAttempt(db, key, { free: config.loginLimits.perAccount, delaySeconds: config.loginDelaySeconds })))
    throw new TooManyAttempts(config.loginDelaySeconds);
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new InvalidInput([{ name: 'body.currentPassword', code: 'invalid', reason: 'not the current password' }]);
  }
  await clearAttempts(db, key);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', actor.id).execute();
    // Whoever else held a session (perhaps why the password changes) is logged out; this one stays.
    await trx.deleteFrom('sessions').where('user_id', '=', actor.id).where('token_hash', '<>', session.tokenHash).execute();
    await audit(trx, { actorUserId: actor.id, action: 'user.password_changed', subjectType: 'user', subjectId: actor.id });
  });
  forgetUserSessions(actor.id);
}

/** An admin's one-time link for a user; one at a time: a new one voids the ones before it. */
export async function issuePasswordLink({ db, actor }: WriteContext, userId: string): Promise<{ token: string; expiresAt: Date }> {
  assertMay(actor, 'users.password_link');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_HOURS * 3_600_000);
  await db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst())) throw new NotFound('User');
    await trx.deleteFrom('password_links').where('user_id', '=', userId).where('used_at', 'is', null).execute();
    await trx
      .insertInto('password_links')
      .values({ token_hash: hashToken(token), user_id: userId, created_by: auditActorId(actor), expires_at: expiresAt })
      .execute();
    await audit(trx, { actorUserId: auditActorId(actor), action: 'user.password_link_issued', subjectType: 'user', subjectId: userId });
  });
  return { token, expiresAt };
}

/** A link's token is the credential: used up in the statement that finds it, so two uses cannot both pass. */
export async function setPasswordByLink({ db }: AnonymousWriteContext, input: { token: string; password: string }): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    const link = await trx
      .updateTable('password_links')
      .set({ used_at: sql`now()` })
      .where('token_hash', '=', hashToken(input.token))
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
  forgetUserSessions(userId);
}
