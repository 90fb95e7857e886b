import type { Hono } from 'hono';
import { generateSync } from 'otplib';

import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../db/seed/demo.ts';

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
  const json =
    (method: string) =>
    (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
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

// The TOTP secrets of the accounts this test file has logged in as (demo accounts share a public one).
const totpSecrets = new Map<string, string>();

/** Remembers the TOTP secret an account enrolled (through the API or a browser), for its next logins. */
export function rememberTotpSecret(email: string, secret: string): void {
  totpSecrets.set(email, secret);
}

// The last TOTP step this test file sent per account: the server takes each step once (replay), and
// accepts the step before and after the current one, so up to three logins per 30 s pass at once.
const lastSteps = new Map<string, number>();
const STEP_SECONDS = 30;

/**
 * A TOTP code of `secret` the server has not seen yet for `account`: the earliest step it still
 * accepts after the last one sent (the previous step only while 5 s of the current one remain), or,
 * when all are spent, the next step's code once its time has come.
 */
export async function freshTotpCode(secret: string, account: string = secret): Promise<string> {
  for (;;) {
    const seconds = Date.now() / 1000;
    const now = Math.floor(seconds / STEP_SECONDS);
    const earliest = seconds % STEP_SECONDS < STEP_SECONDS - 5 ? now - 1 : now;
    const step = Math.max(earliest, (lastSteps.get(account) ?? -Infinity) + 1);
    if (step <= now + 1) {
      lastSteps.set(account, step);
      return generateSync({ secret, epoch: step * STEP_SECONDS });
    }
    await new Promise((resolve) => setTimeout(resolve, ((now + 1) * STEP_SECONDS - seconds) * 1000 + 50));
  }
}

/** A fresh TOTP code of an account loginAs knows the secret of (a demo account, or one it enrolled). */
export async function totpCodeFor(email: string): Promise<string | undefined> {
  const secret = email.endsWith('@demo.noodbed.nl') ? DEMO_TOTP_SECRET : totpSecrets.get(email);
  return secret ? freshTotpCode(secret, email) : undefined;
}

/**
 * Logs in and returns a client carrying the session cookie, passing the second factor as a person
 * would: with the current TOTP code, or, at an account's first login, by enrolling an authenticator
 * app through the API (the secret is remembered for the next login).
 */
export async function loginAs(app: App, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const response = await app.request('/api/v1/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, code: await totpCodeFor(email) }),
  });
  if (response.status !== 201) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const client = clientWithCookie(app, cookie);
  const { stage } = (await response.json()) as { stage: string };
  if (stage === 'enrol') await enrolTotp(client, email);
  else if (stage !== 'complete') throw new Error(`login of ${email} stopped at stage ${stage}`);
  return client;
}

/** Enrols an authenticator app for the client's account; returns the secret and the recovery codes. */
export async function enrolTotp(client: Client, email: string): Promise<{ secret: string; recoveryCodes: string[] | null }> {
  const start = await client.post('/account/totp-enrolments');
  if (start.status !== 201) throw new Error(`TOTP enrolment of ${email} failed: ${start.status} ${await start.text()}`);
  const { secret } = (await start.json()) as { secret: string };
  const confirm = await client.post('/account/totp-enrolments/confirmation', { code: await freshTotpCode(secret, email) });
  if (confirm.status !== 200) throw new Error(`TOTP confirmation of ${email} failed: ${confirm.status} ${await confirm.text()}`);
  rememberTotpSecret(email, secret);
  return { secret, ...((await confirm.json()) as { recoveryCodes: string[] | null }) };
}

export const DEMO = {
  admin: 'admin@demo.noodbed.nl',
  shelter: 'opvang@demo.noodbed.nl',
  shelter2: 'opvang2@demo.noodbed.nl',
  crisis: 'crisis@demo.noodbed.nl',
  /** A crisis worker of another team than `crisis`. */
  crisis2: 'crisis2@demo.noodbed.nl',
  analyst: 'analist@demo.noodbed.nl',
  /** The region officer of VR09 (Utrecht), where `shelter` works. */
  region: 'regio@demo.noodbed.nl',
} as const;
