import { isIP } from 'node:net';

import { InvalidInput } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Where the server will POST: a push service, over https, named by a host name. An IP literal or
 * localhost would let a user make the server call into its own network; a test's http loopback
 * receiver passes only when the configuration allows it (PUSH_ALLOW_HTTP_LOOPBACK).
 */
export function assertPushEndpoint(endpoint: string, allowHttpLoopback: boolean): void {
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
