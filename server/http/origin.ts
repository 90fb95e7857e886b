import type { Context } from 'hono';

// Which scheme and origin a request is for. The server itself speaks plain HTTP; outside localhost it
// is reached over HTTPS through a proxy (cookies are Secure outside localhost), so the
// Host header decides: localhost is http://, every other host https://.

const LOCALHOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** The host a request was made for: its Host header, or its URL's host for in-process requests. */
export function requestHost(c: Context): string {
  return c.req.header('host') ?? new URL(c.req.url).host;
}

export function isLocalhost(host: string | undefined): boolean {
  return LOCALHOST.test(host ?? '');
}

/** The origin a browser shows for pages of this server under the given Host header. */
export function ownOrigin(host: string): string {
  return `${isLocalhost(host) ? 'http' : 'https'}://${host.toLowerCase()}`;
}

/**
 * Whether a browser's Origin header is this server's own origin or one configured in
 * ALLOWED_ORIGINS: the WHOLE origin (scheme, host and port), never a part of it. `Origin: null`
 * (sandboxed frames, file: pages, some redirects) can come from any page and is always refused.
 */
export function originAllowed(origin: string, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  const normalised = normaliseOrigin(origin);
  if (normalised === null) return false;
  return allowedOrigins.includes(normalised) || (host !== undefined && normalised === ownOrigin(host));
}

/** An origin as URL serialises it (lower case, default port dropped), or null for 'null' or garbage. */
export function normaliseOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

// A cookie named __Host- is only accepted by browsers when Secure, with Path=/ and no Domain, so no
// other site (a sibling subdomain, a plain-http page on the network) can set or shadow it. Plain
// http://localhost keeps the plain name: browsers do not take Secure cookies there reliably.
export const SESSION_COOKIE = { https: '__Host-noodbed_session', localhost: 'noodbed_session' } as const;

/** The session cookie's name for a request: `__Host-noodbed_session` over HTTPS, the plain name on localhost. */
export function sessionCookieName(host: string | undefined): string {
  return isLocalhost(host) ? SESSION_COOKIE.localhost : SESSION_COOKIE.https;
}
