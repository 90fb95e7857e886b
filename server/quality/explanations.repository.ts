import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { ExplanationReason } from '../../db/schema.ts';
import type { QualityRuleId } from '../../shared/vocabulary.ts';
import { audit } from '../audit/audit.repository.ts';
import type { FlagScope } from './quality.repository.ts';
import type { Period } from './quality-rules.ts';

export interface NewExplanationInput {
  region: { scheme: string; code: string };
  locationId: string | null;
  ruleId: QualityRuleId | null;
  periodStart: string;
  periodEnd: string;
  reason: ExplanationReason;
  text: string;
}

/** An explanation as read back: what was given, by region code, with its id and time. */
export interface ExplanationOut extends Omit<NewExplanationInput, 'region'> {
  id: string;
  regionCode: string;
  createdAt: string;
}

/** Stores an explanation; the audit entry keeps its ids and codes, never its text. */
export async function addExplanation(db: Db, input: NewExplanationInput, actorUserId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('quality_explanations')
      .values({
        region_scheme: input.region.scheme,
        region_code: input.region.code,
        location_id: input.locationId,
        rule_id: input.ruleId,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        reason: input.reason,
        text: input.text,
        created_by: actorUserId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, {
      actorUserId,
      action: 'quality.explained',
      subjectType: 'quality_explanation',
      subjectId: id,
      detail: { reason: input.reason, ruleId: input.ruleId, locationId: input.locationId, regionCode: input.region.code },
    });
    return id;
  });
}

/**
 * Explanations in scope whose period overlaps the given one. Shelter staff see those of their own
 * locations; region officers and admins also the region-wide ones.
 */
export async function explanationsFor(db: Db, period: Period, scope: FlagScope): Promise<ExplanationOut[]> {
  const rows = await db
    .selectFrom('quality_explanations as e')
    .leftJoin('locations as l', 'l.id', 'e.location_id')
    .select([
      'e.id',
      'e.region_code',
      'e.location_id',
      'e.rule_id',
      'e.reason',
      'e.text',
      'e.created_at',
      sql<string>`e.period_start::text`.as('period_start'),
      sql<string>`e.period_end::text`.as('period_end'),
    ])
    .where('e.period_start', '<=', period.to)
    .where('e.period_end', '>=', period.from)
    .$if(scope.organisationId !== undefined, (q) => q.where('l.organisation_id', '=', scope.organisationId!))
    .$if(scope.region !== undefined, (q) => q.where('e.region_scheme', '=', scope.region!.scheme).where('e.region_code', '=', scope.region!.code))
    .$if(scope.regionCode !== undefined, (q) => q.where('e.region_code', '=', scope.regionCode!))
    .orderBy('e.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.region_code,
    locationId: r.location_id,
    ruleId: r.rule_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    reason: r.reason,
    text: r.text,
    createdAt: r.created_at.toISOString(),
  }));
}
