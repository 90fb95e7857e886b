import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { benchDatabase, startBenchServer } from './database.ts';
import { httpGet } from './http-get.ts';
import { login } from './login.ts';
import { growTo, HOUSEHOLDS, plainQuery } from './search.ts';
import { table } from './stats.ts';

// Where a small API read spends the server's CPU: the server's own user and system CPU per request
// (from /proc, so other processes' load changes it less than wall time), for the health check (HTTP
// and one query), reading a placement request (session, the request) and its matches at 10,000
// places; beside it the PostgreSQL processes' CPU per request, and both for the search bench's
// plain SQL baseline: where a search's work is done, Node or PostgreSQL. BENCH_CPU_PROFILE=dir also
// writes the server's V8 CPU profile there (on exit).

/** User and system CPU of a process so far, in ms (clock ticks of 10 ms). */
function cpuOf(pid: number): [number, number] {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];
}

/**
 * User + system CPU so far of the PostgreSQL processes of `dataDir`, in ms: the postmaster's children
 * running now (backends, workers) and those that ended (counted in the postmaster's cutime, cstime).
 */
function postgresCpu(dataDir: string): number {
  const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!;
  const own = readFileSync(`/proc/${postmaster}/stat`, 'utf8').split(') ')[1]!.split(' ');
  let total = (Number(own[13]) + Number(own[14])) * 10;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (fields[1] === postmaster) total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

export async function requestCpu(options: { places: number; requests: number; concurrent: number }) {
  console.log(`\n## request-cpu: ${options.places} places, ${options.requests} requests of each kind, ${options.concurrent} at once\n`);
  const database = await benchDatabase();
  await seedDemo(database.db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  await growTo(database.db, options.places);
  const profile = process.env.BENCH_CPU_PROFILE;
  const server = await startBenchServer(database.url, {}, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  try {
    const cookie = await login(server.baseUrl, 'crisis@demo.noodbed.nl');
    // The search bench's households, searched in turn.
    const ids: string[] = [];
    for (const household of HOUSEHOLDS) {
      const created = await fetch(`${server.baseUrl}/api/v1/placement-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: server.baseUrl },
        body: JSON.stringify(household),
      });
      ids.push(((await created.json()) as { id: string }).id);
    }
    const get = (name: string, path: (i: number) => string) => async (i: number) => {
      const { status } = await httpGet(server.baseUrl + path(i), cookie);
      if (status !== 200) throw new Error(`${name}: ${status}`);
    };
    const kinds: Array<[string, (i: number) => Promise<unknown>]> = [
      ['GET /health', get('health', () => '/api/v1/health')],
      ['GET /placement-requests/{id}', get('request', (i) => `/api/v1/placement-requests/${ids[i % ids.length]}`)],
      [
        'GET …/matches?pageSize=20&nearMisses=false',
        get('matches', (i) => `/api/v1/placement-requests/${ids[i % ids.length]}/matches?pageSize=20&nearMisses=false`),
      ],
      // The search bench's baseline, from this process: its Node CPU is the pg client's.
      ['plain indexed SQL query (the search baseline)', (i) => plainQuery(database.db, HOUSEHOLDS[i % HOUSEHOLDS.length]!)],
    ];
    const rows = [];
    for (const [name, request] of kinds) {
      const each = async (n: number) => {
        for (let i = 0; i < n; i++) await request(i);
      };
      await each(50); // warm-up: compiled code, prepared statements, a full pool
      // The server's process, or this one for the plain query.
      const node = name.startsWith('plain') ? process.pid : server.pid;
      const [user0, system0] = cpuOf(node);
      const postgres0 = postgresCpu(database.dataDir);
      await Promise.all(Array.from({ length: options.concurrent }, () => each(options.requests / options.concurrent)));
      const [user1, system1] = cpuOf(node);
      const postgres = postgresCpu(database.dataDir) - postgres0;
      rows.push([
        name,
        ((user1 - user0) / options.requests).toFixed(2),
        ((system1 - system0) / options.requests).toFixed(2),
        (postgres / options.requests).toFixed(2),
      ]);
    }
    table(['', 'Node user CPU ms/request', 'Node system ms/request', 'PostgreSQL CPU ms/request'], rows);
    console.log('\nNode: the server process (for the plain query: this process, its pg client). PostgreSQL: all its processes.');
  } finally {
    server.kill();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the profile is written on exit
    await database.stop();
  }
}
