import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { io, type Socket } from 'socket.io-client';

import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { benchDatabase, startBenchServer } from './database.ts';
import { login } from './login.ts';
import { ms, summary, table } from './stats.ts';

// Soak: mixed traffic for many minutes against the real server process, watching what grows. Each
// minute prints latency per kind of request, 5xx answers, the server's resident memory and the
// PostgreSQL connections; at the end the RSS slope after warm-up, first half against second half:
// memory that rises in the first half and levels off is warm-up (JIT, caches, pools filling), memory
// that keeps rising in the second half as fast is a leak.

export interface SoakOptions {
  minutes: number;
  sockets: number;
  /** Concurrent clients making requests back to back, each with a think time. */
  workers: number;
  thinkMs: number;
}

type Kind = 'status' | 'search' | 'hold' | 'statistics';
const KINDS: Kind[] = ['status', 'search', 'hold', 'statistics'];
// Roughly a busy day: shelters change statuses most, crisis workers search, a few holds, analysts rarely.
const WEIGHTS: Array<[Kind, number]> = [
  ['status', 0.45],
  ['search', 0.35],
  ['hold', 0.1],
  ['statistics', 0.1],
];
const WARM_UP_MINUTES = 2;
/** RSS is read this often: one reading a minute is mostly the garbage collector's phase. */
const RSS_EVERY_MS = 5_000;
/** Below this second-half slope, memory counts as level whatever the first half did. */
const LEVEL_MB_PER_MINUTE = 0.3;

interface Minute {
  latencies: Record<Kind, number[]>;
  errors: number;
  failures: number;
}

const newMinute = (): Minute => ({ latencies: { status: [], search: [], hold: [], statistics: [] }, errors: 0, failures: 0 });

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

/** Warm-up or leak, from the RSS readings (minute, MB) after the warm-up minutes. */
export function verdict(rss: Array<[number, number]>): { first: number; second: number; says: string } {
  const after = rss.filter(([minute]) => minute > WARM_UP_MINUTES);
  const middle = (after[0]?.[0] ?? 0) + ((after.at(-1)?.[0] ?? 0) - (after[0]?.[0] ?? 0)) / 2;
  const first = slope(after.filter(([minute]) => minute <= middle));
  const second = slope(after.filter(([minute]) => minute >= middle));
  if (Number.isNaN(second) || after.length < 12) return { first, second, says: 'too short to tell (run at least 4 minutes)' };
  const says =
    second <= LEVEL_MB_PER_MINUTE
      ? 'levels off: warm-up, no leak'
      : second >= 0.5 * first
        ? 'still rising in the second half as fast as in the first: a leak'
        : 'rising, but slowing: probably warm-up; run longer';
  return { first, second, says };
}

