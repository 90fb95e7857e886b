import { z } from '@hono/zod-openapi';

import {
  ACCESSIBILITY,
  ADULT_GENDERS,
  CHILD_SEXES,
  CLOSING_STATUSES,
  NEAR_MISS_RULES,
  NO_PLACE_REASONS,
  REQUEST_STATUSES,
  URGENCIES,
} from '../../shared/vocabulary.ts';
import { PageInfo, PagingQuery } from '../http/openapi.ts';
import { PlaceSchema } from '../places/places.schema.ts';

const RegionCode = z.string().regex(/^VR\d{2}$/, 'a veiligheidsregio code such as VR13');
const MunicipalityCode = z.string().regex(/^GM\d{4}$/, 'a CBS municipality code such as GM0363');

// Composition only. Strict objects: a name, birth date, BSN or address field is refused as unknown.
export const HouseholdSchema = z
  .object({
    adults: z
      .array(z.object({ gender: z.enum(ADULT_GENDERS) }).strict())
      .min(1)
      .max(2),
    children: z
      .array(z.object({ age: z.number().int().min(0).max(17), sex: z.enum(CHILD_SEXES) }).strict())
      .max(12)
      .default([]),
  })
  .strict()
  .openapi('Household', { description: 'Who is placed together: 1–2 adults and their children. No personal data.' });

const Needs = z.object({ accessibility: z.enum(ACCESSIBILITY).default('none'), pet: z.boolean().default(false) }).strict();
const originMunicipality = MunicipalityCode.openapi({
  description: 'The municipality the household lives in: places are ranked by the straight-line distance from it.',
});
const farAway = z.boolean().openapi({ description: 'Far away on purpose (for safety): the most distant places first.' });

export const NewPlacementRequest = z
  .object({
    originRegion: RegionCode.optional().openapi({ description: 'The region the household lives in; taken from originMunicipality when that is given.' }),
    originMunicipality: originMunicipality.optional(),
    household: HouseholdSchema,
    needs: Needs.default({ accessibility: 'none', pet: false }),
    avoidRegions: z.array(RegionCode).max(25).default([]),
    preferRegions: z.array(RegionCode).max(25).default([]),
    farAway: farAway.default(false),
    urgency: z.enum(URGENCIES).default('now'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.originRegion && !v.originMunicipality) ctx.addIssue({ code: 'custom', path: ['originMunicipality'], message: 'required (or originRegion)' });
  })
  .openapi('NewPlacementRequest');

/** Changing the household of an open request, or what it needs: only the fields sent change. */
export const PlacementRequestChange = z
  .object({
    originMunicipality: originMunicipality.optional(),
    household: HouseholdSchema.optional(),
    needs: Needs.optional(),
    avoidRegions: z.array(RegionCode).max(25).optional(),
    preferRegions: z.array(RegionCode).max(25).optional(),
    farAway: farAway.optional(),
    urgency: z.enum(URGENCIES).optional(),
  })
  .strict()
  .openapi('PlacementRequestChange');

export const PlacementRequestSchema = z
  .object({
    id: z.string().uuid(),
    createdAt: z.string().datetime(),
    originRegion: z.string(),
    originMunicipality: z.string().nullable(),
    household: HouseholdSchema,
    needs: z.object({ accessibility: z.enum(ACCESSIBILITY), pet: z.boolean() }),
    avoidRegions: z.array(z.string()),
    preferRegions: z.array(z.string()),
    farAway: z.boolean(),
    urgency: z.enum(URGENCIES),
    status: z.enum(REQUEST_STATUSES),
    outcomeReason: z.enum(NO_PLACE_REASONS).nullable(),
    placedPlaceId: z.string().uuid().nullable(),
    placedRegion: z.string().nullable(),
    closedAt: z.string().datetime().nullable(),
  })
  .openapi('PlacementRequest');

export const PlacementRequestList = z.object({ items: z.array(PlacementRequestSchema) }).openapi('PlacementRequestList');

/** Closing a request without a placement: placed comes only from an accepted hold. */
export const ClosePlacementRequest = z
  .object({ status: z.enum(CLOSING_STATUSES), reason: z.enum(NO_PLACE_REASONS).optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'no_place' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required for no_place' });
    if (v.status === 'withdrawn' && v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only for no_place' });
  })
  .openapi('ClosePlacementRequest');

const FitFailureSchema = z.object({
  rule: z.enum(NEAR_MISS_RULES),
  message: z.string().openapi({ example: 'sons up to 12; this household has a son of 14' }),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

const DistanceKm = z.number().int().nullable().openapi({
  description:
    'Straight-line ("hemelsbreed") distance in km between the centroids of the origin municipality and the place\'s; null without an origin municipality.',
});

export const Matches = z
  .object({
    requestId: z.string().uuid(),
    page: PageInfo,
    matches: z.array(PlaceSchema.extend({ preferredRegion: z.boolean(), distanceKm: DistanceKm })),
    nearMisses: z
      .array(
        z.object({
          rule: FitFailureSchema.shape.rule,
          count: z.number().int().openapi({ description: 'Available places that miss by this rule alone.' }),
          places: z
            .array(z.object({ place: PlaceSchema, distanceKm: DistanceKm, failure: FitFailureSchema }))
            .openapi({ description: 'The best few of them, ranked as matches are.' }),
        }),
      )
      .optional()
      .openapi({ description: 'Absent when asked with nearMisses=false.' }),
  })
  .openapi('Matches', {
    description: 'Places that fit, best first; and available places that miss by one rule (or are stale), grouped by that rule, most common first.',
  });

export const MatchesQuery = z.object({
  ...PagingQuery,
  // The search's offset, (page - 1) × pageSize, is a PostgreSQL integer: a page beyond it was refused
  // by the database without naming the parameter. A million pages of 500 is far past any result.
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).openapi({ description: 'Page number, from 1, at most 1,000,000.', example: 1 }),
  includeEarlier: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'Also offer places this request already held whose hold was declined, released or expired.' }),
  nearMisses: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .openapi({
      description: 'Also the near misses: every available place checked against every rule, so costlier than the page; false for a count or a refresh.',
    }),
});

export const RequestIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
