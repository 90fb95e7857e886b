import { type RawBuilder, sql } from 'kysely';

import type { QualityRuleId, QualityUnit } from '../../shared/vocabulary.ts';

// Data-quality rules (docs/quality.md): each a measure per location over a period of closed days, and
// a threshold; a location whose measure is above its rule's threshold is flagged, naming the rule and
// its version. A new rule is one more entry here and its id in shared/vocabulary.ts: nothing else
// changes shape. Change a rule's meaning only with a new version, and say so in docs/quality.md.

// q-2: stays_without_destination added.
// q-3: a retired place (or a retired location's place) is measured until the day before its retirement.
export const QUALITY_RULES_VERSION = 'q-3';

export interface Period {
  from: string;
  to: string;
}

export interface QualityRule {
  id: QualityRuleId;
  version: number;
  /** Flagged when the measure is above this. */
  threshold: number;
  unit: QualityUnit;
  /** One row per location with a measure: its id and the measured value. */
  measure: (period: Period) => RawBuilder<{ location_id: string; value: string | number }>;
}

const DAY = 86_400;

/**
 * Whether place `pl` was in use on `day`: a retired place (and a retired location's, which are retired
 * with it) counts until the day before its retirement, as in the capacity rollups. From its
 * retirement day on it is measured no more: nobody confirms or changes a place that is gone.
 */
const inUseOn = (day: RawBuilder<unknown>) => sql`(pl.retired_at IS NULL OR (pl.retired_at AT TIME ZONE 'Europe/Amsterdam')::date > ${day})`;

/** The most days one place of the location spent in this rollup column over the period. */
const mostDaysOf = (column: 'stale_seconds' | 'unavailable_seconds') => (p: Period) => sql<{ location_id: string; value: number }>`
  SELECT pl.location_id, max(per_place.seconds) / ${DAY}::numeric AS value
  FROM (SELECT pd.place_id, sum(${sql.ref(`pd.${column}`)}) AS seconds FROM place_days pd JOIN places pl ON pl.id = pd.place_id
        WHERE pd.day BETWEEN ${p.from}::date AND ${p.to}::date AND ${inUseOn(sql`pd.day`)} GROUP BY pd.place_id) per_place
  JOIN places pl ON pl.id = per_place.place_id
  GROUP BY pl.location_id`;

export const QUALITY_RULES: readonly QualityRule[] = [
  // Statuses not confirmed: a place whose status nobody confirmed within the freshness window counts as
  // stale (definition rule 4); more than a week of that in a period says the figures were guessed.
  { id: 'unconfirmed', version: 2, threshold: 7, unit: 'days', measure: mostDaysOf('stale_seconds') },
  // A place that never changes status for months: every bed occupied by the same household for a
  // quarter is possible, but more often nobody updates the registry, only confirms it.
  {
    id: 'status_unchanged',
    version: 2,
    threshold: 90,
    unit: 'days',
    measure: (p) => sql`
      SELECT pl.location_id, max(${p.to}::date - (last_change.at AT TIME ZONE 'Europe/Amsterdam')::date) AS value
      FROM places pl
      CROSS JOIN LATERAL (
        SELECT max(e.occurred_at) AS at FROM place_events e
        WHERE e.place_id = pl.id AND e.type <> 'confirmed'
          AND e.occurred_at < ((${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
      ) last_change
      WHERE last_change.at IS NOT NULL AND ${inUseOn(sql`${p.to}::date`)}
      GROUP BY pl.location_id`,
  },
  // More occupied place-days than the location had places: the rollups and the registry disagree
  // (a place counted twice, time booked to the wrong day). Measured in days on which that happened.
  {
    id: 'occupied_over_capacity',
    version: 2,
    threshold: 0,
    unit: 'days',
    measure: (p) => sql`
      SELECT location_id, count(*) FILTER (WHERE occupied > places * ${DAY}) AS value
      FROM (SELECT pl.location_id, pd.day, sum(pd.occupied_seconds) AS occupied, count(*) AS places
            FROM place_days pd JOIN places pl ON pl.id = pd.place_id
            WHERE pd.day BETWEEN ${p.from}::date AND ${p.to}::date AND ${inUseOn(sql`pd.day`)}
            GROUP BY pl.location_id, pd.day) per_day
      GROUP BY location_id`,
  },
  // Long unavailability: a place out of use for more than a month in the period.
  { id: 'long_unavailable', version: 2, threshold: 30, unit: 'days', measure: mostDaysOf('unavailable_seconds') },
  // Holds left to expire: a crisis worker waited for an answer the shelter never gave.
  {
    id: 'holds_expired',
    version: 2,
    threshold: 2,
    unit: 'holds',
    measure: (p) => sql`
      SELECT pl.location_id, count(*) AS value
      FROM holds h JOIN places pl ON pl.id = h.place_id
      WHERE h.status = 'expired'
        AND h.ended_at >= (${p.from}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
        AND h.ended_at < ((${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
        AND ${inUseOn(sql`(h.ended_at AT TIME ZONE 'Europe/Amsterdam')::date`)}
      GROUP BY pl.location_id`,
  },
  // Stays ended without a destination: a place freed by a plain status change (or a destination of
  // "unknown") leaves the figures on where households go with a hole.
  {
    id: 'stays_without_destination',
    version: 2,
    threshold: 0,
    unit: 'stays',
    measure: (p) => sql`
      SELECT pl.location_id, count(*) AS value
      FROM stays s JOIN places pl ON pl.id = s.place_id
      WHERE s.ended_at IS NOT NULL AND (s.exit_destination IS NULL OR s.exit_destination = 'unknown')
        AND s.ended_at >= (${p.from}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
        AND s.ended_at < ((${p.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
        AND ${inUseOn(sql`(s.ended_at AT TIME ZONE 'Europe/Amsterdam')::date`)}
      GROUP BY pl.location_id`,
  },
];
