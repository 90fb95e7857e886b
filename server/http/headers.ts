import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

import { API_VERSION } from './openapi.ts';

/** API-Version on every response, also errors and static files (NL GOV ADR /core/version-header). */
export const apiVersionHeader: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('API-Version', API_VERSION);
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
  c.header('Cache-Control', 'no-store');
};
