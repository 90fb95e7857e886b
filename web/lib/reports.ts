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
