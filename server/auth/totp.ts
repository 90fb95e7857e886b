import { generateSecret, generateURI, verifySync } from 'otplib';

// RFC 6238 with the defaults every authenticator app assumes: SHA-1, 6 digits, 30-second steps.

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads (as a QR code or typed in). */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: 'Noodbed', label: email, secret });
}

/** One step either side is accepted: phone clocks drift, and a code typed at the end of its step arrives late. */
export function totpValid(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    return verifySync({ secret, token: code, epochTolerance: 30 }).valid;
  } catch {
    return false;
  }
}
