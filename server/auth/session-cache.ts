import type { SessionUser } from './session-user.ts';

// Live sessions looked up in the last few seconds, so that a burst of API reads (the crisis page asks
// for matches on every live change) does not cost a database round trip each for the same cookie.
//
// Revocation: whatever this node changes about a session or its user (logout, second factor passed,
// disable, role, organisation or password change, factors reset) forgets it here at once, after the
// change; a lookup that was already under way when something was forgotten is used once but never
// kept. A change made elsewhere (another node, a script, by hand in the database) is seen here within
// SESSION_CACHE_MS at most: that is the bound across nodes (tests/api/session-cache.test.ts).
// Only live sessions are kept: an unknown or dead token asks the database every time.

export const SESSION_CACHE_MS = 5_000;
// Far more than one node has live sessions; past it, expired entries are swept.
const SWEEP_ABOVE = 10_000;

export interface FoundSession {
  user: SessionUser;
  factorPending: boolean;
  /** The absolute expiry: never served from here after it. */
  expiresAt: Date;
}

const entries = new Map<string, { session: FoundSession; until: number }>();
// Lookups under way, by token: requests with the same cookie that arrive meanwhile wait for that one.
const pending = new Map<string, { started: number; session: Promise<FoundSession | undefined> }>();
// When anything was last forgotten: a lookup started before it may have read the old state.
let lastForgotten = 0;

/** The live session of this token hash: from the last few seconds, or looked up (and kept). */
export async function cachedSession(tokenHash: Buffer, lookup: () => Promise<FoundSession | undefined>): Promise<FoundSession | undefined> {
  const key = tokenHash.toString('base64');
  const now = performance.now();
  const hit = entries.get(key);
  if (hit && hit.until > now && hit.session.expiresAt.getTime() > Date.now()) return hit.session;
  entries.delete(key);
  // A burst of requests with one cookie (a page's parallel reads; the crisis page on a live change)
  // shares one lookup: each asking would, once a minute, also write last_seen_at of the same row, one
  // write waiting for the other's commit, while holding the pool's connections. Not a lookup that
  // started before something was forgotten: it may have read the old state.
  const underWay = pending.get(key);
  if (underWay && underWay.started > lastForgotten) return underWay.session;
  const mine = { started: performance.now(), session: lookup() };
  pending.set(key, mine);
  try {
    const session = await mine.session;
    if (session && mine.started > lastForgotten) {
      if (entries.size >= SWEEP_ABOVE) sweep();
      entries.set(key, { session, until: mine.started + SESSION_CACHE_MS });
    }
    return session;
  } finally {
    if (pending.get(key) === mine) pending.delete(key);
  }
}

/**
 * The live session of this token hash if one was looked up in the last few seconds, without asking
 * the database: the socket sweep's first look, so a socket stays exactly as long as an HTTP request
 * with its cookie would pass.
 */
export function peekSession(tokenHash: Buffer): FoundSession | undefined {
  const hit = entries.get(tokenHash.toString('base64'));
  return hit && hit.until > performance.now() && hit.session.expiresAt.getTime() > Date.now() ? hit.session : undefined;
}

// Told whenever something is forgotten, so this node's open sockets are checked again at once rather
// than at the next sweep (server/realtime/session-sweep.ts).
const forgetListeners = new Set<() => void>();

/** Calls `listener` after every forget on this node; returns the function that stops it. */
export function onForget(listener: () => void): () => void {
  forgetListeners.add(listener);
  return () => forgetListeners.delete(listener);
}

/** This session changed or ended: the next request asks the database. */
export function forgetSession(tokenHash: Buffer): void {
  lastForgotten = performance.now();
  entries.delete(tokenHash.toString('base64'));
  for (const listener of forgetListeners) listener();
}

/** Something about this user changed (disabled, role, password, factors): all their sessions ask the database. */
export function forgetUserSessions(userId: string): void {
  lastForgotten = performance.now();
  for (const [key, entry] of entries) if (entry.session.user.id === userId) entries.delete(key);
  for (const listener of forgetListeners) listener();
}

function sweep() {
  const now = performance.now();
  for (const [key, entry] of entries) if (entry.until <= now) entries.delete(key);
  // All live (a flood of logins): start over rather than grow without bound.
  if (entries.size >= SWEEP_ABOVE) entries.clear();
}
