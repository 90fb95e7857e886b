import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';

import type { Db } from '../../db/database.ts';
import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { InvalidInput, Problem } from '../errors.ts';
import { assertMay } from '../policy/scope.ts';
import { assertMayEnrol, finishEnrolment } from './factors.domain.ts';
import type { RelyingParty } from './passkeys.ts';
import { forgetSession } from './session-cache.ts';
import type { CurrentSession } from './session-user.ts';
import { completeSession, setChallenge, takeChallenge } from './sessions.repository.ts';

// Passkeys (WebAuthn): registering one as a second factor, and passing the second factor with one.
// Each ceremony's challenge is kept on the session and taken (cleared) when it is answered.

/** WebAuthn options, as JSON for navigator.credentials. */
export type PasskeyOptions = Record<string, unknown>;

const refused = () => new InvalidInput([{ name: 'body.response', code: 'invalid', reason: 'the passkey could not be verified' }]);
const transports = (list: string[]) => list as AuthenticatorTransportFuture[];

const passkeysOf = (db: Db, userId: string) =>
  db
    .selectFrom('user_factors')
    .select(['id', 'credential_id', 'public_key', 'sign_count', 'transports'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'passkey')
    .execute();

export async function startPasskeyRegistration(ctx: WriteContext, session: CurrentSession, rp: RelyingParty): Promise<PasskeyOptions> {
  const { db, actor } = ctx;
  await assertMayEnrol(ctx, session);
  const options = await generateRegistrationOptions({
    rpName: 'Noodbed',
    rpID: rp.rpID,
    userName: actor.email,
    userDisplayName: actor.name,
    attestationType: 'none',
    excludeCredentials: (await passkeysOf(db, actor.id)).map((p) => ({ id: p.credential_id!, transports: transports(p.transports) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await setChallenge(db, session.tokenHash, options.challenge);
  return options as unknown as PasskeyOptions;
}

export async function finishPasskeyRegistration(
  ctx: WriteContext,
  session: CurrentSession,
  rp: RelyingParty,
  response: Record<string, unknown>,
): Promise<{ recoveryCodes: string[] | null }> {
  const { db, actor } = ctx;
  await assertMayEnrol(ctx, session);
  const challenge = await takeChallenge(db, session.tokenHash);
  if (!challenge) throw new Problem(409, 'Conflict', 'Start a registration first: POST /account/passkey-enrolments.');
  const result = await verifyRegistrationResponse({
    response: response as unknown as RegistrationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: rp.origins,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
  }).catch(() => ({ verified: false as const }));
  if (!result.verified) throw refused();
  const { credential } = result.registrationInfo;
  const done = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('user_factors')
      .values({
        user_id: actor.id,
        kind: 'passkey',
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey),
        sign_count: credential.counter,
        transports: credential.transports ?? [],
        confirmed_at: new Date(),
      })
      .execute();
    return finishEnrolment(trx, actor.id, session, 'passkey');
  });
  forgetSession(session.tokenHash); // after the commit, so no request caches the session as still waiting
  return done;
}

export async function startPasskeyLogin({ db, actor }: WriteContext, session: CurrentSession, rp: RelyingParty): Promise<PasskeyOptions> {
  assertMay(actor, 'sessions.verify');
  if (!session.pending) throw new Problem(409, 'Conflict', 'This session has passed its second factor already.');
  const passkeys = await passkeysOf(db, actor.id);
  if (passkeys.length === 0) throw new Problem(409, 'Conflict', 'This account has no passkey.');
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: 'required',
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id!, transports: transports(p.transports) })),
  });
  await setChallenge(db, session.tokenHash, options.challenge);
  return options as unknown as PasskeyOptions;
}

export async function finishPasskeyLogin(
  { db, actor }: WriteContext,
  session: CurrentSession,
  rp: RelyingParty,
  given: Record<string, unknown>,
): Promise<void> {
  assertMay(actor, 'sessions.verify');
  if (!session.pending) throw new Problem(409, 'Conflict', 'This session has passed its second factor already.');
  const challenge = await takeChallenge(db, session.tokenHash);
  if (!challenge) throw new Problem(409, 'Conflict', 'Ask for a challenge first: POST /sessions/current/passkey-challenges.');
  const response = given as unknown as AuthenticationResponseJSON;
  const passkey = (await passkeysOf(db, actor.id)).find((p) => p.credential_id === response.id);
  if (!passkey) throw refused();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origins,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
    credential: {
      id: passkey.credential_id!,
      publicKey: new Uint8Array(passkey.public_key!),
      counter: Number(passkey.sign_count),
      transports: transports(passkey.transports),
    },
  }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
  if (!result.verified) throw refused();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('user_factors').set({ sign_count: result.authenticationInfo!.newCounter }).where('id', '=', passkey.id).execute();
    await completeSession(trx, session.tokenHash);
    await audit(trx, { actorUserId: actor.id, action: 'session.created', detail: { factor: 'passkey' } });
  });
  forgetSession(session.tokenHash); // after the commit, so no request caches the session as still waiting
}
