import type { Db } from '../db/database.ts';
import type { Config } from './config.ts';

// The types the app's parts share, in a leaf module: routes, realtime and domain modules import them
// from here, never from app.ts, which imports all of them (that made a type cycle through 16 files).

/** What createApp and createRealtime are built from; only server/index.ts makes one. */
export interface AppDeps {
  db: Db;
  config: Config;
}
