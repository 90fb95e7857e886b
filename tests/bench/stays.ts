import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { seedDemoWithHistory } from '../../db/seed/history.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { closeAllDays } from '../../server/statistics/close-all-days.ts';
import { disclosureRules } from '../../server/statistics/disclosure.ts';
import { TIME_ZONE } from '../../server/statistics/rollups.ts';
import { periodSumQueries, publishStays } from '../../server/statistics/stays-publication.ts';
import { benchDatabase } from './database.ts';
import { ms, summary, table, timed } from './stats.ts';

// Stays: weekly blocked place-days and children per veiligheidsregio over the whole history (5 years),
// as GET /statistics/stays answers it (the weekly stay rollup, then disclosure control), beside the
// same sums computed straight from the stays in the same run; the run checks the sums agree.

export interface StaysOptions {
  years: number;
  runs: number;
  straightRuns: number;
  /** Print the query plans of the timed queries (EXPLAIN ANALYZE) after timing them. */
  explain?: boolean;
}

interface WeekRow {
  week: string;
  region_code: string;
  blocked: number | string;
  children: number | string;
}

/** The weekly rollup's rows where someone stayed (it also holds weeks with places but nobody in them). */
function fromRollups(db: Db, from: string, to: string) {
  return sql<WeekRow>`
    SELECT week::text AS week, region_code, blocked, children_0_3 + children_4_11 + children_12_17 AS children
    FROM stay_region_weeks
    WHERE scheme_code = 'veiligheidsregio' AND week BETWEEN ${from}::date AND ${to}::date AND stays > 0`.execute(db);
}

/** The same sums from the stays: each stay on every local day it overlaps, in its place's region that day. */
function fromStays(db: Db, from: string, to: string) {
  return sql<WeekRow>`
    SELECT (d::date - (extract(isodow FROM d)::int - 1))::text AS week, mr.region_code,
           count(*) FILTER (WHERE s.ready_since <= d::date) AS blocked, sum(cardinality(s.child_ages)) AS children
    FROM stays s
    JOIN places p ON p.id = s.place_id
    JOIN locations l ON l.id = p.location_id
    CROSS JOIN LATERAL generate_series(
      greatest((s.started_at AT TIME ZONE ${TIME_ZONE})::date, ${from}::date),
      least(coalesce(((s.ended_at - interval '1 microsecond') AT TIME ZONE ${TIME_ZONE})::date, ${to}::date), ${to}::date),
      interval '1 day') AS d
    JOIN municipality_regions mr ON mr.municipality_code = l.municipality_code AND mr.scheme_code = 'veiligheidsregio'
      AND mr.valid_from <= d::date AND (mr.valid_to IS NULL OR mr.valid_to > d::date)
    WHERE s.ended_at IS NULL OR s.ended_at > s.started_at
    GROUP BY 1, 2`.execute(db);
}

export async function stays(options: StaysOptions) {
  console.log(`\n## stays: weekly blocked place-days and children per region over ${options.years} years\n`);
  const database = await benchDatabase();
  const { db } = database;
  try {
    const seeding = performance.now();
    let lastPhase = '';
    const progress = (phase: string, done: number, total: number) => {
      if (phase !== lastPhase) process.stderr.write(`\n${(lastPhase = phase)}: `);
      process.stderr.write(`\r${phase}: ${done}/${total}   `);
    };
    await seedDemoWithHistory(db, {
      years: options.years,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      progress,
    });
    await closeAllDays(db, { freshnessHours: 24, progress });
    process.stderr.write('\n');
    await sql`ANALYZE`.execute(db);
    const counts = await sql<{ stays: number; ready: number; days: number }>`
      SELECT (SELECT count(*) FROM stays)::int AS stays, (SELECT count(*) FROM stays WHERE ready_since IS NOT NULL)::int AS ready,
             (SELECT count(DISTINCT day) FROM stay_region_days)::int AS days`.execute(db);
    const { stays: stayCount, ready, days } = counts.rows[0]!;
    console.log(
      `${stayCount.toLocaleString('en')} stays (${ready.toLocaleString('en')} ready to move on at some point); ` +
        `history generated and ${days} days closed in ${((performance.now() - seeding) / 1000).toFixed(0)} s\n`,
    );

    // From the Monday of the first closed day: whole weeks on both sides.
    const range = await sql<{ from: string; to: string }>`
      SELECT date_trunc('week', min(day))::date::text AS from, max(day)::text AS to FROM stay_region_days`.execute(db);
    const { from, to } = range.rows[0]!;
    const filters = { from, to, scheme: 'veiligheidsregio', regionCodes: null, interval: 'week' as const, kind: null };
    // Cold: the first call in this process, before disclosure control has protected any of the closed
    // periods' tables (after a restart, or once a new period closes). Warm: every call after it.
    const cold = await timed(1, () => publishStays(db, filters, disclosureRules(5)));
    const published = await timed(options.runs, () => publishStays(db, filters, disclosureRules(5)));
    const rollups = await timed(options.runs, () => fromRollups(db, from, to));
    const straight = await timed(options.straightRuns, () => fromStays(db, from, to));

    if (options.explain) {
      for (const query of periodSumQueries(filters, from, to)) {
        const compiled = query.compile(db);
        const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]));
        console.log(`\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }

    const key = (r: WeekRow) => `${r.week} ${r.region_code}`;
    const value = (r: WeekRow) => `${Number(r.blocked)}/${Number(r.children)}`;
    const expected = new Map(straight.result.rows.map((r) => [key(r), value(r)]));
    // The straight query has no row where nothing was in shelter; the rollups neither.
    const mismatches =
      rollups.result.rows.filter((r) => expected.get(key(r)) !== value(r)).length + Math.abs(straight.result.rows.length - rollups.result.rows.length);

    const p = summary(published.times);
    const a = summary(rollups.times);
    const b = summary(straight.times);
    table(
      ['', 'runs', 'rows', 'p50', 'p95', 'max'],
      [
        ['GET /statistics/stays figures, cold (first call)', 1, cold.result.length, ms(cold.times[0]!), '—', '—'],
        ['GET /statistics/stays figures, warm (rollups + disclosure)', p.n, published.result.length, ms(p.p50), ms(p.p95), ms(p.max)],
        ['sums from stay_region_weeks (rollups)', a.n, rollups.result.rows.length, ms(a.p50), ms(a.p95), ms(a.max)],
        ['same sums straight from stays', b.n, straight.result.rows.length, ms(b.p50), ms(b.p95), ms(b.max)],
      ],
    );
    console.log(
      `\nspeed-up of the warm published figures over straight (p95): ${(b.p95 / p.p95).toFixed(0)}x; of the rollup sums (p95): ${(b.p95 / a.p95).toFixed(0)}x; ` +
        `week x region cells that differ: ${mismatches} of ${rollups.result.rows.length}; p95 < 200 ms: ${p.p95 < 200 ? 'yes' : 'NO'}`,
    );
  } finally {
    await database.stop();
  }
}
