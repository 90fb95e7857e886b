import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

import type { AppDeps } from '../context.ts';
import { RateLimited } from '../errors.ts';
import { clientIp } from '../http/client-address.ts';
import { type BucketRule, pruneBuckets, takeToken } from './open-rate-limit.ts';

// The open-data door: any site may read it (CORS *), caches may keep an answer for five minutes (the
// figures are frozen snapshots), and one address gets OPEN_DATA_BURST answers at once (60), then
// OPEN_DATA_PER_SECOND (1) a second (429 after), counted across all nodes (open-rate-limit.ts).

export const OPEN_CACHE_SECONDS = 300;
/** Every this many requests a node forgets the full buckets (no timer: nothing runs after the app is gone). */
const PRUNE_EVERY = 500;

export function openDataMiddleware({ db, config }: Pick<AppDeps, 'db' | 'config'>): MiddlewareHandler[] {
  let requests = 0;
  const rule: BucketRule = { capacity: config.openData.burst, perSecond: config.openData.perSecond };
  const limit: MiddlewareHandler = async (c, next) => {
    if (++requests % PRUNE_EVERY === 0) await pruneBuckets(db, rule);
    const wait = await takeToken(db, clientIp(c, config.trustProxy), rule);
    if (wait > 0) {
      throw new RateLimited(`Open data: at most ${rule.capacity} requests at once and ${rule.perSecond} a second after that, per address.`, wait);
    }
    await next();
    // Runs after the API's no-store, which it overrides for a successful answer only; set on the
    // response's own headers, as server/http/headers.ts explains (c.header() would copy the response).
    if (c.res.status === 200) c.res.headers.set('Cache-Control', `public, max-age=${OPEN_CACHE_SECONDS}`);
  };
  return [cors({ origin: '*', allowMethods: ['GET'] }), limit];
}
