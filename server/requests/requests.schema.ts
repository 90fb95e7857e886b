import { z } from '@hono/zod-openapi';
import { PageInfo, PagingQuery } from '../http/openapi.ts';
import { ACCESSIBILITY, PlaceSchema } from '../places/places.schema.ts';

const RegionCode = z.string().regex(/^VR\d{2}$/, 'a veiligheidsregio code such as VR13');

export const URGENCIES = ['now', 'today', 'this_week'] as const;
export const REQUEST_STATUSES = ['open', 'placed', 'no_place', 'withdrawn'] as const;
export const NO_PLACE_REASONS = ['no_fitting_place', 'no_capacity', 'household_declined', 'other'] as const;

// Composition only. Strict objects: a name, birth date, BSN or address field is refused as unknown.
export const HouseholdSchema = z
  .object({
    adults: z.array(z.object({ gender: z.enum(['female', 'male', 'other']) }).strict()).min(1).max(2),
    children: z.array(z.object({ age: z.number().int().min(0).max(17), sex: z.enum(['female', 'male']) }).strict()).max(12).default([]),
  })
  .strict()
  .openapi('Household', { description: 'Who is placed together: 1–2 adults and their children. No personal data.' });

export const NewPlacementRequest = z
  .object({
    originRegion: RegionCode.openapi({ description: 'Where the household lives.' }),
    household: HouseholdSchema,
    needs: z.object({ accessibility: z.enum(ACCESSIBILITY).default('none'), pet: z.boolean().default(false) }).strict().default({ accessibility: 'none', pet: false }),
    avoidRegions: z.array(RegionCode).max(25).default([]),
    preferRegions: z.array(RegionCode).max(25).default([]),
    urgency: z.enum(URGENCIES).default('now'),
  })
  .strict()
  .openapi('NewPlacementRequest');

export const PlacementRequestSchema = z
  .object({
    id: z.string().uuid(),
    createdAt: z.string().datetime(),
    originRegion: z.string(),
    household: HouseholdSchema,
    needs: z.object({ accessibility: z.enum(ACCESSIBILITY), pet: z.boolean() }),
    avoidRegions: z.array(z.string()),
    preferRegions: z.array(z.string()),
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
  .object({ status: z.enum(['no_place', 'withdrawn']), reason: z.enum(NO_PLACE_REASONS).optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'no_place' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required for no_place' });
    if (v.status === 'withdrawn' && v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only for no_place' });
  })
  .openapi('ClosePlacementRequest');

const FitFailureSchema = z.object({
  rule: z.enum(['kind', 'maxAdults', 'maxChildren', 'beds', 'boyAge', 'serves', 'accessibility', 'pets', 'avoidedRegion', 'stale']),
  message: z.string().openapi({ example: 'sons up to 12; this household has a son of 14' }),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const Matches = z
  .object({
    requestId: z.string().uuid(),
    page: PageInfo,
    matches: z.array(PlaceSchema.extend({ preferredRegion: z.boolean() })),
    nearMisses: z.array(z.object({ place: PlaceSchema, failures: z.array(FitFailureSchema) })),
  })
  .openapi('Matches', { description: 'Places that fit, best first; and available places that miss by one rule (or are stale).' });

export const MatchesQuery = z.object(PagingQuery);

export const RequestIdParams = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
