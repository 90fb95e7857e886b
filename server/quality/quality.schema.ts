import { z } from '@hono/zod-openapi';

import { EXPLANATION_REASONS, QUALITY_RULE_IDS, QUALITY_UNITS } from '../../shared/vocabulary.ts';
import { freeText } from '../http/free-text.ts';

const day = (description: string) =>
  z.iso
    .date()
    .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'the year must be between 2000 and 2100')
    .openapi({ description, example: '2026-07-01' });
const regionCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,20}$/)
  .openapi({ description: 'A region of the default scheme.', example: 'VR09' });

export const FlagQuery = z.object({
  from: day('First closed day of the period (inclusive).'),
  to: day('Last day of the period (inclusive); not before from, at most 366 days after it.'),
  regionCode: regionCode.optional(),
});

export const RuleSchema = z
  .object({
    id: z.enum(QUALITY_RULE_IDS),
    version: z.number().int(),
    threshold: z.number(),
    unit: z.enum(QUALITY_UNITS),
  })
  .openapi('QualityRule');

export const Explanation = z
  .object({
    id: z.string().uuid(),
    regionCode: z.string(),
    locationId: z.string().uuid().nullable(),
    ruleId: z.enum(QUALITY_RULE_IDS).nullable(),
    periodStart: z.string(),
    periodEnd: z.string(),
    reason: z.enum(EXPLANATION_REASONS),
    text: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi('QualityExplanation');

export const Question = z
  .object({
    id: z.string().uuid(),
    reportId: z.string().uuid(),
    quarter: z.string(),
    locationId: z.string().uuid(),
    locationName: z.string(),
    text: z.string(),
    createdAt: z.string().datetime(),
  })
  .openapi('ReportQuestion');

/** One location's flag under one rule: the measure above the threshold. Also a report's content. */
export const LocationFlag = z.object({
  ruleId: z.enum(QUALITY_RULE_IDS),
  ruleVersion: z.number().int(),
  locationId: z.string().uuid(),
  locationName: z.string(),
  organisationName: z.string(),
  regionCode: z.string(),
  value: z.number(),
  threshold: z.number(),
  unit: z.enum(QUALITY_UNITS),
});

export const QualityFlags = z
  .object({
    rulesVersion: z.string(),
    definitionVersion: z.string(),
    from: z.string(),
    to: z.string(),
    rules: z.array(RuleSchema),
    locations: z
      .array(LocationFlag)
      .openapi({ description: 'A flag per location and rule whose measure is above the threshold. No place, address or household.' }),
    regions: z.array(
      z.object({
        ruleId: z.enum(QUALITY_RULE_IDS),
        ruleVersion: z.number().int(),
        regionCode: z.string(),
        regionName: z.string(),
        flaggedLocations: z.number().int(),
        locations: z.number().int(),
      }),
    ),
    explanations: z.array(Explanation).openapi({ description: 'Explanations in scope whose period overlaps [from, to].' }),
    questions: z.array(Question).openapi({ description: 'Questions of region officers about the locations in scope, from quarterly reports under review.' }),
  })
  .openapi('QualityFlags');

export const NewExplanation = z
  .object({
    locationId: z.string().uuid().optional().openapi({ description: 'The location explained; left out for a whole region (region officers).' }),
    regionCode: regionCode.optional().openapi({ description: 'Required without locationId: the region explained.' }),
    ruleId: z.enum(QUALITY_RULE_IDS).optional().openapi({ description: 'The flag explained; left out for the period as a whole.' }),
    periodStart: day('First day the explanation is about.'),
    periodEnd: day('Last day the explanation is about.'),
    reason: z.enum(EXPLANATION_REASONS),
    text: freeText(500),
  })
  .strict()
  .refine((v) => v.periodStart <= v.periodEnd, { path: ['periodEnd'], message: 'must not be before periodStart' })
  .refine((v) => v.locationId !== undefined || v.regionCode !== undefined, { path: ['regionCode'], message: 'required without locationId' })
  .openapi('NewQualityExplanation');
