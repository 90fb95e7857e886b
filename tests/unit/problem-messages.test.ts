import { describe, expect, it } from 'vitest';

import * as errors from '../../server/errors.ts';
import { toProblem } from '../../server/http/problem.ts';
import { PROBLEM_CODES } from '../../shared/vocabulary.ts';
import { catalogue, type MessageKey } from '../../web/lib/messages.ts';

// Every refusal the server can send has words in both languages: the list is the server's own code
// vocabulary (a problem's title must be one of its codes, or tsc fails), not a copy of it.

describe("the server's problem codes", () => {
  it.each(PROBLEM_CODES)('%s has a Dutch and an English message, and they differ', (code) => {
    const key = `problem.${code}` as MessageKey;
    expect(catalogue.nl[key]?.trim()).toBeTruthy();
    expect(catalogue.en[key]?.trim()).toBeTruthy();
    expect(catalogue.nl[key]).not.toBe(catalogue.en[key]);
  });

  it("is the code of each of the server's errors, and of what the problem mapper makes of anything thrown", () => {
    const thrown = [
      new errors.InvalidInput([{ name: 'body.x', code: 'custom', reason: 'r' }]),
      new errors.NotFound('Place'),
      new errors.Unavailable(),
      new errors.Unauthenticated(),
      new errors.Forbidden(),
      new errors.TooManyAttempts(60),
      new errors.RateLimited('slow down', 60),
      new errors.Conflict('changed', {}),
      new errors.Conflict('changed', {}, 412),
      new errors.EmailInUse(),
      toProblem(new Error('a bug')),
      toProblem(Object.assign(new Error('duplicate'), { code: '23505' })),
    ];
    expect(thrown.map((problem) => problem.code)).toEqual([
      'invalid_input',
      'not_found',
      'service_unavailable',
      'not_logged_in',
      'forbidden',
      'too_many_attempts',
      'too_many_requests',
      'conflict',
      'precondition_failed',
      'conflict',
      'internal_server_error',
      'conflict',
    ]);
    for (const problem of thrown) expect(PROBLEM_CODES).toContain(problem.code);
  });
});
