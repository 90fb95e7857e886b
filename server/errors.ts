// One error type for the whole server. Domain code throws these; http/problem.ts turns each into an
// RFC 9457 problem+json response. Anything else that escapes is a 500 without details.

export interface InvalidParam {
  /** Where the value came from and its path, e.g. `body.household.adults` or `query.pageSize`. */
  name: string;
  code: string;
  reason: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
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
