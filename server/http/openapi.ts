import { OpenAPIHono, z } from '@hono/zod-openapi';

import { PROBLEM_CODES } from '../../shared/vocabulary.ts';
import type { AppEnv } from '../auth/session-user.ts';
import { invalidInputFromZod } from './problem.ts';

/** Semantic version of the HTTP API, sent in every response's API-Version header. */
export const API_VERSION = '1.0.0';

/** Every router of the API is made here, so all share strict paths and the one validation mapper. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: true,
    defaultHook: (result) => {
      if (!result.success) throw invalidInputFromZod(result.error, result.target);
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'about:blank' }),
    title: z.string().openapi({ example: 'Invalid input' }),
    code: z.enum(PROBLEM_CODES).openapi({ description: 'The kind of refusal, stable: a client words it in its own language.', example: 'invalid_input' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'The request has invalid input in: query.pageSize.' }),
    instance: z.string().openapi({ example: '/api/v1/places' }),
    invalidParams: z
      .array(z.object({ name: z.string(), code: z.string(), reason: z.string() }))
      .optional()
      .openapi({ description: 'For 400: every invalid field, named by where it came from and its path.' }),
  })
  .openapi('Problem');

const versionHeader = {
  'API-Version': { description: 'Full semantic version of this API.', schema: { type: 'string' as const, example: API_VERSION } },
};

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid input: every problem is listed in invalidParams.',
  401: 'Not logged in.',
  403: 'Logged in, but not allowed to do this.',
  404: 'Not found, or not visible to you.',
  409: 'Conflict: the change was based on an old version; the body holds the current state.',
  412: 'Precondition failed: If-Match named an old version; the body holds the current state.',
  415: 'Only application/json bodies are accepted.',
  429: 'Too many attempts; try again later.',
  503: 'The database is unreachable; try again in a moment.',
};

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, headers: versionHeader, content: { 'application/json': { schema } } };
}

export function csvAndJsonResponse<T extends z.ZodType>(schema: T, description: string, csvDescription: string) {
  return {
    description,
    headers: versionHeader,
    content: {
      'application/json': { schema },
      'text/csv': { schema: z.string().openapi({ description: csvDescription }) },
    },
  };
}

export function emptyResponse(description: string) {
  return { description, headers: versionHeader };
}

/** The problem+json responses a route can give, besides 503 which every route can. */
export function problems(...statuses: Array<keyof typeof PROBLEM_TEXT>) {
  const out: Record<string, { description: string; headers: typeof versionHeader; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> =
    {};
  for (const status of [...statuses, 503]) {
    out[status] = { description: PROBLEM_TEXT[status]!, headers: versionHeader, content: { 'application/problem+json': { schema: ProblemSchema } } };
  }
  return out;
}

export const PagingQuery = {
  page: z.coerce.number().int().min(1).default(1).openapi({ description: 'Page number, from 1.', example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Items per page, at most 500.', example: 50 }),
};

export const PageInfo = z
  .object({
    number: z.number().int(),
    size: z.number().int(),
    totalItems: z.number().int(),
    totalPages: z.number().int(),
  })
  .openapi('PageInfo');

export const documentInfo = {
  openapi: '3.0.3',
  info: {
    title: 'Noodbed API',
    version: API_VERSION,
    description:
      'National registry of emergency shelter places (noodbedden) in the Netherlands. Capacity is reported under one definition (see definitionVersion in responses). Addresses of locations are confidential and never appear in these resources for crisis workers or analysts.',
    contact: { name: 'Noodbed', url: 'https://noodbed.nl', email: 'beheer@noodbed.nl' },
    license: { name: 'EUPL-1.2', url: 'https://eupl.eu/1.2/nl/' },
  },
  servers: [{ url: '/api/v1', description: 'This server' }],
  // Every operation needs a session, except those that say `security: []` (health, login).
  security: [{ session: [] }],
};
