import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { ReportStatus } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { ReportContent } from './report-figures.ts';

export interface ReportRow {
  id: string;
  regionScheme: string | null;
  regionCode: string | null;
  regionName: string;
  quarter: string;
  periodStart: string;
  periodEnd: string;
  status: ReportStatus;
  signedOffAt: string | null;
  definitionVersion: string | null;
  disclosureVersion: string | null;
  snapshot: ReportContent | null;
}

function reports(db: Db) {
  return db
    .selectFrom('quarterly_reports as q')
    .leftJoin('regions as r', (join) => join.onRef('r.scheme_code', '=', 'q.region_scheme').onRef('r.code', '=', 'q.region_code'))
    .select([
      'q.id',
      'q.region_scheme',
      'q.region_code',
      'q.quarter',
      'q.status',
      'q.signed_off_at',
      'q.definition_version',
      'q.disclosure_version',
      'q.snapshot',
      sql<string>`coalesce(r.name, 'Nederland')`.as('region_name'),
      sql<string>`q.period_start::text`.as('period_start'),
      sql<string>`q.period_end::text`.as('period_end'),
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof reports>['executeTakeFirstOrThrow']>>;
const toReport = (r: Selected): ReportRow => ({
  id: r.id,
  regionScheme: r.region_scheme,
  regionCode: r.region_code,
  regionName: r.region_name,
  quarter: r.quarter,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  status: r.status,
  signedOffAt: r.signed_off_at?.toISOString() ?? null,
  definitionVersion: r.definition_version,
  disclosureVersion: r.disclosure_version,
  snapshot: (r.snapshot as ReportContent | null) ?? null,
});

export async function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  const row = await reports(db).where('q.id', '=', id).executeTakeFirst();
  return row && toReport(row);
}

/** Reports newest quarter first; a region narrows to it (and leaves out the nation's). */
export async function listReports(
  db: Db,
  filter: { region?: { scheme: string; code: string }; signedOffOnly?: boolean; quarter?: string },
): Promise<ReportRow[]> {
  const rows = await reports(db)
    .$if(filter.region !== undefined, (q) => q.where('q.region_scheme', '=', filter.region!.scheme).where('q.region_code', '=', filter.region!.code))
    .$if(filter.signedOffOnly === true, (q) => q.where('q.status', '=', 'signed_off'))
    .$if(filter.quarter !== undefined, (q) => q.where('q.quarter', '=', filter.quarter!))
    .orderBy('q.quarter', 'desc')
    .orderBy(sql`q.region_code NULLS FIRST`)
    .execute();
  return rows.map(toReport);
}

/** Freezes the report: its content as it is now, under the versions it names. A signed-off report is never changed (trigger). */
export async function signOff(db: Db, id: string, content: ReportContent, actorUserId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('quarterly_reports')
      .set({
        status: 'signed_off',
        signed_off_by: actorUserId,
        signed_off_at: sql`now()`,
        snapshot: JSON.stringify(content),
        definition_version: content.definitionVersion,
        disclosure_version: content.disclosureVersion,
      })
      .where('id', '=', id)
      .execute();
    await audit(trx, { actorUserId, action: 'report.signed_off', subjectType: 'quarterly_report', subjectId: id, detail: { regionCode: content.regionCode } });
  });
}

/** A question back to a shelter about one of its locations: the report waits for its explanation. */
export async function askQuestion(db: Db, id: string, locationId: string, text: string, actorUserId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { id: questionId } = await trx
      .insertInto('report_questions')
      .values({ report_id: id, location_id: locationId, text, created_by: actorUserId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('quarterly_reports').set({ status: 'question' }).where('id', '=', id).execute();
    await audit(trx, { actorUserId, action: 'report.question_asked', subjectType: 'quarterly_report', subjectId: id, detail: { locationId, questionId } });
    return questionId;
  });
}

export interface QuestionOut {
  id: string;
  reportId: string;
  quarter: string;
  locationId: string;
  locationName: string;
  text: string;
  createdAt: string;
}

/** Questions about the locations in scope (a shelter's own, a region's). */
export async function questionsFor(
  db: Db,
  scope: { organisationId?: string; region?: { scheme: string; code: string }; reportId?: string },
): Promise<QuestionOut[]> {
  const rows = await db
    .selectFrom('report_questions as rq')
    .innerJoin('quarterly_reports as q', 'q.id', 'rq.report_id')
    .innerJoin('locations as l', 'l.id', 'rq.location_id')
    .select(['rq.id', 'rq.report_id', 'q.quarter', 'rq.location_id', 'l.name', 'rq.text', 'rq.created_at'])
    .$if(scope.organisationId !== undefined, (q) => q.where('l.organisation_id', '=', scope.organisationId!))
    .$if(scope.region !== undefined, (q) => q.where('l.region_scheme', '=', scope.region!.scheme).where('l.region_code', '=', scope.region!.code))
    .$if(scope.reportId !== undefined, (q) => q.where('rq.report_id', '=', scope.reportId!))
    .orderBy('rq.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reportId: r.report_id,
    quarter: r.quarter,
    locationId: r.location_id,
    locationName: r.name,
    text: r.text,
    createdAt: r.created_at.toISOString(),
  }));
}
