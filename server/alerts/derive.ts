import { sql, type Transaction } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Database, PlaceEventType } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { findPlace } from '../places/places.repository.ts';
import { fitFailures } from '../requests/fit.ts';
import { fitPlaceOf, fitRequestOf } from '../requests/matching.ts';
import { raiseAlert } from './raise.ts';

type Trx = Transaction<Database>;

// Alerts come from committed events (Postgres is the bus) and from the clock (a hold left unanswered,
// statuses about to go stale). One node at a time derives them, the one that takes the cursor's row
// lock; the others skip the tick. Every alert's key makes it one even so.

/** Events that make a place available again: the moment a waiting request may fit. */
const FREEING: ReadonlySet<PlaceEventType> = new Set(['registered', 'status_changed', 'hold_declined', 'hold_released', 'hold_expired']);
const BATCH = 500;

/** Derives what is due; false when another node holds the cursor. */
export async function deriveAlerts(db: Db, config: Config): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const cursor = await trx.selectFrom('alert_cursor').select('last_seq').forUpdate().skipLocked().executeTakeFirst();
    if (!cursor) return false;
    const last = await fromEvents(trx, config, await skipOld(trx, cursor.last_seq));
    if (last !== cursor.last_seq) await trx.updateTable('alert_cursor').set({ last_seq: last }).execute();
    await fromClock(trx, config);
    return true;
  });
}

/**
 * An event alerts only while it is news: after an outage, or a history loaded in bulk (seed:history),
 * events older than this are passed over; the clock's alerts (unanswered, expiring) still come.
 */
const NEWS_MINUTES = 10;

async function skipOld(trx: Trx, after: string): Promise<string> {
  const old = await trx
    .selectFrom('place_events')
    .select('seq')
    .where('seq', '>', after)
    .where('occurred_at', '<', minutesAgo(NEWS_MINUTES))
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return old?.seq ?? after;
}

async function fromEvents(trx: Trx, config: Config, after: string): Promise<string> {
  const events = await trx
    .selectFrom('place_events as e')
    .innerJoin('places as p', 'p.id', 'e.place_id')
    .innerJoin('locations as l', 'l.id', 'p.location_id')
    .leftJoin('holds as h', 'h.id', 'e.hold_id')
    .select(['e.seq', 'e.type', 'e.status', 'e.place_id', 'e.hold_id', 'l.organisation_id', 'h.team_id', 'h.request_id'])
    .where('e.seq', '>', after)
    .orderBy('e.seq')
    .limit(BATCH)
    .execute();
  for (const e of events) {
    const about = { holdId: e.hold_id, placeId: e.place_id, requestId: e.request_id };
    if (e.type === 'held' && e.hold_id) {
      await raiseAlert(trx, 'hold_incoming', `hold_incoming:${e.hold_id}`, about, { organisationId: e.organisation_id });
    }
    if ((e.type === 'hold_accepted' || e.type === 'hold_declined') && e.hold_id) {
      await raiseAlert(trx, 'hold_answered', `hold_answered:${e.hold_id}`, about, { teamId: e.team_id });
    }
    if (e.status === 'available' && FREEING.has(e.type)) await placeCameFree(trx, config, e.place_id, e.seq);
  }
  return events.at(-1)?.seq ?? after;
}

/**
 * A place free again alerts the team of every waiting request it fits (the fit rules of
 * server/requests/fit.ts): open, holding nothing, and not a place this request held before.
 */
async function placeCameFree(trx: Trx, config: Config, placeId: string, seq: string): Promise<void> {
  const place = await findPlace(trx, config.freshnessHours, placeId);
  if (!place || place.status !== 'available' || place.stale) return;
  const waiting = await trx
    .selectFrom('placement_requests as r')
    .selectAll('r')
    .where('r.status', '=', 'open')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('holds as h')
            .select('h.id')
            .whereRef('h.request_id', '=', 'r.id')
            .where((eb) => eb.or([eb('h.status', '=', 'active'), eb('h.place_id', '=', placeId)])),
        ),
      ),
    )
    .execute();
  for (const request of waiting) {
    if (fitFailures(fitPlaceOf(place), fitRequestOf(request)).length > 0) continue;
    await raiseAlert(trx, 'place_free', `place_free:${request.id}:${placeId}:${seq}`, { placeId, requestId: request.id }, { teamId: request.team_id });
  }
}

