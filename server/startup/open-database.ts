import { resolve } from 'node:path';

import { createDb, type Db, migrateToLatest } from '../../db/database.ts';
import { type EmbeddedServer, ensureDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import type { Config } from '../config.ts';

export interface OpenDatabase {
  db: Db;
  /** For the realtime listener, which needs a connection of its own. */
  url: string;
  /** Set when the embedded PostgreSQL was started for this process. */
  embedded: EmbeddedServer | undefined;
  /** Closes the pool, then stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

/**
 * The database of `config`, migrated: DATABASE_URL, or else the embedded PostgreSQL in DATA_DIR
 * (relative to `root`). The server and every command-line tool open it this one way.
 */
export async function openDatabase(config: Config, options: { root?: string; log?: (message: string) => void } = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    options.log?.(`Starting embedded PostgreSQL in ${config.dataDir}…`);
    embedded = await startEmbeddedPostgres(resolve(options.root ?? '.', config.dataDir));
    await ensureDatabase(embedded, 'noodbed');
    url = embedded.url('noodbed');
  }
  const db = createDb(url);
  const close = async () => {
    await db.destroy();
    await embedded?.stop();
  };
  try {
    // A fresh production database has no tables yet: a tool may run before the server ever started.
    await migrateToLatest(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, url, embedded, close };
}
