import webpush from 'web-push';

import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The server's VAPID key pair (RFC 8292): from the environment when set, else the one in the database,
 * made at the first start. Nodes starting at once agree: the first insert wins and all read it back.
 * Devices subscribe to one public key, so changing it means every device subscribes again.
 */
export async function loadVapidKeys(db: Db, config: Config): Promise<VapidKeys> {
  if (config.alerts.vapid) return config.alerts.vapid;
  const made = webpush.generateVAPIDKeys();
  await db
    .insertInto('push_keys')
    .values({ public_key: made.publicKey, private_key: made.privateKey })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('push_keys').select(['public_key', 'private_key']).executeTakeFirstOrThrow();
  return { publicKey: row.public_key, privateKey: row.private_key };
}
