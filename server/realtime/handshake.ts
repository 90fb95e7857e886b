import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'hono/utils/cookie';

import type { SessionUser } from '../auth/session-user.ts';
import { hashToken, lookupSession } from '../auth/sessions.repository.ts';
import type { AppDeps } from '../context.ts';
import { originAllowed, sessionCookieName } from '../http/origin.ts';

/** What a refused client reads in its connect_error. */
type Refusal = 'origin not allowed' | 'not logged in' | 'too many connections' | 'service unavailable';

export type Handshake = { ok: true; user: SessionUser; tokenHash: Buffer } | { ok: false; refusal: Refusal };

// Our session tokens are 43 characters; anything much longer is not one and is not hashed or looked up.
const MAX_TOKEN_LENGTH = 256;

/**
 * Authenticates a socket handshake from its headers: the origin, then the session cookie. Never
 * throws: malformed headers are refused, a database failure is "service unavailable".
 */
export async function authenticateHandshake(
  { db, config }: AppDeps,
  request: IncomingMessage,
  socketsOfSession: (tokenHash: Buffer) => number,
): Promise<Handshake> {
  try {
    // The same whole-origin rule as the HTTP edge; no Origin at all is not a page in a browser.
    const { origin, host } = request.headers;
    if (origin !== undefined && !originAllowed(origin, host, config.allowedOrigins)) return { ok: false, refusal: 'origin not allowed' };
    const cookieName = sessionCookieName(host);
    const token = parseCookie(request.headers.cookie ?? '', cookieName)[cookieName];
    if (!token || token.length > MAX_TOKEN_LENGTH) return { ok: false, refusal: 'not logged in' };
    const tokenHash = hashToken(token);
    if (socketsOfSession(tokenHash) >= config.live.maxSocketsPerSession) return { ok: false, refusal: 'too many connections' };
    // The same lookup as an HTTP request's: a session short of its second factor is no login here either.
    const session = await lookupSession(db, tokenHash, config.session.idleMinutes);
    if (!session || session.factorPending) return { ok: false, refusal: 'not logged in' };
    return { ok: true, user: session.user, tokenHash };
  } catch {
    return { ok: false, refusal: 'service unavailable' };
  }
}
