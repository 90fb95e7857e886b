import { z } from '@hono/zod-openapi';

/** More missed changes than this and the reader reloads a snapshot instead of a replay. */
export const REPLAY_LIMIT = 1_000;

const MAX_BIGINT = 2n ** 63n - 1n;

/** A place event's sequence number as a reader sends it back: digits within PostgreSQL's bigint. */
// One refinement, not a regex plus one: zod runs every check, and BigInt() throws on what is not digits.
export const SeqSchema = z.string().refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT, 'a sequence number');
