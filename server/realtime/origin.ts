import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

// A Host header as a browser sends it: a name or address and an optional port, nothing more.
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The serialised origin of a URL, or null for anything that is not one (e.g. `null` from a sandboxed frame). */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** This server's own origin as the client addressed it, or null when the Host header is not a host. */
function ownOrigin(request: IncomingMessage): string | null {
  const host = request.headers.host;
  if (!host || !HOST.test(host)) return null;
  // Behind a TLS-terminating proxy the connection is plain http: list the public origin in ALLOWED_ORIGINS.
  const scheme = (request.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  return originOf(`${scheme}://${host}`);
}

/**
 * Whether a socket handshake may come from where it says it does. Browsers always send Origin on a
 * websocket and on cross-origin requests; it must be this server or a configured origin, compared
 * whole (scheme, host and port). No Origin at all is not a page in a browser, so no forged request.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const sent = request.headers.origin;
  if (sent === undefined) return true;
  const origin = originOf(sent);
  if (origin === null || origin !== sent) return false;
  return origin === ownOrigin(request) || allowedOrigins.some((allowed) => originOf(allowed) === origin);
}
