import type { Hono } from 'hono';
import { DEMO_PASSWORD } from '../../db/seed/demo.ts';

type App = Pick<Hono<any>, 'request'>;

/** Requests to /api/v1 as one user (or anonymous), through the app in-process. */
export interface Client {
  request(path: string, init?: RequestInit): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  delete(path: string): Promise<Response>;
  cookie: string | null;
}

export function clientWithCookie(app: App, cookie: string | null): Client {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('Cookie', cookie);
    return Promise.resolve(app.request(`/api/v1${path}`, { ...init, headers }));
  };
  const json = (method: string) => (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    request(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
  return {
    request,
    get: (path) => request(path),
    post: json('POST'),
    patch: json('PATCH'),
    delete: (path) => request(path, { method: 'DELETE' }),
    cookie,
  };
}

/** A real HTTP server seen through the same interface as an in-process app, for loginAs and clients. */
export function overHttp(baseUrl: string): App {
  return { request: (input: RequestInfo | URL, init?: RequestInit) => fetch(new URL(String(input), baseUrl), init) };
}

/** Logs in and returns a client carrying the session cookie. */
export async function loginAs(app: App, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const response = await app.request('/api/v1/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return clientWithCookie(app, cookie);
}

export const DEMO = {
  admin: 'admin@demo.noodbed.nl',
  shelter: 'opvang@demo.noodbed.nl',
  shelter2: 'opvang2@demo.noodbed.nl',
  crisis: 'crisis@demo.noodbed.nl',
  /** A crisis worker of another team than `crisis`. */
  crisis2: 'crisis2@demo.noodbed.nl',
  analyst: 'analist@demo.noodbed.nl',
} as const;
