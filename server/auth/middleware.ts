import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../../db/schema.ts';
import type { AppDeps } from '../app.ts';
import { audit } from '../audit/audit.repository.ts';
import { Forbidden, Problem, Unauthenticated } from '../errors.ts';
import type { AppEnv, SessionUser } from './session-user.ts';
import { findSession, hashToken } from './sessions.repository.ts';

export const SESSION_COOKIE = 'noodbed_session';

/** Resolves the session cookie to a user (or null) once per request. */
export function sessionMiddleware({ db, config }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const tokenHash = token ? hashToken(token) : null;
    c.set('sessionTokenHash', tokenHash);
    // A session short of its second factor is no login to any route but the factor ones (authorizePending).
    const session = tokenHash ? await findSession(db, tokenHash, config.session.idleMinutes) : undefined;
    c.set('user', session && !session.factorPending ? session.user : null);
    c.set('pendingUser', session?.factorPending ? session.user : null);
    await next();
  };
}

/** The logged-in user if their role is one of `roles` (all roles when none are named); else 401/403. */
export function authorize(c: Context<AppEnv>, ...roles: Role[]): SessionUser {
  const user = c.get('user');
  if (!user) throw new Unauthenticated();
  if (roles.length && !roles.includes(user.role)) throw new Forbidden();
  return user;
}

/** The user of this session, logged in fully or only with the password (for the second-factor routes). */
export function authorizePending(c: Context<AppEnv>): { user: SessionUser; pending: boolean } {
  const user = c.get('user');
  if (user) return { user, pending: false };
  const pendingUser = c.get('pendingUser');
  if (!pendingUser) throw new Unauthenticated();
  return { user: pendingUser, pending: true };
}

/** Every refused access (403) is written to the audit log, whichever route refused it. */
export function auditRefusals({ db }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status === 403) {
      await audit(db, {
        actorUserId: c.get('user')?.id ?? null,
        action: 'access.refused',
        detail: { method: c.req.method, path: c.req.path },
      }).catch(() => {});
    }
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard: a browser always sends Origin on these methods, and it must be
 * this server (or a configured origin). Clients that send no Origin are not browsers.
 */
export function originCheck({ config }: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (STATE_CHANGING.has(c.req.method) && origin) {
      const own = c.req.header('host');
      const allowed = config.allowedOrigins.includes(origin) || (own !== undefined && safeHost(origin) === own);
      if (!allowed) throw new Problem(403, 'Forbidden', 'Requests from another origin are refused.');
    }
    await next();
  };
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The trusted proxy appends the address it saw; anything before it came from the client and can
    // be made up (a new fake address per attempt would dodge the login limit).
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'local';
  }
}
