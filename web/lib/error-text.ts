import { PROBLEM_CODES, type ProblemCode } from '../../shared/vocabulary.ts';
import { ApiError, NetworkError } from './api.ts';
import { i18n } from './i18n.svelte.ts';
import { invalidMessage } from './invalid.ts';
import type { MessageKey } from './messages.ts';

// The one wording of a failed call for the person who made it, in the interface's language. The
// server's `detail` is English and meant for developers: the words come from the problem's stable
// code instead, with Retry-After's wait where the server gave one.

const isProblemCode = (code: unknown): code is ProblemCode => PROBLEM_CODES.includes(code as ProblemCode);

export function errorText(error: unknown): string {
  if (error instanceof NetworkError) return i18n.t('error.network');
  if (!(error instanceof ApiError)) return i18n.t('problem.unexpected');
  const { code, invalidParams = [], retryAfterSeconds = 60 } = error.problem;
  if (invalidParams.length) return invalidParams.map(invalidMessage).join(' ');
  if (!isProblemCode(code)) return i18n.t('problem.other', { status: error.status });
  return i18n.t(`problem.${code}`, { wait: wait(retryAfterSeconds) });
}

/** Under a minute and a half in seconds ("30 seconden"), else in whole minutes rounded up ("60 minuten"). */
function wait(seconds: number): string {
  if (seconds < 90) return i18n.t('problem.wait.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  return i18n.t('problem.wait.minutes', { count: Math.ceil(seconds / 60) });
}

/**
 * What a form shows: its own message (a wrong code, a failed login), or a failed call worded by
 * errorText. Kept as it is, not as text, so the words follow a later change of language.
 */
export type Failure = MessageKey | { error: unknown };

export function failureText(failure: Failure): string {
  return typeof failure === 'string' ? i18n.t(failure) : i18n.t('problem.failed', { detail: errorText(failure.error) });
}
