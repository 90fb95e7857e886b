import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

import { freePort } from '../../db/embedded.ts';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { PlaceChange } from '../../server/realtime/contract.ts';
import { benchDatabase, startBenchServer } from './database.ts';
import { login } from './login.ts';
import { startProcess } from './process.ts';
import { ms, summary, table } from './stats.ts';

// Fanout: status changes made through the HTTP API reach 1,000 socket.io clients. Measured from the
// HTTP response to receipt at each client, beside a bare socket.io broadcast of the same payload to
// the same clients (the floor: what socket.io alone costs on this machine).

export interface FanoutOptions {
  clients: number;
  changes: number;
  perSecond: number;
}

/** Connects `count` clients and records, per change key, when each client received it. */
async function connectClients(url: string, count: number, cookie?: string) {
  const arrivals = new Map<string, number[]>();
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () => {
      const socket = io(url, { transports: ['websocket'], extraHeaders: cookie ? { Cookie: cookie } : {}, reconnection: false });
      socket.on('place:changed', (change: PlaceChange) => {
        const key = `${change.placeId}:${change.version}`;
        const list = arrivals.get(key) ?? [];
        list.push(performance.now());
        arrivals.set(key, list);
      });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  return { arrivals, close: () => sockets.forEach((s) => s.disconnect()) };
}

/** Sends `changes` at a steady rate; `send` returns the change key once its HTTP response is in. */
async function steady(options: FanoutOptions, send: (i: number) => Promise<string>) {
  const responded = new Map<string, number>();
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < options.changes; i++) {
    const due = started + (i * 1000) / options.perSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    inFlight.push(send(i).then((key) => void responded.set(key, performance.now())));
  }
  await Promise.all(inFlight);
  return responded;
}

async function settle(arrivals: Map<string, number[]>, expected: number) {
  const deadline = performance.now() + 10_000;
  const count = () => [...arrivals.values()].reduce((n, list) => n + list.length, 0);
  while (count() < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return count();
}

function latencies(responded: Map<string, number>, arrivals: Map<string, number[]>) {
  const values: number[] = [];
  for (const [key, at] of responded) for (const arrival of arrivals.get(key) ?? []) values.push(arrival - at);
  return values;
}

export async function fanout(options: FanoutOptions) {
  console.log(`\n## fanout: ${options.clients} clients, ${options.changes} status changes at ${options.perSecond}/s\n`);
  const database = await benchDatabase();
  const { db } = database;
  await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });

  const barePort = await freePort();
  // All clients share one login (logging in 1,000 times would measure argon2), so the per-session cap is lifted.
  const server = await startBenchServer(database.url, { LIVE_MAX_SOCKETS_PER_SESSION: String(options.clients) });
  const bare = await startProcess('tests/bench/bare-server.ts', { PORT: String(barePort) }, (l) => l.startsWith('listening'));
  const { baseUrl } = server;
  try {
    const [watcherCookie, adminCookie] = [await login(baseUrl, 'crisis@demo.noodbed.nl'), await login(baseUrl, 'admin@demo.noodbed.nl')];
    const places = await db.selectFrom('places').select(['id', 'version', 'status']).where('status', 'in', ['available', 'occupied']).limit(50).execute();
    const template = {
      seq: '0',
      type: 'status_changed',
      regionCode: 'VR09',
      kind: 'family_unit',
      occurredAt: new Date().toISOString(),
      locationId: places[0]!.id,
      organisationId: places[0]!.id,
      status: 'available',
      unavailableReason: null,
    };

    // The product: PATCH → transaction → NOTIFY → node reads the event table → socket.io.
    const product = await connectClients(baseUrl, options.clients, watcherCookie);
    const previous = new Map<string, Promise<unknown>>();
    const productResponded = await steady(options, async (i) => {
      const place = places[i % places.length]!;
      await previous.get(place.id);
      const request = fetch(`${baseUrl}/api/v1/places/${place.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', Cookie: adminCookie },
        body: JSON.stringify({ version: place.version, status: place.status === 'available' ? 'occupied' : 'available' }),
      }).then((r) => r.json());
      previous.set(place.id, request);
      const body = await request;
      Object.assign(place, { version: body.version, status: body.status });
      return `${place.id}:${body.version}`;
    });
    const productDelivered = await settle(product.arrivals, options.changes * options.clients);
    product.close();

    // The floor: the same payload broadcast by a bare socket.io server to the same number of clients.
    const floor = await connectClients(`http://127.0.0.1:${barePort}`, options.clients);
    const floorResponded = await steady(options, async (i) => {
      const change = { ...template, placeId: `bare-${i}`, version: 1 };
      await fetch(`http://127.0.0.1:${barePort}/emit`, { method: 'POST', body: JSON.stringify(change) });
      return `bare-${i}:1`;
    });
    const floorDelivered = await settle(floor.arrivals, options.changes * options.clients);
    floor.close();

    const a = summary(latencies(productResponded, product.arrivals));
    const b = summary(latencies(floorResponded, floor.arrivals));
    const expected = options.changes * options.clients;
    table(
      ['', 'delivered/expected', 'p50', 'p95', 'p99', 'max'],
      [
        ['noodbed (HTTP → Postgres → socket.io)', `${productDelivered}/${expected}`, ms(a.p50), ms(a.p95), ms(a.p99), ms(a.max)],
        ['bare socket.io broadcast (floor)', `${floorDelivered}/${expected}`, ms(b.p50), ms(b.p95), ms(b.p99), ms(b.max)],
      ],
    );
    console.log(`\np99 is ${(a.p99 / b.p99).toFixed(2)}× the floor; lost: ${expected - productDelivered}`);
    console.log('Latency: from the HTTP response at the sender to receipt at each client (negative: the event beat the response).');
  } finally {
    server.kill();
    bare.kill('SIGTERM');
    await database.stop();
  }
}
