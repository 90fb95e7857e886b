import type { Socket } from 'socket.io';
import type { z } from 'zod';

import type { Ack } from './contract.ts';

/**
 * Registers a client event the way the HTTP edge takes a request: the arguments are validated
 * (zod, by position, each named) before the handler sees them, and every call with an
 * acknowledgement gets exactly one answer in the one Ack shape, also on bad input or a failure.
 * A call without an acknowledgement has nobody to answer and is ignored.
 */
export function onEvent<Args extends readonly unknown[], Result>(
  socket: Socket,
  event: string,
  args: { names: readonly string[]; schema: z.ZodType<Args> },
  handler: (args: Args) => Promise<Ack<Result>>,
): void {
  socket.on(event, (...received: unknown[]) => {
    const ack = received.at(-1);
    if (typeof ack !== 'function') return;
    const answer = (result: Ack<Result>) => void ack(result);
    // A listener that throws would throw inside socket.io's packet handling, out of reach of any
    // caller: one malformed packet would end the process. So nothing escapes, not even a bug here.
    Promise.resolve(received.slice(0, -1))
      .then((input) => {
        const parsed = args.schema.safeParse(input);
        if (parsed.success) return handler(parsed.data);
        const problems = parsed.error.issues.map((issue) => `${args.names[Number(issue.path[0])] ?? 'arguments'}: ${issue.message}`);
        return { ok: false as const, error: `invalid input: ${problems.join('; ')}` };
      })
      .then(answer, () => answer({ ok: false, error: 'service unavailable' }));
  });
}
