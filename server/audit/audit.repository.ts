import type { Db } from '../../db/database.ts';

export interface AuditEntry {
  actorUserId: string | null;
  /** What happened, as `subject.verb`: `place.status_changed`, `location.address_read`, `access.refused`. */
  action: string;
  subjectType?: string;
  subjectId?: string;
  detail?: Record<string, unknown>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// A whole value that is an ISO date is a period the program chose or validated (a statistics filter), not a person's.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Codes, field names, ids and route paths: no spaces, and no run of digits that could be a BSN, a year or a postal code.
const CODE = /^[A-Za-z0-9_.:/-]{0,200}$/;

/**
 * The audit log is append-only and kept for years, so it keeps no free text: a detail holds ids,
 * codes, field names and numbers. Free text here is a programming error, refused before it is stored.
 */
export function assertCodesOnly(value: unknown, path = 'detail'): void {
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return;
    const rest = value.replace(UUID, '');
    if (!CODE.test(rest) || /\d{3}/.test(rest)) throw new Error(`audit ${path} holds free text; store ids and codes only`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => assertCodesOnly(item, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertCodesOnly(item, `${path}.${key}`);
  }
}

/** Appends to the audit log. Pass the transaction of the change, so the entry commits with it. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  assertCodesOnly(entry.detail ?? {});
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
