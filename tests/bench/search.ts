import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed/demo.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { benchDatabase, startBenchServer } from './database.ts';
import { httpGet } from './http-get.ts';
import { login } from './login.ts';
import { ms, summary, table } from './stats.ts';

// Search: crisis workers asking for the places that fit a household, on a national registry of
// 10,000 (and 100,000) places. Measured at the client for GET /placement-requests/{id}/matches
// (HTTP, session, fit rules and ranking by distance in PostgreSQL, JSON; without the near misses,
// which the crisis page asks for once per request, not per search),
// beside a plain indexed SQL query that returns the same best page and total over the same data,
// through a pool of the same size: what the database alone costs to answer the question. And the
// floor under any search through the API: reading the request alone (HTTP, session, one lookup).

export interface SearchOptions {
  places: number;
  searchers: number;
  searchesEach: number;
}

const FRESHNESS_HOURS = 24;
/** Searches per searcher before measuring, on each side alike. */
const WARM_UP_SEARCHES = 5;
/** The first page of matches, as the crisis page asks for it. */
const PAGE_SIZE = 20;

/** The households the searchers look for: from a single woman to a large family with a teenage son. */
export const HOUSEHOLDS = [
  { originMunicipality: 'GM0363', household: { adults: [{ gender: 'female' }], children: [] } },
  {
    originMunicipality: 'GM0363',
    household: {
      adults: [{ gender: 'female' }],
      children: [
        { age: 14, sex: 'male' },
        { age: 6, sex: 'female' },
      ],
    },
    needs: { pet: true },
    avoidRegions: ['VR13'],
  },
  { originMunicipality: 'GM0344', household: { adults: [{ gender: 'female' }], children: [{ age: 3, sex: 'female' }] }, preferRegions: ['VR09', 'VR08'] },
  {
    originMunicipality: 'GM0599',
    household: {
      adults: [{ gender: 'female' }, { gender: 'male' }],
      children: [
        { age: 9, sex: 'male' },
        { age: 11, sex: 'female' },
        { age: 1, sex: 'male' },
      ],
    },
  },
  {
    originMunicipality: 'GM0796',
    household: { adults: [{ gender: 'female' }], children: [{ age: 16, sex: 'male' }] },
    needs: { accessibility: 'wheelchair' },
    farAway: true,
  },
] as const;

/** Grows the demo registry to `total` places: copies of the demo places, each with its registered event. */
export async function growTo(db: Db, total: number) {
  const { count } = await db
    .selectFrom('places')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  const copies = Math.ceil(total / Number(count)) - 1;
  await sql`
    WITH copied AS (
      INSERT INTO places (location_id, label, kind, beds, max_adults, max_children, max_boy_age, accessibility, pets_allowed, status, unavailable_reason, confirmed_at)
      SELECT location_id, label || ' (' || copy || ')', kind, beds, max_adults, max_children, max_boy_age, accessibility, pets_allowed, status, unavailable_reason,
             confirmed_at - copy * interval '7 minutes'
      FROM places CROSS JOIN generate_series(1, ${copies}) AS copy
      ORDER BY random() LIMIT ${total - Number(count)}
      RETURNING id, status, unavailable_reason
    )
    INSERT INTO place_events (place_id, type, status, unavailable_reason, version)
    SELECT id, 'registered', status, unavailable_reason, 1 FROM copied`.execute(db);
  // The copies stand for places registered long ago, not news: the alert job starts after their events,
  // as its migration starts after the events already there. Otherwise the server would spend the whole
  // benchmark raising 'place free' alerts for 10,000 places at once, in the same process as the searches.
  await sql`UPDATE alert_cursor SET last_seq = (SELECT max(seq) FROM place_events)`.execute(db);
  // As autovacuum leaves a table some minutes after a bulk insert: statistics and the visibility map.
  await sql`VACUUM (ANALYZE)`.execute(db);
  // And written out, as a checkpoint would have done by then: otherwise the next timed checkpoint
  // writes back the growth (and the vacuum) while one side or the other is measured.
  await sql`CHECKPOINT`.execute(db);
}

