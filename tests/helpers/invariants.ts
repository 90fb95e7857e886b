import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';

// The write path's invariants, as queries that return the rows breaking them (empty: all hold).
// Every place starts at version 1 with one `registered` event and every change raises the version by
// one and appends one event, so a place's version equals the number of its events, its events carry
// versions 1..n in sequence order, and the newest event's status is the place's status.

/** Places whose version, event count, event versions or status disagree with their history. */
export async function placesOutOfStepWithEvents(db: Db) {
  const { rows } = await sql<{ id: string; version: number; events: number; status: string; last_status: string | null }>`
    WITH numbered AS (
      SELECT place_id, version, status, row_number() OVER (PARTITION BY place_id ORDER BY seq) AS n,
             count(*) OVER (PARTITION BY place_id) AS total
      FROM place_events
    ), summary AS (
      SELECT place_id, max(total)::int AS events, bool_and(version = n) AS in_order,
             max(status) FILTER (WHERE n = total) AS last_status
      FROM numbered GROUP BY place_id
    )
    SELECT p.id, p.version, coalesce(s.events, 0) AS events, p.status, s.last_status
    FROM places p LEFT JOIN summary s ON s.place_id = p.id
    WHERE s.place_id IS NULL OR p.version <> s.events OR NOT s.in_order OR p.status <> s.last_status
  `.execute(db);
  return rows;
}

/** Places held without exactly one active hold, or with an active hold but not held. */
export async function holdsOutOfStepWithPlaces(db: Db) {
  const { rows } = await sql<{ id: string; status: string; active_holds: number }>`
    SELECT p.id, p.status, count(h.id)::int AS active_holds
    FROM places p LEFT JOIN holds h ON h.place_id = p.id AND h.status = 'active'
    GROUP BY p.id
    HAVING (p.status = 'held') <> (count(h.id) = 1) OR count(h.id) > 1
  `.execute(db);
  return rows;
}

/**
 * Requests whose outcome disagrees with their holds: placed exactly when a hold of theirs was
 * accepted (on the place they were placed in), at most one accepted hold, and an active hold only
 * while open.
 */
export async function requestsOutOfStepWithHolds(db: Db) {
  const { rows } = await sql<{ id: string; status: string; placed_place_id: string | null; accepted: number; active: number }>`
    SELECT r.id, r.status, r.placed_place_id,
           count(h.id) FILTER (WHERE h.status = 'accepted')::int AS accepted,
           count(h.id) FILTER (WHERE h.status = 'active')::int AS active
    FROM placement_requests r LEFT JOIN holds h ON h.request_id = r.id
    GROUP BY r.id
    HAVING (r.status = 'placed') <> (count(h.id) FILTER (WHERE h.status = 'accepted') = 1)
        OR count(h.id) FILTER (WHERE h.status = 'accepted') > 1
        OR (r.status = 'placed' AND NOT bool_or(h.status = 'accepted' AND h.place_id = r.placed_place_id))
        OR (r.status <> 'open' AND count(h.id) FILTER (WHERE h.status = 'active') > 0)
  `.execute(db);
  return rows;
}

/** How many events a place has. */
export async function eventCount(db: Db, placeId: string): Promise<number> {
  const { n } = await db
    .selectFrom('place_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('place_id', '=', placeId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Events whose change is not one the definition allows from the status before it (rule 2: `held`
 * becomes `occupied` or `available` only through the hold's outcome, never silently; only an
 * available place is held; a confirmation or attribute change keeps the status).
 */
export async function eventsBreakingTransitions(db: Db) {
  const { rows } = await sql<{ place_id: string; version: number; type: string; before: string | null; status: string }>`
    WITH e AS (
      SELECT place_id, version, type, status, lag(status) OVER (PARTITION BY place_id ORDER BY seq) AS before
      FROM place_events
    )
    SELECT place_id, version, type, before, status FROM e
    WHERE NOT coalesce(CASE type
      WHEN 'registered' THEN before IS NULL
      WHEN 'held' THEN before = 'available' AND status = 'held'
      WHEN 'hold_accepted' THEN before = 'held' AND status = 'occupied'
      WHEN 'hold_declined' THEN before = 'held' AND status = 'available'
      WHEN 'hold_released' THEN before = 'held' AND status = 'available'
      WHEN 'hold_expired' THEN before = 'held' AND status = 'available'
      WHEN 'status_changed' THEN before <> 'held' AND status <> 'held'
      ELSE status = before
    END, false)
  `.execute(db);
  return rows;
}

/** Holds without exactly one `held` event, or whose ending (or not yet ending) has no matching event. */
export async function holdsOutOfStepWithEvents(db: Db) {
  const { rows } = await sql<{ id: string; status: string; held: number; ended: number }>`
    SELECT h.id, h.status,
           count(e.seq) FILTER (WHERE e.type = 'held')::int AS held,
           count(e.seq) FILTER (WHERE e.type <> 'held')::int AS ended
    FROM holds h LEFT JOIN place_events e ON e.hold_id = h.id
    GROUP BY h.id
    HAVING count(e.seq) FILTER (WHERE e.type = 'held') <> 1
        OR count(e.seq) FILTER (WHERE e.type <> 'held') <> (CASE WHEN h.status = 'active' THEN 0 ELSE 1 END)
        OR NOT bool_and(e.place_id = h.place_id AND e.type::text IN ('held', 'hold_' || h.status::text))
  `.execute(db);
  return rows;
}

/**
 * Stays that disagree with their place: an occupied place without exactly one open stay, an open stay in
 * a place that is not occupied, or a stay whose start or end is not the time of an event of its place.
 */
export async function staysOutOfStepWithPlaces(db: Db) {
  const { rows } = await sql<{ place_id: string; problem: string }>`
    SELECT p.id AS place_id, 'open stays: ' || count(s.id) AS problem
    FROM places p LEFT JOIN stays s ON s.place_id = p.id AND s.ended_at IS NULL
    GROUP BY p.id, p.status
    HAVING (p.status = 'occupied') <> (count(s.id) = 1) OR count(s.id) > 1
    UNION ALL
    SELECT s.place_id, 'no event at ' || CASE WHEN e1.seq IS NULL THEN 'start' ELSE 'end' END
    FROM stays s
    LEFT JOIN LATERAL (SELECT seq FROM place_events WHERE place_id = s.place_id AND effective_at = s.started_at AND status = 'occupied' LIMIT 1) e1 ON true
    LEFT JOIN LATERAL (SELECT seq FROM place_events WHERE place_id = s.place_id AND effective_at = s.ended_at AND status <> 'occupied' LIMIT 1) e2 ON true
    WHERE e1.seq IS NULL OR (s.ended_at IS NOT NULL AND e2.seq IS NULL)
  `.execute(db);
  return rows;
}
