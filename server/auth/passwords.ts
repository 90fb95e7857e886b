import { readFileSync } from 'node:fs';
import { z } from '@hono/zod-openapi';
import { hash, verify } from '@node-rs/argon2';

import { DEMO_PASSWORD } from '../../db/seed/demo.ts';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane. The default algorithm of
// @node-rs/argon2 is argon2id; the PHC string it returns records all of this for verify().
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;

// Read once: a few thousand of the most common breached passwords (source named in the file).
const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#')),
);

/**
 * Why a new password is refused, or null when it is fit. Length alone lets `aaaaaaaaaaaa` and
 * `password1234` through, which every guessing list tries first; the demo password is public.
 */
export function passwordWeakness(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  // A common password padded with digits or symbols at either end is still the common password.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON.has(lower) || COMMON.has(core)) return 'a common password (found in lists of breached passwords)';
  if (new Set(lower).size < 5) return 'too few different characters';
  if (lower === DEMO_PASSWORD) return 'the public demo password';
  return null;
}

/** A password someone chooses: validated by the same rule at every door (API, set-password link, CLI). */
export const NewPassword = z
  .string()
  .max(200)
  .superRefine((password, ctx) => {
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });
