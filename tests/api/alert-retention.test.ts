import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deriveAlerts } from '../../server/alerts/derive.ts';
import { deleteOldAlerts } from '../../server/alerts/retention.ts';
import { defaultConfig } from '../../server/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertBed, insertLocation } from '../helpers/factories.ts';

// Alerts and the push log are deleted after ALERT_RETENTION_DAYS (server/alerts/retention.ts). The
// attack: an old alert is also the key that says "raised already"; deleting the key of a condition
// that still holds (a location unconfirmed since long ago) makes the next tick alert everyone again.

const config = defaultConfig;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('demo');
});
afterAll(() => database?.drop());

const daysAgo = (days: number) => sql<Date>`now() - make_interval(days => ${days})`;

/** A location whose only place was last confirmed 60 days ago, and its alert raised (admins hear of it). */
async function longUnconfirmedLocation() {
  const { db } = database;
  const locationId = await insertLocation(db);
  const place = await insertBed(db, locationId);
  await db
    .updateTable('places')
    .set({ confirmed_at: daysAgo(60) })
    .where('id', '=', place.id)
    .execute();
  await deriveAlerts(db, config);
  const alerts = await alertsOf(locationId);
  expect(alerts.length).toBeGreaterThan(0);
  expect(alerts.every((a) => a.key.startsWith(`location_unconfirmed:${locationId}:`))).toBe(true);
  return { locationId, alerts };
}

const alertsOf = (locationId: string) =>
  database.db.selectFrom('alerts').select(['id', 'key', 'user_id', 'created_at']).where('location_id', '=', locationId).orderBy('id').execute();

async function pushLogRow(alertId: string, userId: string, sentDaysAgo: number) {
  const subscription = '00000000-0000-4000-8000-000000000000';
  const { id } = await database.db
    .insertInto('push_log')
    .values({ user_id: userId, kind: 'location_unconfirmed', alert_id: alertId, subscription_id: subscription, status: 201, result: 'delivered' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .updateTable('push_log')
    .set({ sent_at: daysAgo(sentDaysAgo) })
    .where('id', '=', id)
    .execute();
  return id;
}

describe('alert retention', () => {
  it('keeps the key of a condition that still holds, however old, so nobody is alerted again', async () => {
    const { db } = database;
    const { locationId, alerts } = await longUnconfirmedLocation();
    // The alert was raised long ago, past the retention; the location is still unconfirmed.
    await db
      .updateTable('alerts')
      .set({ created_at: daysAgo(config.alerts.retentionDays + 10) })
      .where('location_id', '=', locationId)
      .execute();
    await deleteOldAlerts(db, config);
    expect((await alertsOf(locationId)).map((a) => a.key)).toEqual(alerts.map((a) => a.key));
    await deriveAlerts(db, config);
    expect((await alertsOf(locationId)).map((a) => a.id)).toEqual(alerts.map((a) => a.id));
  });

  it('deletes an old alert that no longer holds and old push log rows, and keeps recent ones', async () => {
    const { db } = database;
    const { locationId, alerts } = await longUnconfirmedLocation();
    const current = alerts[0]!;
    // An earlier episode of the same location (confirmed since, then unconfirmed again): superseded.
    const { id: superseded } = await db
      .insertInto('alerts')
      .values({
        user_id: current.user_id,
        kind: 'location_unconfirmed',
        key: `location_unconfirmed:${locationId}:12345`,
        location_id: locationId,
        created_at: daysAgo(config.alerts.retentionDays + 30),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A hold answered long ago: that alert holds no more.
    const { id: answered } = await db
      .insertInto('alerts')
      .values({
        user_id: current.user_id,
        kind: 'hold_answered',
        key: `hold_answered:test-${superseded}`,
        created_at: daysAgo(config.alerts.retentionDays + 1),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A recent one that no longer holds is kept: it is within the retention.
    const { id: recent } = await db
      .insertInto('alerts')
      .values({
        user_id: current.user_id,
        kind: 'hold_answered',
        key: `hold_answered:recent-${superseded}`,
        created_at: daysAgo(config.alerts.retentionDays - 1),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const oldLog = await pushLogRow(superseded, current.user_id, config.alerts.retentionDays + 1);
    const newLog = await pushLogRow(current.id, current.user_id, config.alerts.retentionDays - 1);

    const result = await deleteOldAlerts(db, config);
    expect(result.alerts).toBeGreaterThanOrEqual(2);
    expect(result.pushLog).toBeGreaterThanOrEqual(1);
    const left = new Set((await db.selectFrom('alerts').select('id').where('id', 'in', [superseded, answered, recent, current.id]).execute()).map((a) => a.id));
    expect([...left].sort()).toEqual([recent, current.id].sort());
    const logs = (await db.selectFrom('push_log').select('id').where('id', 'in', [oldLog, newLog]).execute()).map((r) => r.id);
    expect(logs).toEqual([newLog]);
  });
});
