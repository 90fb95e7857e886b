import { isIP } from 'node:net';

import { InvalidInput } from '../errors.ts';
import { isPublicAddress, resolveAll } from './public-address.ts';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Where the server will POST: a push service, over https, named by a host name that resolves to public
 * addresses only. An IP literal, localhost or a name pointing inward ("localhost.", a host in 10/8)
 * would let a user make the server call into its own network; a test's http loopback receiver passes
 * only when the configuration allows it (PUSH_ALLOW_HTTP_LOOPBACK). A name that does not resolve now
 * is accepted: delivery checks the address it connects to again (server/alerts/push-request.ts).
 */
export async function assertPushEndpoint(endpoint: string, allowHttpLoopback: boolean, resolve = resolveAll): Promise<void> {
  const url = new URL(endpoint);
  const host = url.hostname;
  if (allowHttpLoopback && url.protocol === 'http:' && LOOPBACK.has(host)) return;
  const reason =
    url.protocol !== 'https:'
      ? 'a push service endpoint must use https'
      : isIP(host.replace(/^\[|\]$/g, '')) || LOOPBACK.has(host) || !host.includes('.')
        ? 'a push service endpoint must name a public host, not an address'
        : url.username || url.password
          ? 'a push service endpoint carries no user name or password'
          : (await resolve(host)).some((address) => !isPublicAddress(address))
            ? 'a push service endpoint must be on the public internet, not in our own network'
            : null;
  if (reason) throw new InvalidInput([{ name: 'body.endpoint', code: 'push_endpoint', reason }]);
}

/** A short name for the device in the user's list, from its user agent ("Chrome op Android"). */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return system ? `${browser} op ${system}` : browser;
}
