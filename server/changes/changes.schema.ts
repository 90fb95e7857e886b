import { z } from '@hono/zod-openapi';

/** More missed changes than this and the reader reloads a snapshot instead of a replay. */
export const REPLAY_LIMIT = 1_000;

const MAX_BIGINT = 2n ** 63n - 1n;

const DIGITS = /^\d{1,19}$/;

/** A place event's sequence number as a reader sends it back: digits within PostgreSQL's bigint. */
export const SeqSchema = z
  .string()
  .regex(DIGITS, 'a sequence number')
  // zod runs this check even after the regex failed, and BigInt() throws on what is not digits.
  .refine((value) => DIGITS.test(value) && BigInt(value) <= MAX_BIGINT, 'a sequence number within bigint');
