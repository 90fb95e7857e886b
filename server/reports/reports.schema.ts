import { z } from '@hono/zod-openapi';

import { QUALITY_RULE_IDS } from '../../shared/vocabulary.ts';
import { freeText } from '../http/free-text.ts';
import { Explanation, LocationFlag, Question } from '../quality/quality.schema.ts';
import { DemandRow } from '../statistics/statistics.schema.ts';

export const ReportIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const PlaceFigure = z
  .object({
    period: z.string(),
    kind: z.enum(['bed', 'family_unit']),
    places: z.number().int(),
    beds: z.number().int(),
    occupancyRate: z.number().nullable(),
    unavailableShare: z.number(),
    unknownShare: z.number(),
  })
  .openapi('ReportPlaceFigure');

const RegionFlagCount = z
  .object({ ruleId: z.enum(QUALITY_RULE_IDS), ruleVersion: z.number().int(), flaggedLocations: z.number().int(), locations: z.number().int() })
  .openapi('ReportFlagCount');

export const PublicFiguresSchema = z
  .object({
    definitionVersion: z.string(),
    disclosureVersion: z.string(),
    rulesVersion: z.string(),
    regionCode: z.string(),
    places: z.array(PlaceFigure).openapi({ description: 'Places, beds and place-time shares per month and kind (places, not households).' }),
    demand: z.array(DemandRow).openapi({ description: 'Household figures per month under disclosure control: hidden ones are "x".' }),
    flags: z.array(RegionFlagCount).openapi({ description: 'Per quality rule, how many locations it flagged (never which).' }),
  })
  .openapi('ReportFigures');

export const ReportContentSchema = PublicFiguresSchema.extend({
  locationFlags: z.array(LocationFlag),
  explanations: z.array(Explanation),
}).openapi('ReportContent');

export { Question };

const reportFields = {
  id: z.string().uuid(),
  regionCode: z.string().nullable().openapi({ description: 'The region; null for the national report.' }),
  regionName: z.string(),
  quarter: z.string().openapi({ example: '2026-Q3' }),
  periodStart: z.string(),
  periodEnd: z.string(),
  signedOffAt: z.string().datetime().nullable(),
  definitionVersion: z.string().nullable().openapi({ description: 'Set when signed off: the definition its figures were computed under.' }),
  disclosureVersion: z.string().nullable().openapi({ description: 'Set when signed off: the disclosure control its figures passed.' }),
};

export const ReportSummary = z.object({ ...reportFields, status: z.enum(['draft', 'question', 'signed_off']) }).openapi('ReportSummary');
export const ReportList = z.object({ items: z.array(ReportSummary) }).openapi('ReportList');
export const Report = ReportSummary.extend({
  content: ReportContentSchema.openapi({ description: 'Signed off: the frozen snapshot. Otherwise: computed now.' }),
  questions: z.array(Question),
}).openapi('Report');

export const NewQuestion = z
  .object({
    locationId: z.string().uuid().openapi({ description: "A location of the report's region: its shelter is asked." }),
    text: freeText(500),
  })
  .strict()
  .openapi('NewReportQuestion');

// Open data: signed-off reports only.
export const OpenReportSummary = z.object(reportFields).openapi('OpenReportSummary');
export const OpenReportList = z.object({ items: z.array(OpenReportSummary) }).openapi('OpenReportList');
export const OpenReport = OpenReportSummary.extend({ figures: PublicFiguresSchema }).openapi('OpenReport');
