import { z } from '@hono/zod-openapi';

// A row's version as a client names it (a place, a stay): a PostgreSQL integer. A larger one was
// refused by the database without naming the field, so the edge refuses it, naming the field.

/** The largest version a row can reach (PostgreSQL's integer). */
export const MAX_ROW_VERSION = 2_147_483_647;

export const RowVersion = z.number().int().min(1).max(MAX_ROW_VERSION);
