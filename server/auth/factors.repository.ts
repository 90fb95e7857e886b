import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { FactorKind, Role } from '../../db/schema.ts';
import { totpStep } from './totp.ts';

/** Roles that see confidential addresses must have a second factor (BIO2 5.17.01); others may. */
export const FACTOR_REQUIRED: ReadonlySet<Role> = new Set(['admin', 'shelter_staff']);

/** Where a session stands: done, or waiting for the user to verify (has a factor) or enrol one (must). */
export type FactorStage = 'complete' | 'verify' | 'enrol';

export async function confirmedFactorKinds(db: Db, userId: string): Promise<FactorKind[]> {
  const rows = await db
    .selectFrom('user_factors')
    .select('kind')
    .distinct()
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .orderBy('kind')
    .execute();
  return rows.map((r) => r.kind);
}

/** The stage a password-only login reaches. */
export async function stageAfterPassword(db: Db, user: { id: string; role: Role }): Promise<FactorStage> {
  if ((await confirmedFactorKinds(db, user.id)).length > 0) return 'verify';
  return FACTOR_REQUIRED.has(user.role) ? 'enrol' : 'complete';
}

/** A six-digit TOTP code of any of the user's confirmed TOTP factors, or an unused recovery code (then used up). */
export async function verifyFactorCode(db: Db, userId: string, code: string): Promise<boolean> {
  const trimmed = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const factors = await db
      .selectFrom('user_factors')
      .select(['id', 'totp_secret'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'totp')
      .where('confirmed_at', 'is not', null)
      .execute();
    for (const factor of factors) {
      if (await useTotpCode(db, factor, trimmed)) return true;
    }
    return false;
  }
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(trimmed))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows === 1n;
}

/**
 * Accepts a TOTP code once (RFC 6238 section 5.2): its step is recorded in the statement that checks
 * it is later than the last one used, so a replayed code, or the same code sent twice at once, fails.
 * Enrolment's first code counts too: it does not pass the login that follows.
 */
export async function useTotpCode(db: Db, factor: { id: string; totp_secret: string | null }, code: string): Promise<boolean> {
  const step = factor.totp_secret === null ? null : totpStep(factor.totp_secret, code);
  if (step === null) return false;
  const used = await db
    .updateTable('user_factors')
    .set({ totp_last_step: step })
    .where('id', '=', factor.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return used.numUpdatedRows === 1n;
}

const RECOVERY_CODES = 10;

function hashCode(code: string): Buffer {
  return createHash('sha256').update(code.toLowerCase().replace(/-/g, '')).digest();
}

/**
 * Ten fresh recovery codes (60 random bits each, so a plain SHA-256 is enough), replacing any
 * earlier ones. Returned once, to be shown once; only their hashes are kept.
 */
export async function newRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const hex = randomBytes(8).toString('hex').slice(0, 15);
    return `${hex.slice(0, 5)}-${hex.slice(5, 10)}-${hex.slice(10)}`;
  });
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashCode(code) })))
    .execute();
  return codes;
}

export async function hasRecoveryCodes(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('recovery_codes').select('user_id').where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/** An admin's reset: every factor and recovery code goes; the user enrols anew at the next login. */
export async function deleteFactors(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom('user_factors').where('user_id', '=', userId).executeTakeFirst();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  return Number(result.numDeletedRows);
}
