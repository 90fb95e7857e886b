import type { RouteConfig, z } from '@hono/zod-openapi';

import type * as alerts from '../../server/alerts/alerts.routes.ts';
import type * as honestWaiting from '../../server/alerts/honest-waiting.routes.ts';
import type * as audit from '../../server/audit/audit.routes.ts';
import type * as factors from '../../server/auth/factors.routes.ts';
import type * as passkeys from '../../server/auth/passkeys.routes.ts';
import type * as sessions from '../../server/auth/sessions.routes.ts';
import type * as availability from '../../server/availability/availability.routes.ts';
import type * as changes from '../../server/changes/changes.routes.ts';
import type * as health from '../../server/health/health.routes.ts';
import type * as holds from '../../server/holds/holds.routes.ts';
import type * as locations from '../../server/locations/locations.routes.ts';
import type * as municipalities from '../../server/municipalities/municipalities.routes.ts';
import type * as open from '../../server/open/open.routes.ts';
import type * as organisations from '../../server/organisations/organisations.routes.ts';
import type * as places from '../../server/places/places.routes.ts';
import type * as quality from '../../server/quality/quality.routes.ts';
import type * as regions from '../../server/regions/regions.routes.ts';
import type * as reports from '../../server/reports/reports.routes.ts';
import type * as requests from '../../server/requests/requests.routes.ts';
import type * as statistics from '../../server/statistics/statistics.routes.ts';
import type * as stays from '../../server/stays/stays.routes.ts';
import type * as passwords from '../../server/users/passwords.routes.ts';
import type * as users from '../../server/users/users.routes.ts';
import { ApiError } from './api-error.ts';

export { ApiError };

/**
 * No answer at all: the network or the server is down. Its message is in the user's language: the app
 * gives the words (networkErrorText) so this module stays free of the Svelte runtime.
 */
export class NetworkError extends Error {
  constructor() {
    super(describeNetworkError());
  }
}
let describeNetworkError = () => 'No connection to the server.';
export function networkErrorText(text: () => string) {
  describeNetworkError = text;
}

/** Told after every request whether the server answered at all, so the app shows one truthful connection state. */
let onReach: (reached: boolean) => void = () => {};
export function whenReached(handler: (reached: boolean) => void) {
  onReach = handler;
}

/** Called on any 401, so the app can show the login page when a session has ended. */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(handler: () => void) {
  onUnauthenticated = handler;
}

/** What call() builds on: sends one request and turns an answer that is not ok into an ApiError. */
async function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    onReach(false);
    // The browser's own words ("Failed to fetch") are in its language, not the user's (issue 18).
    throw new NetworkError();
  });
  onReach(true);
  if (response.status === 401 && path !== '/sessions') onUnauthenticated();
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After') ?? Number.NaN);
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, Number.isFinite(retryAfter) ? { ...problem, retryAfterSeconds: retryAfter } : problem);
  }
  return response.status === 204 ? undefined : await response.json();
}

// The typed client: the server's route definitions (createRoute in server/**/*.routes.ts, types only,
// nothing of the server is bundled) keyed 'METHOD /path/{param}'. A key, its params, query and body,
// and the answer's shape all come from the definition the server validates with, so a route whose
// schema changes fails svelte-check at every caller.

/** The routes of one module, by 'METHOD /path'. */
type Keyed<M> = { [K in keyof M as M[K] extends RouteConfig ? `${Uppercase<M[K]['method']>} ${M[K]['path']}` : never]: M[K] };
type Routes = Keyed<typeof alerts> &
  Keyed<typeof honestWaiting> &
  Keyed<typeof audit> &
  Keyed<typeof factors> &
  Keyed<typeof passkeys> &
  Keyed<typeof sessions> &
  Keyed<typeof availability> &
  Keyed<typeof changes> &
  Keyed<typeof health> &
  Keyed<typeof holds> &
  Keyed<typeof locations> &
  Keyed<typeof municipalities> &
  Keyed<typeof open> &
  Keyed<typeof organisations> &
  Keyed<typeof places> &
  Keyed<typeof quality> &
  Keyed<typeof regions> &
  Keyed<typeof reports> &
  Keyed<typeof requests> &
  Keyed<typeof statistics> &
  Keyed<typeof stays> &
  Keyed<typeof passwords> &
  Keyed<typeof users>;
export type RouteKey = keyof Routes;

type Part<R, P extends string> = R extends { request: { [Q in P]: infer S extends z.ZodType } } ? z.input<S> : never;
type Body<R> = R extends { request: { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } } } ? z.input<S> : never;
type Json<T> = T extends { content: { 'application/json': { schema: infer S extends z.ZodType } } } ? z.output<S> : undefined;

/** What a call of route R takes: its path params, query and JSON body, where it has them. */
export type CallOptions<R> = ([Part<R, 'params'>] extends [never] ? unknown : { params: Part<R, 'params'> }) &
  ([Part<R, 'query'>] extends [never] ? unknown : { query?: Part<R, 'query'> }) &
  ([Body<R>] extends [never] ? unknown : { body: Body<R> }) & { headers?: Record<string, string> };
/** What route R answers when it succeeds (200 or 201; undefined for 204). */
export type Answer<R> = R extends { responses: { 200: infer A } } ? Json<A> : R extends { responses: { 201: infer A } } ? Json<A> : undefined;

type Loose = { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> };

/** Calls a route of the API, e.g. call('PATCH /holds/{id}', { params: { id }, body: { action: 'release' } }). */
export function call<K extends RouteKey>(
  key: K,
  ...[options]: object extends CallOptions<Routes[K]> ? [CallOptions<Routes[K]>?] : [CallOptions<Routes[K]>]
): Promise<Answer<Routes[K]>> {
  const { params = {}, query = {}, body, headers } = (options ?? {}) as Loose;
  const [method, template] = key.split(' ') as [string, string];
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
  const search = new URLSearchParams(Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]]))).toString();
  // The API takes a body only as JSON (415 otherwise): a POST, PUT or PATCH without input sends {}.
  const payload = body === undefined && method !== 'GET' && method !== 'DELETE' ? {} : body;
  return send(method, search ? `${path}?${search}` : path, payload, headers) as Promise<Answer<Routes[K]>>;
}

export const api = {
  availability: () => call('GET /availability'),
};
