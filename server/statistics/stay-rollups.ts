import { type Kysely, sql } from 'kysely';

import type { Database } from '../../db/schema.ts';

// Stays per region and day (migration 2026_11_25_0500, stay_region_days), closed with the place-time
// rollups in the same transaction (server/statistics/rollups.ts), so that blocked place-days and
// children per region answer from days × regions, not from every stay.
//
// Rules (the property test in tests/db/stay-rollups.test.ts recomputes them from the stays):
// - A stay is in shelter on a day (Europe/Amsterdam) when [started_at, ended_at) overlaps it.
// - It is blocked on that day when it was ready to move on by then (ready_since <= day).
// - Children count by their age at the start of the stay, in bands 0–3, 4–11 and 12–17.
// - The region is that of the place's municipality on the day, in every scheme, like region_days.

/** The age bands of the figures, inclusive. */
export const AGE_BANDS = [
  [0, 3],
  [4, 11],
  [12, 17],
] as const;

export async function insertStayRegionDays(trx: Kysely<Database>, day: string, timeZone: string): Promise<void> {
  const band = (low: number, high: number) => sql`coalesce(sum((SELECT count(*) FROM unnest(st.child_ages) age WHERE age BETWEEN ${low} AND ${high})), 0)`;
  await sql`
    INSERT INTO stay_region_days (scheme_code, region_code, day, kind, stays, blocked, children_0_3, children_4_11, children_12_17)
    SELECT mr.scheme_code, mr.region_code, ${day}::date, p.kind,
           count(*), count(*) FILTER (WHERE st.ready_since <= ${day}::date),
           ${band(...AGE_BANDS[0])}, ${band(...AGE_BANDS[1])}, ${band(...AGE_BANDS[2])}
    FROM stays st
    JOIN places p ON p.id = st.place_id
    JOIN locations l ON l.id = p.location_id
    JOIN municipality_regions mr ON mr.municipality_code = l.municipality_code
      AND mr.valid_from <= ${day}::date AND (mr.valid_to IS NULL OR mr.valid_to > ${day}::date)
    WHERE tstzrange(st.started_at, st.ended_at, '[)') && tstzrange(
      ${day}::date::timestamp AT TIME ZONE ${timeZone}, (${day}::date + 1)::timestamp AT TIME ZONE ${timeZone}, '[)')
    GROUP BY mr.scheme_code, mr.region_code, p.kind
  `.execute(trx);
  await addDayToWeeks(trx, day);
}

/**
 * The closed day added to its ISO week in stay_region_weeks (migration 2026_11_26_0200): its stays per
 * region over both kinds, and the region's places that day (region_days, closed just before).
 */
async function addDayToWeeks(trx: Kysely<Database>, day: string): Promise<void> {
  await sql`
    INSERT INTO stay_region_weeks AS w (scheme_code, region_code, week, stays, blocked, children_0_3, children_4_11, children_12_17, place_days)
    SELECT scheme_code, region_code, date_trunc('week', ${day}::date)::date, sum(stays), sum(blocked), sum(c0), sum(c4), sum(c12), sum(places)
    FROM (
      SELECT scheme_code, region_code, stays, blocked, children_0_3 AS c0, children_4_11 AS c4, children_12_17 AS c12, 0 AS places
      FROM stay_region_days WHERE day = ${day}::date
      UNION ALL
      SELECT scheme_code, region_code, 0, 0, 0, 0, 0, places FROM region_days WHERE day = ${day}::date
    ) d
    GROUP BY scheme_code, region_code
    ON CONFLICT (scheme_code, week, region_code) DO UPDATE SET
      stays = w.stays + excluded.stays, blocked = w.blocked + excluded.blocked, children_0_3 = w.children_0_3 + excluded.children_0_3,
      children_4_11 = w.children_4_11 + excluded.children_4_11, children_12_17 = w.children_12_17 + excluded.children_12_17,
      place_days = w.place_days + excluded.place_days
  `.execute(trx);
}
