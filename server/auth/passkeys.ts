import type { Context } from 'hono';

import type { Config } from '../config.ts';

/**
 * The relying party is this server as the browser sees it: the Host the request came to (so it
 * works on localhost and behind a proxy that keeps Host), or an origin listed in ALLOWED_ORIGINS.
 * Plain http only on localhost, where browsers allow WebAuthn without TLS.
 */
export interface RelyingParty {
  rpID: string;
  origins: string[];
}

export function relyingParty(c: Context, config: Config): RelyingParty {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const rpID = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const local = rpID === 'localhost';
  return { rpID, origins: [`https://${host}`, ...(local ? [`http://${host}`] : []), ...config.allowedOrigins] };
}
