import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { audit } from '../audit/audit.repository.ts';
import type { AnonymousWriteContext, WriteContext } from '../context.ts';
import { Problem, TooManyAttempts } from '../errors.ts';
import { assertMay } from '../policy/scope.ts';
import { type FactorStage, stageAfterPassword, verifyFactorCode } from './factors.repository.ts';
import { clearAttempts, forgiveAttempt, recordCheck, reserveAttempt, secondsToWait } from './login-attempts.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { forgetSession } from './session-cache.ts';
import { type CurrentSession, type SessionUser, sessionUserOf } from './session-user.ts';
import { completeSession, createSession, deleteSession } from './sessions.repository.ts';

// Logging in, passing the second factor and logging out: the attempt counters, the session rows and
// the audit entries. Routes set and clear the cookie.

// Verified against when the account does not exist, so a wrong email takes as long as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

const loginFailed = () => new Problem(401, 'Login failed', 'The email address or password is wrong, or the account is disabled.');

/** Reserves an attempt on every key, or none (one transaction); refused: 429 before anything is checked. */
export async function reserveAttempts({ db, config }: AnonymousWriteContext, keys: Array<[string, number]>): Promise<void> {
  let refused: string | null = null;
  await db.transaction().execute(async (trx) => {
    for (const [key, free] of keys) {
      if (!(await reserveAttempt(trx, key, { free, delaySeconds: config.loginDelaySeconds }))) {
        refused = key;
        return;
      }
    }
  });
  if (refused) throw new TooManyAttempts(await secondsToWait(db, refused));
}

export interface LoggedIn {
  token: string;
  user: SessionUser;
  stage: FactorStage;
}

/** A login with the password (and, in one step, a code): a new session, full or waiting for a factor. */
export async function logIn(ctx: AnonymousWriteContext, input: { email: string; password: string; code?: string | undefined }, ip: string): Promise<LoggedIn> {
  const { db, config } = ctx;
  const { email, password, code } = input;
  // With a code, the factor is checked first and counts on its own key: a stranger's wrong passwords
  // hold the account back, but not its owner, whose code a stranger does not have.
  const accountKey = code ? `factor:${email}` : `account:${email}`;
  await reserveAttempts(ctx, [
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

  const user = sessionUserOf(row);
  const stage = code !== undefined ? 'complete' : await stageAfterPassword(db, user);
  const token = await createSession(db, user.id, config.session.absoluteHours, stage !== 'complete');
  await audit(db, { actorUserId: user.id, action: stage === 'complete' ? 'session.created' : 'session.factor_due', detail: { stage } });
  return { token, user, stage };
}

/** The second step of a login with a TOTP or recovery code. */
export async function passFactorCode(ctx: WriteContext, session: CurrentSession, code: string, ip: string): Promise<void> {
  const { db, actor, config } = ctx;
  assertMay(actor, 'sessions.verify');
  if (!session.pending) throw new Problem(409, 'Conflict', 'This session has passed its second factor already.');
  await reserveAttempts(ctx, [
    [`factor:${actor.email}`, config.loginLimits.perAccount],
    [`ip:${ip}`, config.loginLimits.perIp],
  ]);
  if (!(await verifyFactorCode(db, actor.id, code))) {
    // 400, not 401: the session is fine, the input is not (and a 401 would read as "logged out").
    throw new Problem(400, 'Invalid input', 'The code is wrong or has expired.', {
      invalidParams: [{ name: 'body.code', code: 'invalid', reason: 'wrong or expired' }],
    });
  }
  await clearAttempts(db, `factor:${actor.email}`);
  await forgiveAttempt(db, `ip:${ip}`);
  await completeSession(db, session.tokenHash);
  await audit(db, { actorUserId: actor.id, action: 'session.created', detail: { factor: 'code' } });
}

export async function logOut({ db, actor }: WriteContext, session: CurrentSession): Promise<void> {
  assertMay(actor, 'sessions.delete');
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, session.tokenHash);
    await audit(trx, { actorUserId: actor.id, action: 'session.ended' });
  });
  forgetSession(session.tokenHash); // after the commit, so no request caches the session just ended
}
