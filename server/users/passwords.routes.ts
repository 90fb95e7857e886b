import { createRoute } from '@hono/zod-openapi';

import { currentSession } from '../auth/middleware.ts';
import { changePassword, issuePasswordLink, setPasswordByLink } from '../auth/passwords.domain.ts';
import type { AppDeps } from '../context.ts';
import { createRouter, emptyResponse, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { PasswordChange, PasswordLink, PasswordReset } from './passwords.schema.ts';
import { UserIdParams } from './users.schema.ts';

export const change = createRoute({
  method: 'put',
  path: '/account/password',
  ...policy('account.password'),
  tags: ['Account'],
  summary: 'Change my own password (the current one is required)',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordChange } } } },
  responses: { 204: emptyResponse("Changed; the user's other sessions have ended."), ...problems(400, 401, 415, 429) },
});
export const issueLink = createRoute({
  method: 'post',
  path: '/users/{id}/password-links',
  ...policy('users.password_link'),
  tags: ['Users'],
  summary: 'Issue a one-time set-password link (admins)',
  request: { params: UserIdParams },
  responses: { 201: jsonResponse(PasswordLink, "The link; only its token's hash is stored."), ...problems(400, 401, 403, 404) },
});
export const reset = createRoute({
  method: 'post',
  path: '/password-resets',
  ...policy('account.set_password'),
  security: [],
  tags: ['Account'],
  summary: "Set a password with a one-time link's token",
  request: { body: { required: true, content: { 'application/json': { schema: PasswordReset } } } },
  responses: { 204: emptyResponse('Set; the token is used up and every session of the user has ended.'), ...problems(400, 415) },
});

export function passwordsRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(change, async (c) => {
      const { user, session } = currentSession(c);
      await changePassword({ db, config, actor: user }, session, c.req.valid('json'));
      return c.body(null, 204);
    })
    .openapi(issueLink, async (c) => {
      const { token, expiresAt } = await issuePasswordLink({ db, config, actor: c.var.actor }, c.req.valid('param').id);
      const origin = new URL(c.req.url).origin;
      return c.json({ url: `${origin}/wachtwoord#${token}`, expiresAt: expiresAt.toISOString() }, 201);
    })
    .openapi(reset, async (c) => {
      await setPasswordByLink({ db, config }, c.req.valid('json'));
      return c.body(null, 204);
    });
}
