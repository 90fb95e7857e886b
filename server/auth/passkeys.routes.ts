import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { confirmedFactorKinds } from './factors.repository.ts';
import { EnrolmentDone } from './factors.schema.ts';
import { currentSession } from './middleware.ts';
import { finishPasskeyLogin, finishPasskeyRegistration, startPasskeyLogin, startPasskeyRegistration } from './passkeys.domain.ts';
import { relyingParty } from './passkeys.ts';
import { SessionSchema } from './sessions.schema.ts';

const Options = z.record(z.string(), z.unknown()).openapi('PasskeyOptions', { description: 'WebAuthn options (JSON) for navigator.credentials.' });
const Credential = z
  .object({ response: z.record(z.string(), z.unknown()) })
  .strict()
  .openapi('PasskeyCredential');

export const startRegistration = createRoute({
  method: 'post',
  path: '/account/passkey-enrolments',
  ...policy('account.enrol'),
  tags: ['Account'],
  summary: 'Start registering a passkey',
  responses: { 201: jsonResponse(Options, 'Creation options with a fresh challenge.'), ...problems(400, 401, 403) },
});
export const finishRegistration = createRoute({
  method: 'post',
  path: '/account/passkey-enrolments/confirmation',
  ...policy('account.enrol'),
  tags: ['Account'],
  summary: 'Finish registering a passkey',
  request: { body: { required: true, content: { 'application/json': { schema: Credential } } } },
  responses: { 200: jsonResponse(EnrolmentDone, 'The passkey is a factor now.'), ...problems(400, 401, 403, 415) },
});
export const startAuthentication = createRoute({
  method: 'post',
  path: '/sessions/current/passkey-challenges',
  ...policy('sessions.verify'),
  tags: ['Sessions'],
  summary: 'Start passing the second factor with a passkey',
  responses: { 201: jsonResponse(Options, 'Request options with a fresh challenge.'), ...problems(400, 401, 409) },
});
export const finishAuthentication = createRoute({
  method: 'post',
  path: '/sessions/current/passkey-verification',
  ...policy('sessions.verify'),
  tags: ['Sessions'],
  summary: 'Pass the second factor with a passkey',
  request: { body: { required: true, content: { 'application/json': { schema: Credential } } } },
  responses: { 200: jsonResponse(SessionSchema, 'Logged in.'), ...problems(400, 401, 409, 415) },
});

export function passkeysRoutes({ db, config }: AppDeps) {
  return createRouter()
    .openapi(startRegistration, async (c) => {
      const { user, session } = currentSession(c);
      return c.json(await startPasskeyRegistration({ db, config, actor: user }, session, relyingParty(c, config)), 201);
    })
    .openapi(finishRegistration, async (c) => {
      const { user, session } = currentSession(c);
      return c.json(await finishPasskeyRegistration({ db, config, actor: user }, session, relyingParty(c, config), c.req.valid('json').response), 200);
    })
    .openapi(startAuthentication, async (c) => {
      const { user, session } = currentSession(c);
      return c.json(await startPasskeyLogin({ db, config, actor: user }, session, relyingParty(c, config)), 201);
    })
    .openapi(finishAuthentication, async (c) => {
      const { user, session } = currentSession(c);
      await finishPasskeyLogin({ db, config, actor: user }, session, relyingParty(c, config), c.req.valid('json').response);
      return c.json({ user, stage: 'complete' as const, factors: await confirmedFactorKinds(db, user.id) }, 200);
    });
}
