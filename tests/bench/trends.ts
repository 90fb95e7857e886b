import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { seedDemoWithHistory } from '../../db/seed/history.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { closeAllDays } from '../../server/statistics/close-all-days.ts';
import { TIME_ZONE } from '../../server/statistics/rollups.ts';
import { CONFIRMING_EVENTS } from '../../shared/vocabulary.ts';
import { benchDatabase } from './database.ts';
import { ms, summary, table, timed } from './stats.ts';

// Trends: weekly occupancy per veiligheidsregio over the whole history (5 years, ~1,500 places), read
// from the rollups (region_days), beside the same figure computed straight from place_events in the
// same run. Both give occupied ÷ (available + held + occupied) confirmed place-time, which is the
// definition's occupied ÷ (place-time − unavailable − stale); the run checks they agree.

export interface TrendsOptions {
  years: number;
  runs: number;
  eventRuns: number;
}

interface WeekRow {
  week: string;
  region_code: string;
  occupied: number | string;
  usable: number | string;
}

function fromRollups(db: Db, from: string, to: string) {
  // Monday by date arithmetic and float sums (exact below 2^53 s): cheaper per row than
  // date_trunc on a timestamp and numeric sums, and this query is all per-row work.
  return sql<WeekRow>`
    SELECT day - (extract(isodow FROM day)::int - 1) AS week, region_code,
           sum(occupied_seconds::float8) AS occupied, sum((available_seconds + held_seconds + occupied_seconds)::float8) AS usable
    FROM region_days
    WHERE scheme_code = 'veiligheidsregio' AND day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1, 2`.execute(db);
}

/** The same figure from the events: every status segment cut into weeks, staleness applied. */
function fromEvents(db: Db, from: string, to: string, freshnessHours: number) {
  const confirming = sql.join(CONFIRMING_EVENTS.map((type) => sql.lit(type)));
  return sql<WeekRow>`
    WITH bounds AS (
      SELECT (${from}::date::timestamp AT TIME ZONE ${TIME_ZONE}) AS s, ((${to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}) AS e
    ),
    segments AS (
      SELECT ev.place_id, ev.status, date_trunc('second', ev.effective_at) AS at,
             lead(date_trunc('second', ev.effective_at), 1, (SELECT e FROM bounds)) OVER w AS until,
             coalesce(max(CASE WHEN ev.type IN (${confirming}) THEN date_trunc('second', ev.effective_at) END) OVER (w ROWS UNBOUNDED PRECEDING), '-infinity')
               + make_interval(hours => ${freshnessHours}) AS stale_from
      FROM place_events ev
      -- In commit order at the effective time, as the rollups (server/statistics/rollups.ts).
      WINDOW w AS (PARTITION BY ev.place_id ORDER BY ev.seq)
    ),
    -- Each segment in every local week it touches (most span one: confirmations come daily).
    pieces AS (
      SELECT w.week, mr.region_code, s.status,
             greatest(0, extract(epoch FROM least(s.until, w.we, s.stale_from)) - extract(epoch FROM greatest(s.at, w.ws))) AS fresh
      FROM segments s
      CROSS JOIN bounds b
      CROSS JOIN LATERAL (
        SELECT d::date AS week, greatest(d AT TIME ZONE ${TIME_ZONE}, b.s) AS ws, least((d + interval '7 days') AT TIME ZONE ${TIME_ZONE}, b.e) AS we
        FROM generate_series(date_trunc('week', greatest(s.at, b.s) AT TIME ZONE ${TIME_ZONE}), (least(s.until, b.e) AT TIME ZONE ${TIME_ZONE}) - interval '1 second', interval '7 days') AS d
      ) w
      JOIN places p ON p.id = s.place_id
      JOIN locations l ON l.id = p.location_id
      JOIN municipality_regions mr ON mr.municipality_code = l.municipality_code AND mr.scheme_code = 'veiligheidsregio'
        AND mr.valid_from <= w.week AND (mr.valid_to IS NULL OR mr.valid_to > w.week)
      WHERE s.until > b.s AND s.at < b.e AND s.until > s.at
    )
    SELECT week, region_code, (sum(fresh) FILTER (WHERE status = 'occupied'))::bigint::text AS occupied,
           (sum(fresh) FILTER (WHERE status <> 'unavailable'))::bigint::text AS usable
    FROM pieces GROUP BY 1, 2`.execute(db);
}

export async function trends(options: TrendsOptions) {
  console.log(`\n## trends: weekly occupancy per region over ${options.years} years\n`);
  const database = await benchDatabase();
  const { db } = database;
  try {
    const freshnessHours = 24;
    const seeding = performance.now();
    let lastPhase = '';
    const progress = (phase: string, done: number, total: number) => {
      if (phase !== lastPhase) process.stderr.write(`\n${(lastPhase = phase)}: `);
      process.stderr.write(`\r${phase}: ${done}/${total}   `);
    };
    const seeded = await seedDemoWithHistory(db, { years: options.years, passwordHash: await hashPassword(DEMO_PASSWORD), progress });
    await closeAllDays(db, { freshnessHours, progress });
    process.stderr.write('\n');
    await sql`ANALYZE`.execute(db);
    const counts = await sql<{ places: number; events: number; days: number }>`
      SELECT (SELECT count(*) FROM places)::int AS places, (SELECT count(*) FROM place_events)::int AS events,
             (SELECT count(DISTINCT day) FROM region_days)::int AS days`.execute(db);
    const { places, events, days } = counts.rows[0]!;
    console.log(
      `${places} places, ${events.toLocaleString('en')} events, ${seeded.requests.toLocaleString('en')} requests; ` +
        `history generated and ${days} days closed in ${((performance.now() - seeding) / 1000).toFixed(0)} s\n`,
    );

    const range = await sql<{ from: string; to: string }>`SELECT min(day)::text AS from, max(day)::text AS to FROM region_days`.execute(db);
    const { from, to } = range.rows[0]!;
    const rollups = await timed(options.runs, () => fromRollups(db, from, to));
    const straight = await timed(options.eventRuns, () => fromEvents(db, from, to, freshnessHours));

    // Same figure: every week x region agrees to the second.
    const key = (r: WeekRow) => `${r.week} ${r.region_code}`;
    const value = (r: WeekRow) => `${Number(r.occupied)}/${Number(r.usable)}`;
    const expected = new Map(straight.result.rows.map((r) => [key(r), value(r)]));
    const mismatches =
      rollups.result.rows.filter((r) => expected.get(key(r)) !== value(r)).length + Math.abs(straight.result.rows.length - rollups.result.rows.length);

    const a = summary(rollups.times);
    const b = summary(straight.times);
    table(
      ['', 'runs', 'rows', 'p50', 'p95', 'max'],
      [
        ['from region_days (rollups)', a.n, rollups.result.rows.length, ms(a.p50), ms(a.p95), ms(a.max)],
        ['straight from place_events', b.n, straight.result.rows.length, ms(b.p50), ms(b.p95), ms(b.max)],
      ],
    );
    console.log(
      `\nspeed-up (p50): ${(b.p50 / a.p50).toFixed(0)}x, (p95): ${(b.p95 / a.p95).toFixed(0)}x; ` +
        `week x region cells that differ: ${mismatches} of ${rollups.result.rows.length}`,
    );
  } finally {
    await database.stop();
  }
}
