import { ruleName } from './quality-text.ts';

// Shapes of the quarterly reports and open data as the dashboard reads them (server/reports/reports.schema.ts).

export interface ReportFiguresDto {
  definitionVersion: string;
  disclosureVersion: string;
  rulesVersion: string;
  regionCode: string;
  places: Array<{ period: string; kind: string; places: number; beds: number; occupancyRate: number | null }>;
  demand: Array<{ period: string; regionCode: string; requests: number | 'x'; placed: number | 'x'; noPlace: number | 'x' }>;
  flags: Array<{ ruleId: string; ruleVersion: number; flaggedLocations: number; locations: number }>;
}

export interface ReportSummaryDto {
  id: string;
  regionCode: string | null;
  regionName: string;
  quarter: string;
  periodStart: string;
  periodEnd: string;
  status?: 'draft' | 'question' | 'signed_off';
  definitionVersion: string | null;
  disclosureVersion: string | null;
}

export interface ReportDto extends ReportSummaryDto {
  content: ReportFiguresDto & {
    locationFlags: Array<{ ruleId: string; locationId: string; locationName: string; organisationName: string; value: number; unit: string }>;
    explanations: Array<{ id: string; locationId: string | null; ruleId: string | null; reason: string; text: string }>;
  };
  questions: Array<{ id: string; locationName: string; text: string }>;
}

/** What an explanation is about: one flag of a location, or a region as a whole (POST /quality/explanations). */
export interface ExplanationSubject {
  key: string;
  label: string;
  body: { locationId?: string; ruleId?: string; regionCode?: string };
}

/** Each flag of a location as something to explain. */
export const flagSubjects = (flags: Array<{ locationId: string; locationName: string; ruleId: string }>): ExplanationSubject[] =>
  flags.map((f) => ({
    key: `${f.locationId} ${f.ruleId}`,
    label: `${f.locationName}: ${ruleName(f.ruleId)}`,
    body: { locationId: f.locationId, ruleId: f.ruleId },
  }));
