import { readFileSync } from 'node:fs';

import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { benchDatabase, startBenchServer } from './database.ts';
import { httpGet } from './http-get.ts';
import { login } from './login.ts';
import { growTo } from './search.ts';
import { table } from './stats.ts';

// Where a small API read spends the server's CPU: the server's own user and system CPU per request
// (from /proc, so other processes' load changes it less than wall time), for the health check (HTTP
// and one query), reading a placement request (session, the request) and its matches at 10,000
// places. BENCH_CPU_PROFILE=dir also writes the server's V8 CPU profile there (on exit).

/** User and system CPU of a process so far, in ms (clock ticks of 10 ms). */
function cpuOf(pid: number): [number, number] {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];
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
    const created = await fetch(`${server.baseUrl}/api/v1/placement-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: server.baseUrl },
      body: JSON.stringify({ originMunicipality: 'GM0363', household: { adults: [{ gender: 'female' }], children: [] } }),
    });
    const { id } = (await created.json()) as { id: string };
    const kinds = [
      ['GET /health', '/api/v1/health'],
      ['GET /placement-requests/{id}', `/api/v1/placement-requests/${id}`],
      ['GET …/matches?pageSize=20&nearMisses=false', `/api/v1/placement-requests/${id}/matches?pageSize=20&nearMisses=false`],
    ] as const;
    const rows = [];
    for (const [name, path] of kinds) {
      const each = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const { status } = await httpGet(server.baseUrl + path, cookie);
          if (status !== 200) throw new Error(`${name}: ${status}`);
        }
      };
      await each(50); // warm-up: compiled code, prepared statements, a full pool
      const [user0, system0] = cpuOf(server.pid);
      await Promise.all(Array.from({ length: options.concurrent }, () => each(options.requests / options.concurrent)));
      const [user1, system1] = cpuOf(server.pid);
      rows.push([name, ((user1 - user0) / options.requests).toFixed(2), ((system1 - system0) / options.requests).toFixed(2)]);
    }
    table(['', 'server user CPU ms/request', 'system ms/request'], rows);
  } finally {
    server.kill();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the profile is written on exit
    await database.stop();
  }
}