/** The fit rules of the definition and the ranking by distance as one indexed SQL query: the baseline. */
export function plainQuery(db: Db, request: (typeof HOUSEHOLDS)[number]) {
  const adults = request.household.adults.length;
  const children = request.household.children.length;
  const sons = request.household.children.filter((c) => c.sex === 'male').map((c) => c.age);
  const needs: { accessibility?: string; pet?: boolean } = 'needs' in request ? request.needs : {};
  const access = { none: ['none', 'limited_mobility', 'wheelchair'], limited_mobility: ['limited_mobility', 'wheelchair'], wheelchair: ['wheelchair'] }[
    needs.accessibility ?? 'none'
  ]!;
  const genders = new Set(request.household.adults.map((a) => a.gender));
  const serves = genders.size === 1 ? ['all', genders.has('female') ? 'women' : 'men'] : ['all'];
  const avoid: readonly string[] = 'avoidRegions' in request ? request.avoidRegions : [];
  const prefer: readonly string[] = 'preferRegions' in request ? request.preferRegions : [];
  const direction = 'farAway' in request && request.farAway ? sql`DESC` : sql`ASC`;
  const kindRule = sql`((p.kind = 'bed' AND ${adults === 1 && children === 0})
    OR (p.kind = 'family_unit' AND p.max_adults >= ${adults} AND p.max_children >= ${children} AND p.beds >= ${adults + children}
        AND (p.max_boy_age IS NULL OR p.max_boy_age >= ${Math.max(-1, ...sons)})))`;
  return sql`
    WITH o AS (SELECT latitude AS lat, longitude AS lon FROM municipalities WHERE code = ${request.originMunicipality})
    SELECT count(*) OVER () AS total, p.id, p.label, p.kind, p.beds, p.max_adults, p.max_children, p.max_boy_age, p.accessibility, p.pets_allowed,
           p.status, p.version, p.confirmed_at, l.region_code, l.municipality_code,
           2 * 6371.0088 * asin(sqrt(power(sin(radians(m.latitude - o.lat) / 2), 2)
             + cos(radians(o.lat)) * cos(radians(m.latitude)) * power(sin(radians(m.longitude - o.lon) / 2), 2))) AS distance
    FROM places p JOIN locations l ON l.id = p.location_id JOIN municipalities m ON m.code = l.municipality_code CROSS JOIN o
    WHERE p.status = 'available' AND p.confirmed_at >= now() - make_interval(hours => ${FRESHNESS_HOURS})
      AND ${kindRule} AND l.serves = ANY(${serves}) AND p.accessibility = ANY(${access})
      AND (${!needs.pet} OR p.pets_allowed) AND NOT (l.region_code = ANY(${avoid}))
    ORDER BY (l.region_code = ANY(${prefer})) DESC, distance ${direction}, p.confirmed_at DESC, p.id
    LIMIT ${PAGE_SIZE}`.execute(db);
}

/** `searchers` concurrent loops, each doing `searchesEach` searches one after another. */
async function concurrently(options: SearchOptions, search: (searcher: number) => Promise<void>) {
  const durations: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.searchers }, async (_, searcher) => {
      for (let i = 0; i < options.searchesEach; i++) {
        const t0 = performance.now();
        await search(searcher);
        durations.push(performance.now() - t0);
      }
    }),
  );
  const { user, system } = process.cpuUsage(cpu);
  // The benchmark client's own CPU per search (µs → ms): it shares the 2 cores with what it measures.
  const clientMs = (user + system) / 1000 / durations.length;
  return { ...summary(durations), perSecond: durations.length / ((performance.now() - started) / 1000), clientMs };
}