export async function soak(options: SoakOptions) {
  console.log(`\n## soak: ${options.minutes} min of mixed traffic (${options.workers} clients, ${options.sockets} sockets)\n`);
  const database = await benchDatabase();
  const { db } = database;
  await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  // One login per role; the holds limit is lifted, as one worker here does the holds of many.
  // Demo mode: outside it the demo password opens no account.
  const server = await startBenchServer(database.url, {
    SEED_DEMO: 'always',
    LIVE_MAX_SOCKETS_PER_SESSION: String(options.sockets),
    HOLDS_PER_HOUR: '10000',
    HOLD_RELEASES_FLAGGED: '1000',
  });
  const { baseUrl } = server;
  const sockets: Socket[] = [];
  try {
    const [admin, crisis, analyst] = [
      await login(baseUrl, 'admin@demo.noodbed.nl'),
      await login(baseUrl, 'crisis@demo.noodbed.nl'),
      await login(baseUrl, 'analist@demo.noodbed.nl'),
    ];
    const call = async (cookie: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { Cookie: cookie, Origin: baseUrl, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    };

    let received = 0;
    for (let i = 0; i < options.sockets; i++) {
      const socket = io(baseUrl, { transports: ['websocket'], extraHeaders: { Cookie: crisis, Origin: baseUrl } });
      socket.on('place:changed', () => void received++);
      sockets.push(socket);
    }
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())))));

    const places = await db.selectFrom('places').select(['id', 'version', 'status']).where('status', 'in', ['available', 'occupied']).execute();
    // One open request per worker (a request has one active hold at a time).
    const requests: string[] = [];
    for (let i = 0; i < options.workers; i++) {
      const created = await call(crisis, 'POST', '/placement-requests', {
        originMunicipality: 'GM0344',
        household: { adults: [{ gender: 'female' }], children: [] },
      });
      requests.push(created.body.id);
    }

    const operations: Record<Kind, (worker: number) => Promise<number>> = {
      status: async () => {
        const place = places[Math.floor(Math.random() * places.length)]!;
        const next = place.status === 'available' ? 'occupied' : 'available';
        const answer = await call(admin, 'PATCH', `/places/${place.id}`, { version: place.version, status: next });
        // A conflict (another worker, a hold) is normal traffic: take the current version.
        const current = answer.status === 409 ? answer.body.current : answer.body;
        if (current?.version) Object.assign(place, { version: current.version, status: current.status === 'held' ? 'available' : current.status });
        return answer.status === 409 ? 200 : answer.status;
      },
      search: async (worker) => (await call(crisis, 'GET', `/placement-requests/${requests[worker]}/matches?nearMisses=false`)).status,
      hold: async (worker) => {
        const matches = await call(crisis, 'GET', `/placement-requests/${requests[worker]}/matches?nearMisses=false`);
        const place = matches.body?.matches?.[0];
        if (!place) return matches.status;
        const hold = await call(crisis, 'POST', '/holds', { requestId: requests[worker], placeId: place.id });
        if (hold.status !== 201) return hold.status === 409 ? 200 : hold.status;
        return (await call(crisis, 'PATCH', `/holds/${hold.body.id}`, { action: 'release' })).status;
      },
      statistics: async () => (await call(analyst, 'GET', '/statistics/occupancy?interval=week')).status,
    };

    const started = performance.now();
    const end = started + options.minutes * 60_000;
    const minutes: Minute[] = [];
    const at = () => Math.floor((performance.now() - started) / 60_000);
    const pick = (): Kind => {
      let r = Math.random();
      for (const [kind, weight] of WEIGHTS) if ((r -= weight) < 0) return kind;
      return 'status';
    };
    const worker = async (index: number) => {
      while (performance.now() < end) {
        const kind = pick();
        const minute = (minutes[at()] ??= newMinute());
        const t0 = performance.now();
        try {
          const status = await operations[kind](index);
          minute.latencies[kind].push(performance.now() - t0);
          if (status >= 500) minute.errors++;
          else if (status >= 400) minute.failures++;
        } catch {
          minute.errors++;
        }
        await new Promise((r) => setTimeout(r, options.thinkMs));
      }
    };

    const rows: Array<Array<string | number>> = [];
    const rss: Array<[number, number]> = [];
    const readings = setInterval(() => {
      void rssMb(server.pid).then(
        (mb) => rss.push([(performance.now() - started) / 60_000, mb]),
        () => {},
      );
    }, RSS_EVERY_MS);
    const sampler = (async () => {
      for (let minute = 1; minute <= options.minutes; minute++) {
        await new Promise((r) => setTimeout(r, Math.max(0, started + minute * 60_000 - performance.now())));
        const inMinute = rss.filter(([at]) => at > minute - 1 && at <= minute).map(([, mb]) => mb);
        const memory = inMinute.reduce((sum, mb) => sum + mb, 0) / Math.max(1, inMinute.length);
        const {
          rows: [connections],
        } = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(db);
        const m = minutes[minute - 1] ?? newMinute();
        const all = summary(KINDS.flatMap((k) => m.latencies[k]));
        rows.push([
          minute,
          all.n,
          ...KINDS.map((k) => ms(summary(m.latencies[k]).p95)),
          ms(all.p99),
          m.errors,
          m.failures,
          `${memory.toFixed(1)} MB`,
          connections!.n,
        ]);
        console.log(`minute ${minute}: ${all.n} requests, p99 ${ms(all.p99)}, 5xx ${m.errors}, RSS ${memory.toFixed(1)} MB, PG connections ${connections!.n}`);
      }
    })();
    await Promise.all([...Array.from({ length: options.workers }, (_, i) => worker(i)), sampler]);
    clearInterval(readings);

    console.log('');
    table(['min', 'requests', 'p95 status', 'p95 search', 'p95 hold', 'p95 statistics', 'p99 all', '5xx', '4xx', 'server RSS (mean)', 'PG conns'], rows);
    const v = verdict(rss);
    console.log(
      `\nRSS slope after ${WARM_UP_MINUTES} min of warm-up: first half ${v.first.toFixed(2)} MB/min, second half ${v.second.toFixed(2)} MB/min: ${v.says}.`,
    );
    console.log(
      `Live: ${received.toLocaleString('en')} place changes received by ${options.sockets} sockets; 5xx in total: ${minutes.reduce((n, m) => n + (m?.errors ?? 0), 0)}.`,
    );
    console.log("PG conns: this database's connections besides the bench's own query (the server's pool and its listener, the bench's pool).");
  } finally {
    for (const socket of sockets) socket.disconnect();
    server.kill();
    await database.stop();
  }
}
