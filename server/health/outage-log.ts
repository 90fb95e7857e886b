import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { Unavailable } from '../errors.ts';
import { toProblem } from '../http/problem.ts';

// While the database is away every request is answered 503. Logging each with its stack trace buried
// the log (~375 per node in 8 s of outage) and said nothing the first line had not: the outage is
// logged when it starts, and once more when the database answers again.

const PROBE_MS = 1_000;

function reason(error: unknown): string {
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

export function createOutageLog(db: Db, log: (message: string) => void) {
  let since: number | undefined;
  let refused = 0;

  // The end of an outage is not seen in a request (many need no database): a probe tells it.
  const probe = async () => {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      // Still down: look again. Anything else (the pool was closed at shutdown) ends the watch.
      if (toProblem(error) instanceof Unavailable) setTimeout(() => void probe(), PROBE_MS).unref();
      return;
    }
    log(
      `Database available again after ${Math.round((Date.now() - since!) / 1000)} s; ${refused} request${refused === 1 ? ' was' : 's were'} answered 503 meanwhile.`,
    );
    since = undefined;
    refused = 0;
  };

  return {
    /** Called for every 503 answered because the database could not be reached. */
    unavailable(error: unknown) {
      refused++;
      if (since !== undefined) return;
      since = Date.now();
      log(`Database unavailable (${reason(error)}): requests are answered 503 until it is back; the end is logged once.`);
      setTimeout(() => void probe(), PROBE_MS).unref();
    },
  };
}
