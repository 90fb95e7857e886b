import { startAuthentication, startRegistration } from '@simplewebauthn/browser';

import { call } from './api.ts';

// The two WebAuthn ceremonies: the server hands out options with a challenge, the browser asks the
// authenticator, the server checks the answer against the challenge it kept for this session.
// The API passes WebAuthn's JSON through as an opaque object: its shape is @simplewebauthn's.

type CreationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];
type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];

/** Registers a passkey; returns the recovery codes to show once (null when the user has some). */
export async function registerPasskey(): Promise<string[] | null> {
  const optionsJSON = (await call('POST /account/passkey-enrolments')) as unknown as CreationOptions;
  const response = { ...(await startRegistration({ optionsJSON })) };
  return (await call('POST /account/passkey-enrolments/confirmation', { body: { response } })).recoveryCodes;
}

/** Passes the second factor of a waiting session with a passkey; returns the session. */
export async function authenticateWithPasskey() {
  const optionsJSON = (await call('POST /sessions/current/passkey-challenges')) as unknown as RequestOptions;
  const response = { ...(await startAuthentication({ optionsJSON })) };
  return call('POST /sessions/current/passkey-verification', { body: { response } });
}
