// What the process does with an error that no code caught: an unhandled promise rejection or an
// uncaught exception. It logs the error and exits cleanly with status 1, for a supervisor to start it
// again; it does not keep serving. Why (the README says the same):
// - Node documents the process as being in an undefined state after an uncaught exception, and an
//   unhandled rejection is the same bug one tick later: a pg client may still be checked out, a
//   LISTEN connection half set up, a transaction left open. A registry whose figures crisis workers
//   act on had better restart than serve answers it can no longer vouch for.
// - A restart loses nothing: every change is committed with its event in PostgreSQL, sessions live
//   there too, and dashboards replay what they missed from their last sequence number. With several
//   nodes behind a load balancer the others keep serving meanwhile.
// - No client input may get here at all: every door validates what it is sent, and the fuzz tests
//   prove it. This is the last line, not the way errors are handled.

export type Fatal = 'unhandledRejection' | 'uncaughtException';

export interface ProcessPolicy {
  /** The clean shutdown to run before exiting (close sockets, the pool, the embedded PostgreSQL). */
  onFatal(shutdown: () => Promise<void>): void;
}

/** How long a shutdown may take before the process exits without it. */
const GRACE_MS = 10_000;

export function installProcessPolicy(log: (message: string) => void = console.error): ProcessPolicy {
  let shutdown: (() => Promise<void>) | undefined;
  let failing = false;

  const fail = (kind: Fatal, error: unknown) => {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`Fatal: ${kind}: ${stack}`);
    if (failing) return; // A second error while stopping: the first one is already ending the process.
    failing = true;
    log('Stopping, so a supervisor can start the server again (exit status 1).');
    setTimeout(() => process.exit(1), GRACE_MS).unref();
    void (shutdown?.() ?? Promise.resolve()).catch((shutdownError: unknown) => log(`Shutdown failed: ${String(shutdownError)}`)).finally(() => process.exit(1));
  };

  process.on('unhandledRejection', (reason) => fail('unhandledRejection', reason));
  process.on('uncaughtException', (error) => fail('uncaughtException', error));
  return {
    onFatal(fn) {
      shutdown = fn;
    },
  };
}
