// One error type for the whole server. Domain code throws these; http/problem.ts turns each into an
// RFC 9457 problem+json response. Anything else that escapes is a 500 without details.

import type { ProblemCode, ProblemTitle } from '../shared/vocabulary.ts';

export interface InvalidParam {
  /** Where the value came from and its path, e.g. `body.household.adults` or `query.pageSize`. */
  name: string;
  code: string;
  reason: string;
}

export class Problem extends Error {
  /** The title as a stable code (shared/vocabulary.ts PROBLEM_CODES), which clients word in their user's language. */
  readonly code: ProblemCode;

  constructor(
    readonly status: number,
    readonly title: ProblemTitle,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.code = title.toLowerCase().replaceAll(' ', '_') as ProblemCode;
  }
}

export class InvalidInput extends Problem {
  constructor(readonly invalidParams: InvalidParam[]) {
    const names = invalidParams.map((p) => p.name).join(', ');
    super(400, 'Invalid input', `The request has invalid input in: ${names}.`, { invalidParams });
  }
}

export class NotFound extends Problem {
  constructor(what: string) {
    super(404, 'Not found', `${what} does not exist or is not visible to you.`);
  }
}

export class Unavailable extends Problem {
  constructor(detail = 'The database cannot be reached. Try again in a moment.') {
    super(503, 'Service unavailable', detail);
  }
}

export class Unauthenticated extends Problem {
  constructor() {
    super(401, 'Not logged in', 'Log in first: POST /api/v1/sessions.');
  }
}

export class Forbidden extends Problem {
  constructor(detail = 'Your role does not allow this.') {
    super(403, 'Forbidden', detail);
  }
}

export class TooManyAttempts extends Problem {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'Too many attempts', `Too many failed logins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
  }
}

/** Too many of one thing in a window (e.g. holds per hour); Retry-After says when the next is allowed. */
export class RateLimited extends Problem {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'Too many requests', detail);
  }
}

/** A change based on an old version, or on a state that no longer allows it. Carries the current state. */
export class Conflict extends Problem {
  constructor(detail: string, current: unknown, status: 409 | 412 = 409) {
    super(status, status === 412 ? 'Precondition failed' : 'Conflict', detail, { current });
  }
}

/** Two users cannot share an email address (it is how they log in); names the field for forms. */
export class EmailInUse extends Problem {
  constructor() {
    super(409, 'Conflict', 'A user with this email address already exists.', {
      invalidParams: [{ name: 'body.email', code: 'duplicate', reason: 'already in use by another user' }],
    });
  }
}
