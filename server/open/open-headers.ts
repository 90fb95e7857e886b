import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

import type { Config } from '../config.ts';
import { Problem } from '../errors.ts';
import { clientIp } from '../http/client-address.ts';
import { tokenBuckets } from '../realtime/rate-limit.ts';

// The open-data door: any site may read it (CORS *), caches may keep an answer for five minutes (the
// figures are frozen snapshots), and one address gets 60 answers at once, then one a second (429 after).

export const OPEN_CACHE_SECONDS = 300;

export function openDataMiddleware(config: Config): MiddlewareHandler[] {
  const buckets = tokenBuckets({ capacity: 60, refillMs: 1000 });
  setInterval(() => buckets.prune(), 60_000).unref();
  const limit: MiddlewareHandler = async (c, next) => {
    if (!buckets.take(clientIp(c, config.trustProxy))) {
      throw new Problem(429, 'Too many requests', 'Open data: at most 60 requests at once and one a second after that, per address.');
    }
    await next();
    // Runs after the API's no-store, which it overrides for a successful answer only.
    if (c.res.status === 200) c.header('Cache-Control', `public, max-age=${OPEN_CACHE_SECONDS}`);
  };
  return [cors({ origin: '*', allowMethods: ['GET'] }), limit];
}
