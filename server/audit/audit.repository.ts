import type { Db } from '../../db/database.ts';

export interface AuditEntry {
  actorUserId: string | null;
  /** What happened, as `subject.verb`: `place.status_changed`, `location.address_read`, `access.refused`. */
  action: string;
  subjectType?: string;
  subjectId?: string;
  detail?: Record<string, unknown>;
}

/** Appends to the audit log. Pass the transaction of the change, so the entry commits with it. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
