import type { Role } from '../../db/schema.ts';

/** The logged-in user as every handler sees it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Shelter staff: the one organisation whose places they manage; crisis workers: their team. */
  organisationId: string | null;
  /** Region officers: the one region whose aggregates, flags and reports they see. */
  region: { scheme: string; code: string } | null;
}

/** The session user of a users row: the one mapping, for login and every later request. */
export function sessionUserOf(row: {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  region_scheme: string | null;
  region_code: string | null;
}): SessionUser {
  const region = row.region_scheme !== null && row.region_code !== null ? { scheme: row.region_scheme, code: row.region_code } : null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, organisationId: row.organisation_id, region };
}

/** Hono's context variables, shared by every router of the app. */
export interface AppEnv {
  Variables: {
    user: SessionUser | null;
    sessionTokenHash: Buffer | null;
    /** Set instead of `user` while the session has passed the password but not the second factor. */
    pendingUser: SessionUser | null;
  };
}

/** The session a write is made in: its token hash, and whether it still waits for a second factor. */
export interface CurrentSession {
  tokenHash: Buffer;
  pending: boolean;
}
