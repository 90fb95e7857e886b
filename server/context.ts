import type { Db } from '../db/database.ts';
import type { SessionUser } from './auth/session-user.ts';
import type { Config } from './config.ts';

// The types the app's parts share, in a leaf module: routes, realtime and domain modules import them
// from here, never from app.ts, which imports all of them (that made a type cycle through 16 files).

/** What createApp and createRealtime are built from; only server/index.ts makes one. */
export interface AppDeps {
  db: Db;
  config: Config;
}

/**
 * What every write is done with: the database, who acts (the domain function asks the policy about
 * them and names them in the audit entry, so a command-line tool cannot go around either) and the
 * config. Routes build it from the request; tools with OPERATOR as the actor.
 */
export interface WriteContext {
  db: Db;
  actor: SessionUser;
  config: Config;
}

/**
 * A write by nobody logged in yet (a login, a set-password link): the credential it carries is what
 * is checked, and the audit entry names the user it proves, or no one.
 */
export type AnonymousWriteContext = Omit<WriteContext, 'actor'>;
