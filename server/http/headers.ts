import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

import { API_VERSION } from './openapi.ts';

// Headers added after the handler are set on the response's own Headers, as hono's secureHeaders
// does, not with c.header(): that, once the response exists, copies it into a new web Response
// (its body then streamed) and makes @hono/node-server build the full undici Response it otherwise
// skips (measured with the body-limit change: 0.7-0.9 ms CPU of 2.9-4.1 per API read).

/** API-Version on every response, also errors and static files (NL GOV ADR /core/version-header). */
export const apiVersionHeader: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('API-Version', API_VERSION);
};

// The dashboard loads only its own scripts, styles and socket; nothing may frame it.
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'same-origin',
  xFrameOptions: 'DENY',
});

/** API answers are live and may be personal to the user: never cache them anywhere. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};
