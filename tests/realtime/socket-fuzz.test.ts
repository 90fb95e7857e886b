import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO } from '../helpers/client.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { loginCookie } from '../helpers/live.ts';
import { startServerProcess } from '../helpers/server-process.ts';

// The socket door as an attacker sees it: the real program as its own process, every handshake
// header and every event payload made up. Whatever a client sends, the process stays up and answers.

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startServerProcess>>;
let cookie: string;
let exits = 0;
let lastWords = '';

beforeAll(async () => {
  database = await createTestDatabase('demo');
  // Demo mode: the demo accounts' public password opens them only there; seeding finds the data and skips.
  server = await startServerProcess(database.url, { SEED_DEMO: 'always' });
  server.child.once('exit', () => exits++);
  // What the process said before an exit is the test's best clue.
  server.child.stderr!.on('data', (chunk: Buffer) => (lastWords = (lastWords + chunk.toString()).slice(-4_000)));
  cookie = await loginCookie(server.url, DEMO.crisis);
}, 120_000);
afterAll(async () => {
  await server?.kill();
  await database?.drop();
});

/** The process is alive and its API answers: checked after every case. */
async function stillServing() {
  expect(exits, lastWords).toBe(0);
  const response = await fetch(`${server.url}/api/v1/health`);
  expect(response.status).toBe(200);
}

interface Handshake {
  headers: Record<string, string>;
  query: Record<string, string>;
  transport: 'websocket' | 'polling';
}

/** Tries one handshake; resolves with 'connected' or the reason it was refused (in the fuzz, the outcome is not the point). */
function tryHandshake({ headers, query, transport }: Handshake): Promise<string> {
  return new Promise((resolve) => {
    let socket: Socket | undefined;
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket?.disconnect();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('no answer'), 10_000);
    try {
      socket = io(server.url, { transports: [transport], extraHeaders: headers, query, reconnection: false, timeout: 9_000 });
      socket.once('connect', () => done('connected'));
      socket.once('connect_error', (error) => done(error.message));
    } catch (error) {
      // Headers Node itself will not send (control characters): the client refuses before the server sees it.
      done(String(error));
    }
  });
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 });
const origins = fc.oneof(
  fc.constantFrom(
    'null',
    '',
    ' ',
    'http://',
    'https://evil.example',
    'file://',
    'data:text/html,x',
    'http://127.0.0.1',
    'https://127.0.0.1',
    'http://localhost',
    'http://[::1]',
    'http://127.0.0.1:1',
    'ws://127.0.0.1',
    'http://127.0.0.1@evil.example',
    '%',
    '\\\\',
    'null, null',
  ),
  fc.webUrl().map((url) => new URL(url).origin),
  printable,
);
const cookies = fc.oneof(
  fc.constant(''),
  printable,
  printable.map((value) => `noodbed_session=${value}`),
  fc.constantFrom('noodbed_session=%', 'noodbed_session=%E0%A4%A', 'noodbed_session', '=;=;=', 'noodbed_session=a; noodbed_session=b', ';;;;'),
  fc.integer({ min: 4_000, max: 40_000 }).map((n) => `noodbed_session=${'a'.repeat(n)}`),
);
const hosts = fc.oneof(fc.constantFrom('', 'evil.example', '127.0.0.1:1', '[::1', ':::', 'a'.repeat(300), 'localhost:99999', 'null'), printable);
const queries = fc.dictionary(fc.oneof(printable, fc.constantFrom('EIO', 'transport', 'sid', 'lastSeq', '__proto__')), printable, { maxKeys: 4 });

const handshakes: fc.Arbitrary<Handshake> = fc.record({
  headers: fc.record({ Origin: origins, Cookie: cookies, Host: hosts }, { requiredKeys: [] }),
  query: queries,
  transport: fc.constantFrom('websocket' as const, 'polling' as const),
});

