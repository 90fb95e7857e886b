import type { z } from '@hono/zod-openapi';

import type { OpenReportSummary, PublicFiguresSchema, Report, ReportSummary } from '../../server/reports/reports.schema.ts';
import type { QualityRuleId } from '../../shared/vocabulary.ts';
import { ruleName } from './quality-text.ts';

// Shapes of the quarterly reports and open data as the dashboard reads them: the server's own schemas.

export type ReportFiguresDto = z.infer<typeof PublicFiguresSchema>;
/** A report in a list: open data's summary, and a region officer's with its status. */
export type ReportSummaryDto = z.infer<typeof OpenReportSummary> & Partial<Pick<z.infer<typeof ReportSummary>, 'status'>>;
export type ReportDto = z.infer<typeof Report>;

/** What an explanation is about: one flag of a location, or a region as a whole (POST /quality/explanations). */
export interface ExplanationSubject {
  key: string;
  label: string;
  body: { locationId?: string; ruleId?: QualityRuleId; regionCode?: string };
}

/** Each flag of a location as something to explain. */
export const flagSubjects = (flags: Array<{ locationId: string; locationName: string; ruleId: QualityRuleId }>): ExplanationSubject[] =>
  flags.map((f) => ({
    key: `${f.locationId} ${f.ruleId}`,
    label: `${f.locationName}: ${ruleName(f.ruleId)}`,
    body: { locationId: f.locationId, ruleId: f.ruleId },
  }));
