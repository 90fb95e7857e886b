import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { WriteContext } from '../context.ts';
import { ALERT_AUDIENCE } from '../policy/audience.ts';
import { auditActorId } from '../policy/operator.ts';
import { assertMay } from '../policy/scope.ts';
import { ALERT_KINDS, type AlertKind, UNMUTABLE } from './kinds.ts';

// Which alerts a user gets: every kind of their role, less the ones they switched off (escalations
// cannot be).

export interface AlertSettings {
  kinds: Array<{ kind: AlertKind; enabled: boolean; canSwitchOff: boolean }>;
}

const kindsOf = (role: Role) => ALERT_KINDS.filter((kind) => (ALERT_AUDIENCE[kind].roles as readonly Role[]).includes(role));

export async function alertSettingsOf(db: Db, user: SessionUser): Promise<AlertSettings> {
  const row = await db.selectFrom('alert_preferences').select('muted_kinds').where('user_id', '=', user.id).executeTakeFirst();
  const muted = new Set(row?.muted_kinds ?? []);
  return { kinds: kindsOf(user.role).map((kind) => ({ kind, enabled: UNMUTABLE.has(kind) || !muted.has(kind), canSwitchOff: !UNMUTABLE.has(kind) })) };
}

/** Switches these kinds off and every other on; the kinds that cannot be switched off are left out. */
export async function changeAlertSettings({ db, actor }: WriteContext, mutedKinds: readonly AlertKind[]): Promise<AlertSettings> {
  assertMay(actor, 'alerts.settings');
  const muted = [...new Set(mutedKinds)].filter((kind) => !UNMUTABLE.has(kind));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('alert_preferences')
      .values({ user_id: actor.id, muted_kinds: muted })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ muted_kinds: muted }))
      .execute();
    await audit(trx, { actorUserId: auditActorId(actor), action: 'alert_settings.changed', subjectType: 'user', subjectId: actor.id, detail: { muted } });
  });
  return alertSettingsOf(db, actor);
}
