import { startAuthentication, startRegistration } from '@simplewebauthn/browser';

import { request } from './api.ts';

// The two WebAuthn ceremonies: the server hands out options with a challenge, the browser asks the
// authenticator, the server checks the answer against the challenge it kept for this session.

type Json = Parameters<typeof startRegistration>[0]['optionsJSON'];

/** Registers a passkey; returns the recovery codes to show once (null when the user has some). */
export async function registerPasskey(): Promise<string[] | null> {
  const optionsJSON = await request<Json>('POST', '/account/passkey-enrolments', {});
  const response = await startRegistration({ optionsJSON });
  return (await request<{ recoveryCodes: string[] | null }>('POST', '/account/passkey-enrolments/confirmation', { response })).recoveryCodes;
}

/** Passes the second factor of a waiting session with a passkey; returns the session. */
export async function authenticateWithPasskey<T>(): Promise<T> {
  const optionsJSON = await request<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/sessions/current/passkey-challenges', {});
  const response = await startAuthentication({ optionsJSON });
  return request<T>('POST', '/sessions/current/passkey-verification', { response });
}
