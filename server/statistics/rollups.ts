import { type Kysely, sql } from 'kysely';

import type { Database } from '../../db/schema.ts';
import { CONFIRMING_EVENTS } from '../../shared/vocabulary.ts';
import { draftReportsIfQuarterEnds } from '../reports/draft-reports.ts';
import { insertStayRegionDays } from './stay-rollups.ts';

// Place-time rollups (docs/definition.md, figures: "place-time by status"). A day is a calendar day in
// Europe/Amsterdam (23 or 25 hours on DST days). Closing a day computes, for every place that existed
// during it, the seconds spent available / held / occupied / unavailable / stale, straight from
// place_events, and sums them per region of every scheme. A closed day of place-time is never
// recomputed: trend queries then cost days x regions, whatever the number of events. (The stay rollups
// closed with it are: a stay written after its days closed corrects them, migration 2026_11_26_0200.)
//
// Rules, the same as the write path's:
// - A place exists from its first event; between two events it has the status of the earlier one.
//   Events are walked in seq order (per place, commit order) at their effective_at: occurred_at is the
//   transaction's start, and a change that began before another but committed after it would otherwise
//   be counted first (migration 2026_11_25_0500). effective_at never goes backwards within a place.
// - Stale (rule 4) overrides the status: from `freshnessHours` after the last confirming event on.
//   The events that confirm are CONFIRMING_EVENTS (shared/vocabulary.ts).
// - Times are cut to whole seconds before any arithmetic, so the five columns add up exactly to the
//   seconds the place existed that day.

export const TIME_ZONE = 'Europe/Amsterdam';

const confirming = sql.join(CONFIRMING_EVENTS.map((type) => sql.lit(type)));

export interface CloseOptions {
  /** Last day to close, YYYY-MM-DD, inclusive. Days not yet over are never closed. */
  through: string;
  freshnessHours: number;
  /** Called after each day is committed (progress bars). */
  onClosed?: (day: string) => void;
}

/**
 * Closes every day after rollup_state.closed_through up to `through`, each day in its own
 * transaction. Safe to run on several nodes at once: each transaction locks the rollup_state row,
 * re-reads how far closing got and closes the next day only, so every day is closed exactly once.
 */
export async function closeDays(db: Kysely<Database>, options: CloseOptions): Promise<{ closed: number }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.through)) throw new Error(`through must be YYYY-MM-DD, got "${options.through}"`);
  let closed = 0;
  for (;;) {
    const day = await db.transaction().execute(async (trx) => closeNextDay(trx, options));
    if (day === undefined) return { closed };
    closed++;
    options.onClosed?.(day);
  }
}

/** Closes the day after closed_through if it is due; returns it, or undefined when there is nothing to do. */
async function closeNextDay(trx: Kysely<Database>, options: CloseOptions): Promise<string | undefined> {
  // The row lock makes a second node wait here, then see the day this one closed.
  const state = await trx.selectFrom('rollup_state').select('closed_through').forUpdate().executeTakeFirstOrThrow();
  const { rows } = await sql<{ day: string | null }>`
    SELECT CASE
      WHEN ${state.closed_through}::date IS NOT NULL THEN ${state.closed_through}::date + 1
      -- Nothing closed yet: start on the day of the first event.
      ELSE (SELECT (min(effective_at) AT TIME ZONE ${TIME_ZONE})::date FROM place_events)
    END AS day`.execute(trx);
  const day = rows[0]?.day ?? null;
  if (day === null || day > options.through) return undefined;
  // A day whose end is still to come is not over: events may yet arrive in it.
  const { rows: due } = await sql<{ over: boolean }>`
    SELECT ((${day}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}) <= now() AS over`.execute(trx);
  if (!due[0]!.over) return undefined;

  await insertPlaceDays(trx, day, options.freshnessHours);
  await insertRegionDays(trx, day);
  await insertStayRegionDays(trx, day, TIME_ZONE);
  // A quarter's last day closed: its reports are due (in this transaction, so drafted exactly once).
  await draftReportsIfQuarterEnds(trx, day);
  await trx.updateTable('rollup_state').set({ closed_through: day }).execute();
  return day;
}

