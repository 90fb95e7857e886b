import { createRoute, z } from '@hono/zod-openapi';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';

import { audit } from '../audit/audit.repository.ts';
import type { AppDeps } from '../context.ts';
import { InvalidInput, Problem } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { confirmedFactorKinds } from './factors.repository.ts';
import { authorizeEnrolment, finishEnrolment } from './factors.routes.ts';
import { EnrolmentDone } from './factors.schema.ts';
import { authorizePending } from './middleware.ts';
import { relyingParty } from './passkeys.ts';
import { completeSession, setChallenge, takeChallenge } from './sessions.repository.ts';
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

const refused = () => new InvalidInput([{ name: 'body.response', code: 'invalid', reason: 'the passkey could not be verified' }]);

export function passkeysRoutes({ db, config }: AppDeps) {
  const passkeysOf = (userId: string) =>
    db
      .selectFrom('user_factors')
      .select(['id', 'credential_id', 'public_key', 'sign_count', 'transports'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'passkey')
      .execute();
  const transports = (list: string[]) => list as AuthenticatorTransportFuture[];

  return createRouter()
    .openapi(startRegistration, async (c) => {
      const { user } = await authorizeEnrolment(c, db);
      const options = await generateRegistrationOptions({
        rpName: 'Noodbed',
        rpID: relyingParty(c, config).rpID,
        userName: user.email,
        userDisplayName: user.name,
        attestationType: 'none',
        excludeCredentials: (await passkeysOf(user.id)).map((p) => ({ id: p.credential_id!, transports: transports(p.transports) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      });
      await setChallenge(db, c.get('sessionTokenHash')!, options.challenge);
      return c.json(options as unknown as Record<string, unknown>, 201);
    })
    .openapi(finishRegistration, async (c) => {
      const { user, pending } = await authorizeEnrolment(c, db);
      const challenge = await takeChallenge(db, c.get('sessionTokenHash')!);
      if (!challenge) throw new Problem(409, 'Conflict', 'Start a registration first: POST /account/passkey-enrolments.');
      const { rpID, origins } = relyingParty(c, config);
      const result = await verifyRegistrationResponse({
        response: c.req.valid('json').response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: origins,
        expectedRPID: rpID,
        requireUserVerification: true,
      }).catch(() => ({ verified: false as const }));
      if (!result.verified) throw refused();
      const { credential } = result.registrationInfo;
      await db
        .insertInto('user_factors')
        .values({
          user_id: user.id,
          kind: 'passkey',
          credential_id: credential.id,
          public_key: Buffer.from(credential.publicKey),
          sign_count: credential.counter,
          transports: credential.transports ?? [],
          confirmed_at: new Date(),
        })
        .execute();
      return c.json(await finishEnrolment(c, db, user, pending, 'passkey'), 200);
    })
    .openapi(startAuthentication, async (c) => {
      const { user, pending } = authorizePending(c);
      if (!pending) throw new Problem(409, 'Conflict', 'This session has passed its second factor already.');
      const passkeys = await passkeysOf(user.id);
      if (passkeys.length === 0) throw new Problem(409, 'Conflict', 'This account has no passkey.');
      const options = await generateAuthenticationOptions({
        rpID: relyingParty(c, config).rpID,
        userVerification: 'required',
        allowCredentials: passkeys.map((p) => ({ id: p.credential_id!, transports: transports(p.transports) })),
      });
      await setChallenge(db, c.get('sessionTokenHash')!, options.challenge);
      return c.json(options as unknown as Record<string, unknown>, 201);
    })
    .openapi(finishAuthentication, async (c) => {
      const { user, pending } = authorizePending(c);
      if (!pending) throw new Problem(409, 'Conflict', 'This session has passed its second factor already.');
      const challenge = await takeChallenge(db, c.get('sessionTokenHash')!);
      if (!challenge) throw new Problem(409, 'Conflict', 'Ask for a challenge first: POST /sessions/current/passkey-challenges.');
      const response = c.req.valid('json').response as unknown as AuthenticationResponseJSON;
      const passkey = (await passkeysOf(user.id)).find((p) => p.credential_id === response.id);
      if (!passkey) throw refused();
      const { rpID, origins } = relyingParty(c, config);
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: origins,
        expectedRPID: rpID,
        requireUserVerification: true,
        credential: {
          id: passkey.credential_id!,
          publicKey: new Uint8Array(passkey.public_key!),
          counter: Number(passkey.sign_count),
          transports: transports(passkey.transports),
        },
      }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
      if (!result.verified) throw refused();
      await db.updateTable('user_factors').set({ sign_count: result.authenticationInfo!.newCounter }).where('id', '=', passkey.id).execute();
      await completeSession(db, c.get('sessionTokenHash')!);
      await audit(db, { actorUserId: user.id, action: 'session.created', detail: { factor: 'passkey' } });
      return c.json({ user, stage: 'complete' as const, factors: await confirmedFactorKinds(db, user.id) }, 200);
    });
}
