import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

import { audit } from '../audit/audit.repository.ts';
import type { AppDeps } from '../context.ts';
import { Problem, Unauthenticated } from '../errors.ts';
import { originAllowed, requestHost, sessionCookieName } from '../http/origin.ts';
import type { AppEnv, CurrentSession, SessionUser } from './session-user.ts';
import { hashToken, lookupSession } from './sessions.repository.ts';

export { clientIp } from '../http/client-address.ts';

/** Resolves the session cookie to a user (or null) once per request; a few seconds' cache (session-cache.ts) spares the query. */
export function sessionMiddleware({ db, config }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Only the name for this request's scheme: over HTTPS a plain-named cookie, which any page of the
    // network could have planted, is not a session.
    const token = getCookie(c, sessionCookieName(requestHost(c)));
    const tokenHash = token ? hashToken(token) : null;
    c.set('sessionTokenHash', tokenHash);
    // A session short of its second factor is no login to any route but the factor ones (authorizePending).
    const session = tokenHash ? await lookupSession(db, tokenHash, config.session.idleMinutes) : undefined;
    c.set('user', session && !session.factorPending ? session.user : null);
    c.set('pendingUser', session?.factorPending ? session.user : null);
    await next();
  };
}

/** The user of this session, logged in fully or only with the password (for the second-factor routes). */
export function authorizePending(c: Pick<Context<AppEnv>, 'get'>): { user: SessionUser; pending: boolean } {
  const user = c.get('user');
  if (user) return { user, pending: false };
  const pendingUser = c.get('pendingUser');
  if (!pendingUser) throw new Unauthenticated();
  return { user: pendingUser, pending: true };
}

/** The user of this session and the session itself, for the domain functions that write to it. */
export function currentSession(c: Pick<Context<AppEnv>, 'get'>): { user: SessionUser; session: CurrentSession } {
  const { user, pending } = authorizePending(c);
  return { user, session: { tokenHash: c.get('sessionTokenHash')!, pending } };
}

/** Every refused access (403) is written to the audit log, whichever route refused it. */
export function auditRefusals({ db }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status === 403) {
      await audit(db, {
        actorUserId: c.get('user')?.id ?? null,
        action: 'access.refused',
        detail: { method: c.req.method, path: auditPath(c.req.path) },
      }).catch(() => {});
    }
  };
}

// A refused path is the client's text: ids and route words are kept, anything else is not stored.
const PATH_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z]{1,30}(?:-[a-z]{1,30})*|v\d)$/;
function auditPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '' || PATH_SEGMENT.test(segment) ? segment : ':other'))
    .join('/');
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard: a browser always sends Origin on these methods, and it must be
 * this server's whole origin (or a configured one); `Origin: null` never passes. Clients that send
 * no Origin at all are not browsers.
 */
export function originCheck({ config }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (STATE_CHANGING.has(c.req.method) && origin !== undefined && !originAllowed(origin, requestHost(c), config.allowedOrigins)) {
      throw new Problem(403, 'Forbidden', 'Requests from another origin are refused.');
    }
    await next();
  };
}
