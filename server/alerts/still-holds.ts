import { type RawBuilder, sql } from 'kysely';

import type { Config } from '../config.ts';

/**
 * Whether the alert `a` still holds: a hold still waiting, a place still free for a request still
 * waiting, statuses still unconfirmed. The page shows only these, and a push due for one that no
 * longer holds is dropped, not sent ("a place came free" after it was taken again says nothing true).
 */
export function stillHoldsSql(config: Config): RawBuilder<boolean> {
  const activeHold = sql`EXISTS (SELECT 1 FROM holds h WHERE h.id = a.hold_id AND h.status = 'active' AND h.expires_at > now())`;
  const warnAfter = Math.round(Math.max(0, config.freshnessHours - config.alerts.staleWarningHours) * 3600);
  return sql<boolean>`(CASE a.kind
    WHEN 'hold_incoming' THEN ${activeHold}
    WHEN 'hold_unanswered' THEN ${activeHold}
    WHEN 'hold_expiring' THEN ${activeHold}
    WHEN 'hold_answered' THEN a.created_at > now() - interval '1 hour'
    WHEN 'place_free' THEN EXISTS (
      SELECT 1 FROM places p JOIN placement_requests r ON r.id = a.request_id
      WHERE p.id = a.place_id AND p.status = 'available' AND r.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.request_id = r.id AND h.status = 'active'))
    WHEN 'stale_soon' THEN EXISTS (
      SELECT 1 FROM places p WHERE p.location_id = a.location_id AND p.confirmed_at < now() - make_interval(secs => ${warnAfter}))
    WHEN 'location_unconfirmed' THEN NOT EXISTS (
      SELECT 1 FROM places p WHERE p.location_id = a.location_id AND p.confirmed_at >= now() - make_interval(secs => ${Math.round(config.alerts.unconfirmedHours * 3600)}))
    ELSE false END)`;
}
