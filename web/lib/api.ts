import type { AvailabilityDto } from '../../server/availability/availability.schema.ts';
import { i18n } from './i18n.svelte.ts';

/** A problem+json answer from the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; current?: unknown; invalidParams?: Array<{ name: string; code?: string; reason: string }> },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** No answer at all: the network or the server is down. Its message is in the user's language. */
export class NetworkError extends Error {
  constructor() {
    super(i18n.t('error.network'));
  }
}

/** Called on any 401, so the app can show the login page when a session has ended. */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(handler: () => void) {
  onUnauthenticated = handler;
}

/** headers: e.g. If-Match, the version a change is based on. */
export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    // The browser's own words ("Failed to fetch") are in its language, not the user's (issue 18).
    throw new NetworkError();
  });
  if (response.status === 401 && path !== '/sessions') onUnauthenticated();
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const getJson = <T>(path: string) => request<T>('GET', path);

export const api = {
  availability: () => getJson<AvailabilityDto>('/availability'),
};