const minutesAgo = (minutes: number) => sql<Date>`now() - make_interval(mins => ${minutes})`;
const secondsAgo = (seconds: number) => sql<Date>`now() - make_interval(secs => ${Math.round(seconds)})`;

async function fromClock(trx: Trx, config: Config): Promise<void> {
  const { alerts, freshnessHours } = config;
  const activeHolds = trx
    .selectFrom('holds as h')
    .innerJoin('places as p', 'p.id', 'h.place_id')
    .innerJoin('locations as l', 'l.id', 'p.location_id')
    .select(['h.id', 'h.place_id', 'h.request_id', 'h.team_id', 'h.extended', 'l.organisation_id'])
    .where('h.status', '=', 'active');

  // Unanswered for N minutes: again, and to all the organisation's staff (no one can switch it off).
  const unanswered = await activeHolds
    .where('h.created_at', '<=', minutesAgo(alerts.unansweredMinutes))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alerts')
            .select('id')
            .where('key', '=', sql<string>`'hold_unanswered:' || h.id`),
        ),
      ),
    )
    .execute();
  for (const h of unanswered) {
    await raiseAlert(
      trx,
      'hold_unanswered',
      `hold_unanswered:${h.id}`,
      { holdId: h.id, placeId: h.place_id, requestId: h.request_id },
      { organisationId: h.organisation_id },
    );
  }

  // About to expire: once per expiry (an extension makes a new one).
  const expiring = await activeHolds
    .where('h.expires_at', '<=', sql<Date>`now() + make_interval(mins => ${alerts.expiringMinutes})`)
    .where('h.expires_at', '>', sql<Date>`now()`)
    .execute();
  for (const h of expiring) {
    await raiseAlert(
      trx,
      'hold_expiring',
      `hold_expiring:${h.id}:${h.extended ? 'extended' : 'first'}`,
      { holdId: h.id, placeId: h.place_id, requestId: h.request_id },
      { teamId: h.team_id },
    );
  }

  // Statuses going stale within the warning: per location, once per confirmation. Locations already
  // alerted are left out here, so a tick does not raise the same alert again and again.
  const warnAfter = Math.max(0, freshnessHours - alerts.staleWarningHours) * 3600;
  const { rows: staleSoon } = await sql<{ id: string; organisation_id: string; since: string }>`
    SELECT * FROM (
      SELECT l.id, l.organisation_id, extract(epoch from min(p.confirmed_at))::bigint::text AS since
      FROM places p JOIN locations l ON l.id = p.location_id
      WHERE p.confirmed_at < ${secondsAgo(warnAfter)} AND p.confirmed_at >= ${secondsAgo(freshnessHours * 3600)} AND p.retired_at IS NULL
      GROUP BY l.id, l.organisation_id) s
    WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.key = 'stale_soon:' || s.id || ':' || s.since)`.execute(trx);
  for (const l of staleSoon) {
    await raiseAlert(trx, 'stale_soon', `stale_soon:${l.id}:${l.since}`, { locationId: l.id }, { organisationId: l.organisation_id });
  }

  // Locations not confirmed for 48 hours: admins, once per last confirmation.
  const { rows: unconfirmed } = await sql<{ id: string; since: string }>`
    SELECT * FROM (
      SELECT l.id, extract(epoch from max(p.confirmed_at))::bigint::text AS since
      FROM places p JOIN locations l ON l.id = p.location_id
      -- Retired places are confirmed no more; they are no reason to alert.
      WHERE p.retired_at IS NULL
      GROUP BY l.id HAVING max(p.confirmed_at) < ${secondsAgo(alerts.unconfirmedHours * 3600)}) s
    WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.key = 'location_unconfirmed:' || s.id || ':' || s.since)`.execute(trx);
  for (const l of unconfirmed) {
    await raiseAlert(trx, 'location_unconfirmed', `location_unconfirmed:${l.id}:${l.since}`, { locationId: l.id }, {});
  }
}
