import { type Kysely, sql } from 'kysely';

// Issue 15. Frozen once landed.
//
// 1. stay_region_weeks: the closed days of stay_region_days summed per ISO week (its Monday) and region,
//    without the kind, with the region's place-days beside them (region_days.places), so that weekly
//    blocked place-days and children over years read weeks × regions, not days × regions × kinds
//    (npm run bench -- stays). Closing a day adds it to its week (server/statistics/stay-rollups.ts).
//
// 2. A household entered after its day has closed counts in that day.
// Closed days of stay_region_days are otherwise never recomputed (server/statistics/rollups.ts), but a
// stay's composition is often entered the day after the intake, and a change that began before
// midnight can commit after its day was closed. So every write to a stay adds its difference to the
// closed days it touches: minus the old row's contribution, plus the new row's, day by day, by the
// same rules as closing a day (server/statistics/stay-rollups.ts; tests/db/stay-rollups.test.ts proves
// that the rollups then equal a full recomputation from the stays).
//
// Racing the job that closes days: that job holds rollup_state FOR UPDATE while it closes a day. A
// write to a stay that touches a day already over takes it FOR SHARE first, so either the day closes
// after the write commits (and counts it), or the write waits for the day to close and then corrects
// it. A stay of today only touches no day that can be closing, and takes no lock.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE stay_region_weeks (
      scheme_code text NOT NULL,
      region_code text NOT NULL,
      week date NOT NULL CHECK (extract(isodow FROM week) = 1),
      stays integer NOT NULL,
      blocked integer NOT NULL,
      children_0_3 integer NOT NULL,
      children_4_11 integer NOT NULL,
      children_12_17 integer NOT NULL,
      place_days integer NOT NULL,
      PRIMARY KEY (scheme_code, week, region_code)
    );
    INSERT INTO stay_region_weeks
    SELECT scheme_code, region_code, week, sum(stays), sum(blocked), sum(c0), sum(c4), sum(c12), sum(place_days)
    FROM (
      SELECT scheme_code, region_code, date_trunc('week', day)::date AS week, stays, blocked,
             children_0_3 AS c0, children_4_11 AS c4, children_12_17 AS c12, 0 AS place_days
      FROM stay_region_days
      UNION ALL
      SELECT scheme_code, region_code, date_trunc('week', day)::date, 0, 0, 0, 0, 0, places
      FROM region_days
    ) days
    GROUP BY scheme_code, region_code, week;

    CREATE FUNCTION stays_reclose() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      zone constant text := 'Europe/Amsterdam';
      today_starts timestamptz := (clock_timestamp() AT TIME ZONE zone)::date::timestamp AT TIME ZONE zone;
      earliest timestamptz := least(CASE WHEN TG_OP <> 'INSERT' THEN OLD.started_at END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.started_at END);
      closed date;
      changed bigint;
    BEGIN
      IF earliest >= today_starts THEN RETURN NULL; END IF;
      SELECT closed_through INTO closed FROM rollup_state FOR SHARE;
      IF closed IS NULL OR (earliest AT TIME ZONE zone)::date > closed THEN RETURN NULL; END IF;

      INSERT INTO stay_region_days AS r (scheme_code, region_code, day, kind, stays, blocked, children_0_3, children_4_11, children_12_17)
      SELECT * FROM (
        SELECT mr.scheme_code, mr.region_code, d.day, p.kind, sum(s.sign) AS stays,
               coalesce(sum(s.sign) FILTER (WHERE s.ready_since <= d.day), 0) AS blocked,
               coalesce(sum(s.sign * (SELECT count(*) FROM unnest(s.child_ages) age WHERE age BETWEEN 0 AND 3)), 0) AS c0,
               coalesce(sum(s.sign * (SELECT count(*) FROM unnest(s.child_ages) age WHERE age BETWEEN 4 AND 11)), 0) AS c4,
               coalesce(sum(s.sign * (SELECT count(*) FROM unnest(s.child_ages) age WHERE age BETWEEN 12 AND 17)), 0) AS c12
        FROM (
          SELECT -1 AS sign, OLD.place_id AS place_id, OLD.started_at AS started_at, OLD.ended_at AS ended_at,
                 OLD.ready_since AS ready_since, OLD.child_ages AS child_ages
          WHERE TG_OP <> 'INSERT'
          UNION ALL
          SELECT 1, NEW.place_id, NEW.started_at, NEW.ended_at, NEW.ready_since, NEW.child_ages
          WHERE TG_OP <> 'DELETE'
        ) s
        JOIN places p ON p.id = s.place_id
        JOIN locations l ON l.id = p.location_id
        -- The local days [started_at, ended_at) overlaps, up to the last closed one; none when it is empty.
        CROSS JOIN LATERAL generate_series(
          (s.started_at AT TIME ZONE zone)::date,
          least(coalesce(((s.ended_at - interval '1 microsecond') AT TIME ZONE zone)::date, closed), closed),
          interval '1 day') AS g
        CROSS JOIN LATERAL (SELECT g::date AS day) d
        JOIN municipality_regions mr ON mr.municipality_code = l.municipality_code
          AND mr.valid_from <= d.day AND (mr.valid_to IS NULL OR mr.valid_to > d.day)
        WHERE s.ended_at IS NULL OR s.ended_at > s.started_at
        GROUP BY mr.scheme_code, mr.region_code, d.day, p.kind
      ) delta
      -- Days the write leaves as they were (an end today, a readiness from today on) are not touched.
      WHERE (stays, blocked, c0, c4, c12) <> (0, 0, 0, 0, 0)
      ON CONFLICT (scheme_code, region_code, kind, day) DO UPDATE SET
        stays = r.stays + excluded.stays,
        blocked = r.blocked + excluded.blocked,
        children_0_3 = r.children_0_3 + excluded.children_0_3,
        children_4_11 = r.children_4_11 + excluded.children_4_11,
        children_12_17 = r.children_12_17 + excluded.children_12_17;
      GET DIAGNOSTICS changed = ROW_COUNT;
      IF changed = 0 THEN RETURN NULL; END IF;

      -- Closing a day writes no row where nobody stayed; neither does this.
      DELETE FROM stay_region_days
      WHERE stays = 0 AND day BETWEEN (earliest AT TIME ZONE zone)::date AND closed;

      -- The weeks of those days, summed again from their closed days (what a week row holds).
      INSERT INTO stay_region_weeks AS w (scheme_code, region_code, week, stays, blocked, children_0_3, children_4_11, children_12_17, place_days)
      SELECT scheme_code, region_code, week, sum(stays), sum(blocked), sum(c0), sum(c4), sum(c12), 0
      FROM (
        SELECT scheme_code, region_code, date_trunc('week', day)::date AS week, stays, blocked,
               children_0_3 AS c0, children_4_11 AS c4, children_12_17 AS c12
        FROM stay_region_days
        WHERE day BETWEEN date_trunc('week', (earliest AT TIME ZONE zone)::date)::date AND closed
      ) d
      GROUP BY scheme_code, region_code, week
      ON CONFLICT (scheme_code, week, region_code) DO UPDATE SET
        stays = excluded.stays, blocked = excluded.blocked, children_0_3 = excluded.children_0_3,
        children_4_11 = excluded.children_4_11, children_12_17 = excluded.children_12_17;
      -- A week whose last household went: nothing left in its days.
      UPDATE stay_region_weeks w SET stays = 0, blocked = 0, children_0_3 = 0, children_4_11 = 0, children_12_17 = 0
      WHERE w.week BETWEEN date_trunc('week', (earliest AT TIME ZONE zone)::date)::date AND closed AND w.stays <> 0
        AND NOT EXISTS (SELECT 1 FROM stay_region_days d WHERE d.scheme_code = w.scheme_code AND d.region_code = w.region_code
          AND d.day BETWEEN w.week AND w.week + 6);
      RETURN NULL;
    END $$;

    CREATE TRIGGER stays_reclose
      AFTER INSERT OR DELETE OR UPDATE OF place_id, started_at, ended_at, ready_since, child_ages ON stays
      FOR EACH ROW EXECUTE FUNCTION stays_reclose();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER stays_reclose ON stays;
    DROP FUNCTION stays_reclose();
    DROP TABLE stay_region_weeks;
  `.execute(db);
}
