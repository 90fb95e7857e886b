import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

import { isPublicAddress, publicOnlyLookup } from './public-address.ts';

export interface PushRequest {
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * POSTs one push and returns the HTTP status, or null when the service cannot be reached. Over https the
 * socket connects only to a public address (checked on the address actually used, so DNS rebinding does
 * not help); redirects are not followed. A test's http loopback receiver is reached only when allowed.
 */
export function sendPushRequest(endpoint: string, push: PushRequest, allowHttpLoopback: boolean): Promise<number | null> {
  const url = new URL(endpoint);
  const plainLoopback = allowHttpLoopback && url.protocol === 'http:';
  if (!plainLoopback && url.protocol !== 'https:') return Promise.resolve(null);
  // An address literal never goes through lookup, so it is judged here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!plainLoopback && isIP(literal) && !isPublicAddress(literal)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const options = { method: push.method, headers: push.headers, timeout: 10_000 };
    const request = plainLoopback ? httpRequest(url, options) : httpsRequest(url, { ...options, lookup: publicOnlyLookup });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
    request.end(push.body ?? undefined);
  });
}
