// Apart from api.ts (which needs the interface language for its network error) so that plain modules,
// and the unit tests that load them, can throw and recognise it without the Svelte runtime.

/** A problem+json answer from the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      title?: string;
      /** The kind of refusal (shared/vocabulary.ts PROBLEM_CODES); errorText words it for the user. */
      code?: string;
      detail?: string;
      current?: unknown;
      invalidParams?: Array<{ name: string; code?: string; reason: string }>;
      /** From the Retry-After header: when the next try is allowed. */
      retryAfterSeconds?: number;
    },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}
