import type { Transaction } from 'kysely';

import type { Database, FactorKind } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { NotFound, Problem } from '../errors.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import { confirmedFactorKinds, deleteFactors, hasRecoveryCodes, newRecoveryCodes, useTotpCode } from './factors.repository.ts';
import { forgetSession, forgetUserSessions } from './session-cache.ts';
import type { CurrentSession } from './session-user.ts';
import { completeSession, deleteUserSessions } from './sessions.repository.ts';
import { newTotpSecret, totpUri } from './totp.ts';

// Second factors: enrolling an authenticator app (the passkey ceremony is in passkeys.domain.ts and
// ends in finishEnrolment here), and an admin's reset of a user's factors.

/**
 * Who may enrol a factor: a full session, or one waiting to enrol its first. A session waiting to
 * VERIFY may not, or a stolen password would add the thief's own factor.
 */
export async function assertMayEnrol({ db, actor }: WriteContext, session: CurrentSession): Promise<void> {
  assertMay(actor, 'account.enrol');
  if (session.pending && (await confirmedFactorKinds(db, actor.id)).length > 0) {
    throw new Problem(403, 'Forbidden', 'Verify your existing second factor first.');
  }
}

/**
 * After a first factor, in the transaction that confirmed it: recovery codes (once), a waiting
 * session becomes a full one, the audit entry. The caller forgets the session after the commit.
 */
export async function finishEnrolment(
  trx: Transaction<Database>,
  actorId: string,
  session: CurrentSession,
  kind: FactorKind,
): Promise<{ recoveryCodes: string[] | null }> {
  const recoveryCodes = (await hasRecoveryCodes(trx, actorId)) ? null : await newRecoveryCodes(trx, actorId);
  if (session.pending) await completeSession(trx, session.tokenHash);
  await audit(trx, { actorUserId: actorId, action: 'factor.enrolled', subjectType: 'user', subjectId: actorId, detail: { kind } });
  return { recoveryCodes };
}

/** A new TOTP secret, not yet in force. One enrolment at a time: a new start replaces an unconfirmed one. */
export async function startTotpEnrolment(ctx: WriteContext, session: CurrentSession): Promise<{ secret: string; uri: string }> {
  const { db, actor } = ctx;
  await assertMayEnrol(ctx, session);
  const secret = newTotpSecret();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_factors').where('user_id', '=', actor.id).where('kind', '=', 'totp').where('confirmed_at', 'is', null).execute();
    await trx.insertInto('user_factors').values({ user_id: actor.id, kind: 'totp', totp_secret: secret }).execute();
  });
  return { secret, uri: totpUri(secret, actor.email) };
}

/** The app's first code puts the new secret in force. */
export async function confirmTotpEnrolment(ctx: WriteContext, session: CurrentSession, code: string): Promise<{ recoveryCodes: string[] | null }> {
  const { db, actor } = ctx;
  await assertMayEnrol(ctx, session);
  const done = await db.transaction().execute(async (trx) => {
    const waiting = await trx
      .selectFrom('user_factors')
      .select(['id', 'totp_secret'])
      .where('user_id', '=', actor.id)
      .where('kind', '=', 'totp')
      .where('confirmed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!waiting) throw new Problem(409, 'Conflict', 'Start an enrolment first: POST /account/totp-enrolments.');
    if (!(await useTotpCode(trx, waiting, code))) {
      throw new Problem(400, 'Invalid input', 'The code does not match the new secret.', {
        invalidParams: [{ name: 'body.code', code: 'invalid', reason: 'does not match the secret' }],
      });
    }
    await trx.updateTable('user_factors').set({ confirmed_at: new Date() }).where('id', '=', waiting.id).execute();
    return finishEnrolment(trx, actor.id, session, 'totp');
  });
  forgetSession(session.tokenHash); // after the commit, so no request caches the session as still waiting
  return done;
}

/** An admin's reset: every factor goes, and every session opened with them; the user enrols anew. */
export async function resetFactors({ db, actor }: WriteContext, userId: string): Promise<number> {
  assertMay(actor, 'users.reset_factors');
  const deleted = await db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirst())) throw new NotFound('User');
    const n = await deleteFactors(trx, userId);
    // Sessions opened with the old factors end too: whoever held them logs in again and enrols.
    await deleteUserSessions(trx, userId);
    await audit(trx, { actorUserId: auditActorId(actor), action: 'user.factors_reset', subjectType: 'user', subjectId: userId, detail: { deleted: n } });
    return n;
  });
  forgetUserSessions(userId); // after the commit, so no request caches the sessions just ended
  return deleted;
}
