import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';

import { InvalidInput, type InvalidParam, Problem, Unavailable } from '../errors.ts';

const PROBLEM_TYPE = 'about:blank';

export function problemResponse(c: Context, problem: Problem): Response {
  const body = {
    type: PROBLEM_TYPE,
    title: problem.title,
    code: problem.code,
    status: problem.status,
    detail: problem.detail,
    instance: new URL(c.req.url).pathname,
    ...problem.extra,
  };
  if ('retryAfterSeconds' in problem && typeof problem.retryAfterSeconds === 'number')
    c.header('Retry-After', String(Math.max(1, Math.ceil(problem.retryAfterSeconds))));
  return c.body(JSON.stringify(body), problem.status as 400, { 'Content-Type': 'application/problem+json' });
}

// Names of where a value came from, as a client sees the request.
const SOURCES: Record<string, string> = { json: 'body', param: 'param', query: 'query', header: 'header' };

export function invalidInputFromZod(error: ZodError, source: string): InvalidInput {
  const params: InvalidParam[] = error.issues.map((issue) => ({
    name: [SOURCES[source] ?? source, ...issue.path.map(String)].join('.'),
    // A refinement may name its own code (e.g. personal_data), which the dashboard translates.
    code: (issue as { params?: { code?: string } }).params?.code ?? issue.code,
    reason: issue.message,
  }));
  return new InvalidInput(params);
}

// Connection-level failures mean PostgreSQL is down or restarting: the client should retry (503),
// not see a 500. Codes: node socket errors, and SQLSTATE classes 08 (connection) and 57P (shutdown).
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') {
    return error instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message);
  }
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code) || code.startsWith('08') || code.startsWith('57P');
}

// The database refuses some input the API's schemas let through. It enforces the definition too (check
// constraints): input that breaks one, e.g. an admin making a family unit of a bed, is the client's mistake.
function refusedByDatabase(error: unknown): Problem | undefined {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23514' || code === '23503') {
    return new InvalidInput([
      {
        name: `body (${constraint ?? 'constraint'})`,
        code: 'constraint',
        reason: 'breaks a rule of the capacity definition or refers to something that does not exist',
      },
    ]);
  }
  if (code === '23505') return new Problem(409, 'Conflict', `This already exists (${constraint ?? 'unique'}).`);
  // Data exceptions on values the schemas let through but PostgreSQL cannot store or compare: a NUL
  // character in text or JSON (22021, 22P05), too long (22001), a number out of range (22003), text
  // that is no value of the column's type (22P02). The client sent them: a 400, not a 500.
  if (code !== undefined && ['22001', '22003', '22021', '22P02', '22P05'].includes(code)) {
    return new InvalidInput([
      { name: 'request', code: 'unstorable_value', reason: 'holds a value that cannot be stored, such as a NUL character or a number out of range' },
    ]);
  }
  return undefined;
}

/** The one mapper from anything thrown to a problem+json response. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof HTTPException) {
    // Hono's own validators throw these, e.g. for a body that is not JSON.
    return new Problem(error.status, error.status === 400 ? 'Invalid input' : 'Request refused', error.message || 'The request could not be processed.');
  }
  if (isDatabaseUnavailable(error)) return new Unavailable();
  const constraint = refusedByDatabase(error);
  if (constraint) return constraint;
  return new Problem(500, 'Internal server error', 'Something went wrong on our side. It has been logged.');
}
