import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { cachedSession, forgetSession, forgetUserSessions, type FoundSession } from './session-cache.ts';
import { sessionUserOf } from './session-user.ts';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * A new session: 256 random bits, of which only the hash is stored. `factorPending`: the password
 * passed but the second factor not yet, so the session may only verify or enrol one.
 */
export async function createSession(db: Db, userId: string, absoluteHours: number, factorPending = false): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, expires_at: new Date(Date.now() + absoluteHours * 3_600_000), factor_pending: factorPending })
    .execute();
  return token;
}

/** The second factor passed: the session becomes a full one. */
export async function completeSession(db: Db, tokenHash: Buffer): Promise<void> {
  await db.updateTable('sessions').set({ factor_pending: false, webauthn_challenge: null }).where('token_hash', '=', tokenHash).execute();
  forgetSession(tokenHash);
}

/** The WebAuthn challenge of this session's ceremony; taking it clears it, so it answers once. */
export async function setChallenge(db: Db, tokenHash: Buffer, challenge: string): Promise<void> {
  await db.updateTable('sessions').set({ webauthn_challenge: challenge }).where('token_hash', '=', tokenHash).execute();
}
export async function takeChallenge(db: Db, tokenHash: Buffer): Promise<string | null> {
  const row = await db
    .updateTable('sessions')
    .set({ webauthn_challenge: null })
    .where('token_hash', '=', tokenHash)
    .returning(sql<string | null>`(SELECT webauthn_challenge FROM sessions WHERE token_hash = ${tokenHash})`.as('challenge'))
    .executeTakeFirst();
  return row?.challenge ?? null;
}

/**
 * The one lookup of a session, for HTTP requests and socket handshakes alike: from the last few
 * seconds (session-cache.ts), or findSession.
 */
export function lookupSession(db: Db, tokenHash: Buffer, idleMinutes: number): Promise<FoundSession | undefined> {
  return cachedSession(tokenHash, () => findSession(db, tokenHash, idleMinutes));
}

/**
 * A live session: not past its absolute expiry, not idle too long, user not disabled.
 * Refreshes last_seen_at at most once a minute, so reads do not all turn into writes.
 */
export async function findSession(db: Db, tokenHash: Buffer, idleMinutes: number): Promise<FoundSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.organisation_id',
      'users.region_scheme',
      'users.region_code',
      'sessions.last_seen_at',
      'sessions.factor_pending',
      'sessions.expires_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return { user: sessionUserOf(row), factorPending: row.factor_pending, expiresAt: row.expires_at };
}

export async function deleteSession(db: Db, tokenHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  forgetSession(tokenHash);
}

/** In a transaction, the caller forgets the user's cached sessions again after the commit (forgetUserSessions). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  forgetUserSessions(userId);
}

/** Which of these sessions are still live (one query, for sweeping many sockets at once). */
export async function liveSessions(db: Db, tokenHashes: Buffer[], idleMinutes: number): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('sessions.token_hash')
    .where('sessions.token_hash', 'in', tokenHashes)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('users.disabled_at', 'is', null)
    .where('sessions.factor_pending', '=', false)
    .execute();
  return new Set(rows.map((r) => r.token_hash.toString('hex')));
}
