import pg from 'pg';

/**
 * A LISTEN connection that survives PostgreSQL restarts: it reconnects with backoff and calls
 * `onReady` after every (re)connect, so the caller can catch up on what it missed meanwhile.
 */
export function listen(connectionString: string, channel: string, onNotify: () => void, onReady: () => void) {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = 250;

  async function connect() {
    if (closed) return;
    const next = new pg.Client({ connectionString });
    next.on('notification', onNotify);
    next.on('error', () => reconnect(next));
    next.on('end', () => reconnect(next));
    // Every failure below ends in a retry: connect() is called without await, so it must not reject.
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      client = next;
      delay = 250;
      onReady();
    } catch {
      reconnect(next);
    }
  }

  function reconnect(failed: pg.Client) {
    if (closed || retry) return;
    if (client === failed) client = null;
    failed.end().catch(() => {});
    retry = setTimeout(() => {
      retry = undefined;
      connect();
    }, delay);
    delay = Math.min(delay * 2, 5_000);
  }

  connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
