import { generateSecret, generateURI, verifySync } from 'otplib';

// RFC 6238 with the defaults every authenticator app assumes: SHA-1, 6 digits, 30-second steps.

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads (as a QR code or typed in). */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: 'Noodbed', label: email, secret });
}

/**
 * The time step of a valid code, or null. One step either side is accepted: phone clocks drift, and a
 * code typed at the end of its step arrives late. Whether the step was used before is the caller's
 * to decide (useTotpStep), in the same statement that records it.
 */
export function totpStep(secret: string, code: string): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = verifySync({ secret, token: code, epochTolerance: 30 });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