export async function search(options: SearchOptions) {
  console.log(`\n## search: ${options.places} places, ${options.searchers} concurrent searchers × ${options.searchesEach} searches\n`);
  const database = await benchDatabase();
  const { db } = database;
  await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  await growTo(db, options.places);
  // A second node of the product on the same database, for the last row: the same work, over two processes.
  // BENCH_CPU_PROFILE=dir: the first node's V8 CPU profile, written there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const servers = [await startBenchServer(database.url, {}, profile), await startBenchServer(database.url)];
  const { baseUrl } = servers[0]!;
  try {
    const cookie = await login(baseUrl, 'crisis@demo.noodbed.nl');
    const requestIds: string[] = [];
    for (const body of HOUSEHOLDS) {
      const response = await fetch(`${baseUrl}/api/v1/placement-requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: baseUrl },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`placement request: ${response.status} ${await response.text()}`);
      requestIds.push(((await response.json()) as { id: string }).id);
    }

    // Both sides must give the same answer (the same best page, in the same order, and the same
    // total), or the comparison means nothing.
    const matchesUrl = (searcher: number, node = baseUrl) =>
      `${node}/api/v1/placement-requests/${requestIds[searcher % requestIds.length]}/matches?pageSize=${PAGE_SIZE}&nearMisses=false`;
    let jsonBytes = 0;
    let pages = 0;
    const fromApi = async (searcher: number, node = baseUrl) => {
      const { status, text } = await httpGet(matchesUrl(searcher, node), cookie);
      if (status !== 200) throw new Error(`matches: ${status}`);
      jsonBytes += text.length;
      pages++;
      const body = JSON.parse(text) as { page: { totalItems: number }; matches: Array<{ id: string }> };
      return { total: body.page.totalItems, ids: body.matches.map((m) => m.id) };
    };
    const fromSql = async (searcher: number) => {
      const { rows } = await plainQuery(db, HOUSEHOLDS[searcher % HOUSEHOLDS.length]!);
      return { total: Number((rows[0] as { total?: string } | undefined)?.total ?? 0), ids: rows.map((r) => (r as { id: string }).id) };
    };
    for (let i = 0; i < HOUSEHOLDS.length; i++) {
      const [api, plain] = [await fromApi(i), await fromSql(i)];
      if (api.total !== plain.total || api.ids.join() !== plain.ids.join()) {
        throw new Error(`household ${i}: the API finds ${api.total} places, the plain query ${plain.total}, or their best ${PAGE_SIZE} differ`);
      }
    }

    // The same warm-up for each side as it is then measured, not measured: compiled code, full pools,
    // prepared statements, a kept-alive connection per searcher. The first node used to be warmed by
    // half the searchers only (the other half went to the second node); when all 50 then searched it
    // at once, the first search of 21 searchers took 0.3 to 1.1 s (a trace of each search's start and
    // duration), and those 21 were the p99 of 2,000.
    const warmUp = { ...options, searchesEach: WARM_UP_SEARCHES };
    await concurrently(warmUp, async (searcher) => void (await fromApi(searcher)));
    await concurrently(warmUp, async (searcher) => void (await fromApi(searcher, servers[searcher % 2]!.baseUrl)));
    await concurrently(warmUp, async (searcher) => void (await fromSql(searcher)));

    let fitting = 0;
    const product = await concurrently(options, async (searcher) => {
      const { total } = await fromApi(searcher);
      fitting += total;
    });
    const baseline = await concurrently(options, async (searcher) => void (await fromSql(searcher)));
    // The floor under any search through the API: the same HTTP, session and request lookup, no search.
    const floor = await concurrently(options, async (searcher) => {
      const { status } = await httpGet(`${baseUrl}/api/v1/placement-requests/${requestIds[searcher % requestIds.length]}`, cookie);
      if (status !== 200) throw new Error(`request: ${status}`);
    });
    // Searchers spread over two nodes, as behind a load balancer: one Node process runs one request at
    // a time, while the baseline's work runs in the 20 PostgreSQL processes of its pool.
    const twoNodes = await concurrently(options, async (searcher) => void (await fromApi(searcher, servers[searcher % 2]!.baseUrl)));

    table(
      ['', 'searches/s', 'p50', 'p95', 'p99', 'max', 'client CPU'],
      [
        [
          'noodbed GET …/matches?nearMisses=false (HTTP, session, one prepared SQL statement with the request)',
          product.perSecond.toFixed(0),
          ms(product.p50),
          ms(product.p95),
          ms(product.p99),
          ms(product.max),
          ms(product.clientMs),
        ],
        [
          'plain indexed SQL query, same pool size (baseline)',
          baseline.perSecond.toFixed(0),
          ms(baseline.p50),
          ms(baseline.p95),
          ms(baseline.p99),
          ms(baseline.max),
          ms(baseline.clientMs),
        ],
        [
          'noodbed GET /placement-requests/{id} (HTTP, session, request; no search: the floor)',
          floor.perSecond.toFixed(0),
          ms(floor.p50),
          ms(floor.p95),
          ms(floor.p99),
          ms(floor.max),
          ms(floor.clientMs),
        ],
        [
          'noodbed GET …/matches?nearMisses=false on two nodes (two server processes)',
          twoNodes.perSecond.toFixed(0),
          ms(twoNodes.p50),
          ms(twoNodes.p95),
          ms(twoNodes.p99),
          ms(twoNodes.max),
          ms(twoNodes.clientMs),
        ],
      ],
    );
    console.log(`\nMeasured after a warm-up of ${options.searchers} × ${WARM_UP_SEARCHES} searches on each side (both nodes and the plain query).`);
    console.log(
      `On average ${(fitting / product.n).toFixed(0)} places fit a household; both return the best ${PAGE_SIZE} and the total (${(jsonBytes / pages / 1024).toFixed(1)} KB of JSON a page).`,
    );
    console.log(
      `Throughput is ${(product.perSecond / baseline.perSecond).toFixed(2)}× and p99 ${(product.p99 / baseline.p99).toFixed(2)}× the baseline (two nodes: ${(twoNodes.perSecond / baseline.perSecond).toFixed(2)}× and ${(twoNodes.p99 / baseline.p99).toFixed(2)}×). Latency per search at the client, all searchers running at once.`,
    );
  } finally {
    for (const server of servers) server.kill();
    if (profile.length) await new Promise((resolve) => setTimeout(resolve, 3000)); // written on exit
    await database.stop();
  }
}