describe('the socket handshake', () => {
  it('refuses Origin: null cleanly, with and without a login', async () => {
    for (const headers of [{ Origin: 'null' }, { Origin: 'null', Cookie: cookie }] as Array<Record<string, string>>) {
      for (const transport of ['websocket', 'polling'] as const) {
        expect(await tryHandshake({ headers, query: {}, transport })).toBe('origin not allowed');
        await stillServing();
      }
    }
  });

  it("compares the whole origin: another scheme or port is refused, the server's own accepted", async () => {
    const own = new URL(server.url);
    for (const origin of [`https://${own.host}`, `http://${own.hostname}:1`, `ws://${own.host}`, `http://${own.host}.evil.example`]) {
      expect(await tryHandshake({ headers: { Origin: origin, Cookie: cookie }, query: {}, transport: 'websocket' })).toBe('origin not allowed');
    }
    expect(await tryHandshake({ headers: { Origin: own.origin, Cookie: cookie }, query: {}, transport: 'websocket' })).toBe('connected');
    await stillServing();
  });

  it('survives any Origin, Cookie, Host and query', async () => {
    await fc.assert(
      fc.asyncProperty(handshakes, async (handshake) => {
        await tryHandshake(handshake);
        await stillServing();
      }),
      { numRuns: 120, examples: [[{ headers: { Origin: 'null' }, query: {}, transport: 'websocket' }]] },
    );
  }, 240_000);
});

/** A logged-in socket that stays open across cases (a new one when the server closed the last). */
let open: Socket | undefined;
async function loggedInSocket(): Promise<Socket> {
  if (open?.connected) return open;
  open?.disconnect();
  const socket = io(server.url, { transports: ['websocket'], extraHeaders: { Cookie: cookie }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`${error.message}; the server said: ${lastWords}`)));
  });
  return (open = socket);
}

describe('socket events', () => {
  // Names the client library refuses to send (connect, disconnect, …) go out as raw packets below.
  const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
  const events = fc.oneof(
    fc.constant('sync:resume'),
    fc.constantFrom('place:changed', 'figures:changed', '__proto__'),
    printable.filter((name) => !reserved.has(name)),
  );
  const payloads = fc.array(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('9'.repeat(19), '9223372036854775808', '-1', '0', '', '1e3', ' 1')), {
    maxLength: 4,
  });

  it('answers every sync:resume with the one acknowledgement shape and stays up, whatever the payload', async () => {
    await fc.assert(
      fc.asyncProperty(events, payloads, fc.boolean(), async (event, args, withAck) => {
        const socket = await loggedInSocket();
        if (!withAck) {
          socket.emit(event, ...args);
        } else if (event !== 'sync:resume') {
          // No handler answers other events: an acknowledgement is asked for but never comes.
          socket.emit(event, ...args, () => {});
        } else {
          const answer = await socket
            .timeout(3_000)
            .emitWithAck(event, ...args)
            .catch(() => 'no answer');
          expect(answer).toMatchObject({ ok: expect.any(Boolean) });
          if (answer.ok === false) expect(answer.error).toEqual(expect.any(String));
        }
        await stillServing();
      }),
      {
        numRuns: 150,
        examples: [
          ['sync:resume', ['9'.repeat(19)], true],
          ['sync:resume', [{ toString: 1 }], true],
        ],
      },
    );
    open?.disconnect();
  }, 240_000);
});

/** One engine.io session over HTTP long-polling, logged in, to send packets no client library would. */
async function pollingSession(): Promise<(body: string) => Promise<number>> {
  const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base, { headers: { Cookie: cookie } })).text();
  const { sid } = JSON.parse(open.slice(1)) as { sid: string };
  const send = async (body: string) =>
    (await fetch(`${base}&sid=${sid}`, { method: 'POST', body, headers: { Cookie: cookie, 'Content-Type': 'text/plain' } })).status;
  await send('40');
  return send;
}

describe('raw socket.io packets', () => {
  const packets = fc.oneof(
    fc.constantFrom(
      '42',
      '42[',
      '42["connect"]',
      '42["disconnect"]',
      '42["sync:resume"]',
      '421["sync:resume",{}]',
      '42["sync:resume",null',
      '40',
      '41',
      '4',
      '44{}',
      '45-["x"]',
      '451-["sync:resume",{"_placeholder":true,"num":0}]',
      '3',
      '6',
      '1',
    ),
    printable.map((text) => `42${text}`),
    printable,
    fc.jsonValue({ maxDepth: 3 }).map((value) => `42${JSON.stringify(['sync:resume', value])}`),
    fc.jsonValue({ maxDepth: 3 }).map((value) => `427${JSON.stringify(['sync:resume', value])}`),
  );

  it('a session sent malformed or reserved packets is at most closed; the server stays up', async () => {
    await fc.assert(
      fc.asyncProperty(packets, async (packet) => {
        const send = await pollingSession();
        await send(packet).catch(() => 0);
        await stillServing();
      }),
      { numRuns: 80 },
    );
  }, 240_000);
});
