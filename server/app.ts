import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';

import { alertsRoutes } from './alerts/alerts.routes.ts';
import { honestWaitingRoutes } from './alerts/honest-waiting.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { factorsRoutes } from './auth/factors.routes.ts';
import { auditRefusals, originCheck, sessionMiddleware } from './auth/middleware.ts';
import { passkeysRoutes } from './auth/passkeys.routes.ts';
import type { AppEnv } from './auth/session-user.ts';
import { sessionsRoutes } from './auth/sessions.routes.ts';
import { availabilityRoutes } from './availability/availability.routes.ts';
import { changesRoutes } from './changes/changes.routes.ts';
import type { AppDeps } from './context.ts';
import { NotFound, Problem } from './errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { createOutageLog } from './health/outage-log.ts';
import { holdsRoutes } from './holds/holds.routes.ts';
import { apiVersionHeader, noStore, securityHeaders } from './http/headers.ts';
import { createRouter, documentInfo } from './http/openapi.ts';
import { SESSION_COOKIE } from './http/origin.ts';
import { problemResponse, toProblem } from './http/problem.ts';
import { locationsRoutes } from './locations/locations.routes.ts';
import { municipalitiesRoutes } from './municipalities/municipalities.routes.ts';
import { openRoutes } from './open/open.routes.ts';
import { openDataMiddleware } from './open/open-headers.ts';
import { organisationsRoutes } from './organisations/organisations.routes.ts';
import { placesRoutes } from './places/places.routes.ts';
import { qualityRoutes } from './quality/quality.routes.ts';
import { regionsRoutes } from './regions/regions.routes.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { requestsRoutes } from './requests/requests.routes.ts';
import { statisticsRoutes } from './statistics/statistics.routes.ts';
import { staysRoutes } from './stays/stays.routes.ts';
import { passwordsRoutes } from './users/passwords.routes.ts';
import { usersRoutes } from './users/users.routes.ts';

export interface AppOptions {
  /** Folder with the built dashboard (web/dist); the API works without it. */
  webRoot?: string;
  log?: (message: string, error?: unknown) => void;
}

// Bodies are JSON only (415 otherwise): no HTML form can then make a request a browser would send cross-site.
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
// The largest body the API takes: real ones (a user, a location, a household) are under 2 KB; the
// limit stops a client from making the server buffer and parse many megabytes.
export const MAX_BODY_BYTES = 1024 * 1024;

export function createApiRouter(deps: AppDeps) {
  const api = createRouter()
    .route('/', healthRoutes(deps))
    .route('/', sessionsRoutes(deps))
    .route('/', regionsRoutes(deps))
    .route('/', municipalitiesRoutes(deps))
    .route('/', placesRoutes(deps))
    .route('/', availabilityRoutes(deps))
    .route('/', locationsRoutes(deps))
    .route('/', organisationsRoutes(deps))
    .route('/', usersRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', changesRoutes(deps))
    .route('/', requestsRoutes(deps))
    .route('/', holdsRoutes(deps))
    .route('/', statisticsRoutes(deps))
    .route('/', factorsRoutes(deps))
    .route('/', passkeysRoutes(deps))
    .route('/', passwordsRoutes(deps))
    .route('/', staysRoutes(deps))
    .route('/', alertsRoutes(deps))
    .route('/', honestWaitingRoutes(deps))
    .route('/', qualityRoutes(deps))
    .route('/', reportsRoutes(deps))
    .route('/', openRoutes(deps));
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE.https,
    description: `Session cookie set by POST /sessions (named ${SESSION_COOKIE.localhost} on http://localhost).`,
  });
  api.doc('/openapi.json', documentInfo);
  return api;
}

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const log = options.log ?? ((message, error) => (error === undefined ? console.error(message) : console.error(message, error)));
  const app = new Hono<AppEnv>({ strict: true });

  app.use('*', apiVersionHeader, securityHeaders);
  // Before no-store, so its cache header for open data is set after no-store's.
  app.use('/api/v1/open/*', ...openDataMiddleware(deps));
  app.use('/api/*', noStore);
  // The API document may be read by any site (e.g. developer.overheid.nl); nothing else is shared cross-origin.
  app.use('/api/v1/openapi.json', cors({ origin: '*', allowMethods: ['GET'] }));
  app.use('/api/*', async (c, next) => {
    if (WITH_BODY.has(c.req.method) && !/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new Problem(415, 'Unsupported media type', 'Send the request body as application/json.');
    }
    await next();
  });
  // Not on GET and HEAD, which carry no body: asking one for its body makes @hono/node-server build a
  // whole web Request (an AbortController, undici's Request) for nothing.
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // The unread rest of the body is still on the connection: it is closed after this answer, said
      // so to the client, rather than cut under its next request ("other side closed").
      c.header('Connection', 'close');
      throw new Problem(413, 'Payload too large', `Request bodies are at most ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
    },
  });
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.use('/api/*', sessionMiddleware(deps), auditRefusals(deps), originCheck(deps));
  app.route('/api/v1', createApiRouter(deps));
  app.all('/api/*', () => {
    throw new NotFound('This API resource');
  });

  if (options.webRoot && existsSync(options.webRoot)) {
    const root = options.webRoot;
    app.use('*', serveStatic({ root }));
    // The dashboard routes in the browser: any other GET gets the app shell.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }

  app.notFound((c) => problemResponse(c, new NotFound('This resource')));
  const outage = createOutageLog(deps.db, log);
  app.onError((error, c) => {
    const problem = toProblem(error);
    // A database outage is logged as one, not once per request it refuses.
    if (problem.status === 503) outage.unavailable(error);
    else if (problem.status >= 500) log(`${c.req.method} ${new URL(c.req.url).pathname} failed`, error);
    return problemResponse(c, problem);
  });
  return app;
}