async function insertPlaceDays(trx: Kysely<Database>, day: string, freshnessHours: number): Promise<void> {
  await sql`
    WITH bounds AS (
      SELECT (${day}::date::timestamp AT TIME ZONE ${TIME_ZONE}) AS s,
             ((${day}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}) AS e
    ),
    -- Each place's state at midnight: the status of its last event and the time of its last
    -- confirmation before then (two index lookups per place, see migration 0900).
    at_start AS (
      SELECT p.id AS place_id, b.s AS at, 0::bigint AS seq, last.status, confirmation.at AS confirmed_at
      FROM places p
      CROSS JOIN bounds b
      CROSS JOIN LATERAL (
        SELECT status FROM place_events
        WHERE place_id = p.id AND effective_at < b.s
        ORDER BY effective_at DESC, seq DESC LIMIT 1
      ) last
      LEFT JOIN LATERAL (
        SELECT date_trunc('second', effective_at) AS at FROM place_events
        WHERE place_id = p.id AND effective_at < b.s AND type IN (${confirming})
        ORDER BY effective_at DESC, seq DESC LIMIT 1
      ) confirmation ON true
    ),
    during AS (
      SELECT ev.place_id, date_trunc('second', ev.effective_at) AS at, ev.seq, ev.status,
             CASE WHEN ev.type IN (${confirming}) THEN date_trunc('second', ev.effective_at) END AS confirmed_at
      FROM place_events ev CROSS JOIN bounds b
      WHERE ev.effective_at >= b.s AND ev.effective_at < b.e
    ),
    -- One segment per event (and one from midnight): its status lasts until the next event or the
    -- day's end; it is stale from freshnessHours after the latest confirmation so far.
    segments AS (
      SELECT place_id, status, at,
             lead(at, 1, (SELECT e FROM bounds)) OVER w AS until,
             coalesce(max(confirmed_at) OVER (w ROWS UNBOUNDED PRECEDING), '-infinity'::timestamptz)
               + make_interval(hours => ${freshnessHours}) AS stale_from
      FROM (SELECT * FROM at_start UNION ALL SELECT * FROM during) events
      -- In commit order; at_start's seq 0 puts midnight first.
      WINDOW w AS (PARTITION BY place_id ORDER BY seq)
    ),
    seconds AS (
      SELECT place_id, status,
             greatest(0, extract(epoch FROM least(until, stale_from)) - extract(epoch FROM at))::int AS fresh,
             greatest(0, extract(epoch FROM until) - extract(epoch FROM greatest(at, stale_from)))::int AS stale
      FROM segments
    )
    INSERT INTO place_days (place_id, day, kind, beds, municipality_code,
      available_seconds, held_seconds, occupied_seconds, unavailable_seconds, stale_seconds)
    SELECT s.place_id, ${day}::date, p.kind, p.beds, l.municipality_code,
           coalesce(sum(s.fresh) FILTER (WHERE s.status = 'available'), 0),
           coalesce(sum(s.fresh) FILTER (WHERE s.status = 'held'), 0),
           coalesce(sum(s.fresh) FILTER (WHERE s.status = 'occupied'), 0),
           coalesce(sum(s.fresh) FILTER (WHERE s.status = 'unavailable'), 0),
           sum(s.stale)
    FROM seconds s
    JOIN places p ON p.id = s.place_id
    JOIN locations l ON l.id = p.location_id
    -- A place retired on this day or before is no capacity from that day on; the days before keep it.
    WHERE p.retired_at IS NULL OR p.retired_at >= (SELECT e FROM bounds)
    GROUP BY s.place_id, p.kind, p.beds, l.municipality_code
  `.execute(trx);
}

/** The day's place_days summed per region of every scheme, by the municipality's region on that day. */
async function insertRegionDays(trx: Kysely<Database>, day: string): Promise<void> {
  await sql`
    INSERT INTO region_days (scheme_code, region_code, day, kind, places, beds,
      available_seconds, held_seconds, occupied_seconds, unavailable_seconds, stale_seconds)
    SELECT mr.scheme_code, mr.region_code, pd.day, pd.kind, count(*), sum(pd.beds),
           sum(pd.available_seconds), sum(pd.held_seconds), sum(pd.occupied_seconds),
           sum(pd.unavailable_seconds), sum(pd.stale_seconds)
    FROM place_days pd
    JOIN municipality_regions mr ON mr.municipality_code = pd.municipality_code
      AND mr.valid_from <= pd.day AND (mr.valid_to IS NULL OR mr.valid_to > pd.day)
    WHERE pd.day = ${day}::date
    GROUP BY mr.scheme_code, mr.region_code, pd.day, pd.kind
  `.execute(trx);
}

/**
 * The last day worth closing now: yesterday in Amsterdam, an hour late. An event's effective_at is before
 * its commit, so a change begun at 23:59 may commit just after midnight; the hour's grace
 * lets such stragglers land before their day is closed for good.
 */
export async function lastDayToClose(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ day: string }>`
    SELECT (((now() - interval '1 hour') AT TIME ZONE ${TIME_ZONE})::date - 1)::text AS day`.execute(db);
  return rows[0]!.day;
}
