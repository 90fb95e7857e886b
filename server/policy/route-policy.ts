import type { MiddlewareHandler } from 'hono';

import type { AppEnv, SessionUser } from '../auth/session-user.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { type Action, grantOf, PASSWORD_ONLY } from './rules.ts';

/** What a route's handler gets from policy(): the logged-in user the policy let through. */
export interface PolicyEnv {
  Variables: AppEnv['Variables'] & { actor: SessionUser };
}

/**
 * The policy of one route, spread into its createRoute({...}) definition: a middleware that refuses
 * (401 without a session, 403 for a role none of `actions` grants) before the input is even read,
 * and `x-policy` in the OpenAPI document, where the authorization test finds every route's actions
 * and fails on a route without. A route with several actions (PATCH /holds/{id}: answer, extend,
 * release) lets through anyone granted one; its handler asks for the exact one with assertMay.
 * On a public route (anonymous granted) `actor` is unset: its handlers do not read it.
 */
export function policy(...actions: [Action, ...Action[]]) {
  const middleware: MiddlewareHandler<PolicyEnv> = async (c, next) => {
    // A session short of its second factor counts only where every action allows it (PASSWORD_ONLY).
    const user = c.get('user') ?? (actions.every((action) => PASSWORD_ONLY.has(action)) ? c.get('pendingUser') : null);
    if (!actions.some((action) => grantOf(action, user?.role ?? 'anonymous'))) {
      throw user ? new Forbidden() : new Unauthenticated();
    }
    if (user) c.set('actor', user);
    await next();
  };
  // A tuple, so createRoute infers the handler's env (c.var.actor) from it.
  return { middleware: [middleware] as [typeof middleware], 'x-policy': actions };
}
