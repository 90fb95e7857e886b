import type { Role } from '../../db/schema.ts';

/** The logged-in user as every handler sees it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Shelter staff: the one organisation whose places they manage; crisis workers: their team. */
  organisationId: string | null;
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
