import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { existsSync } from 'node:fs';
import type { Db } from '../db/database.ts';
import { availabilityRoutes } from './availability/availability.routes.ts';
import type { Config } from './config.ts';
import { NotFound, Problem } from './errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { apiVersionHeader, noStore, securityHeaders } from './http/headers.ts';
import { createRouter, documentInfo } from './http/openapi.ts';
import { problemResponse, toProblem } from './http/problem.ts';
import { placesRoutes } from './places/places.routes.ts';
import { regionsRoutes } from './regions/regions.routes.ts';

export interface AppDeps {
  db: Db;
  config: Config;
}

export interface AppOptions {
  /** Folder with the built dashboard (web/dist); the API works without it. */
  webRoot?: string;
  log?: (message: string, error?: unknown) => void;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH']);

export function createApiRouter(deps: AppDeps) {
  const api = createRouter()
    .route('/', healthRoutes(deps))
    .route('/', regionsRoutes(deps))
    .route('/', placesRoutes(deps))
    .route('/', availabilityRoutes(deps));
  api.doc('/openapi.json', documentInfo);
  return api;
}

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const app = new Hono({ strict: true });

  app.use('*', apiVersionHeader, securityHeaders);
  app.use('/api/*', noStore);
  // The API document may be read by any site (e.g. developer.overheid.nl); nothing else is shared cross-origin.
  app.use('/api/v1/openapi.json', cors({ origin: '*', allowMethods: ['GET'] }));
  app.use('/api/*', async (c, next) => {
    if (STATE_CHANGING.has(c.req.method) && !/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new Problem(415, 'Unsupported media type', 'Send the request body as application/json.');
    }
    await next();
  });

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
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem.status >= 500) log(`${c.req.method} ${new URL(c.req.url).pathname} failed`, error);
    return problemResponse(c, problem);
  });
  return app;
}
