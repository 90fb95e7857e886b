import { z } from '@hono/zod-openapi';

import {
  ACCESSIBILITY,
  PLACE_EVENT_TYPES,
  PLACE_KINDS,
  PLACE_STATUSES,
  type PlaceKind,
  SERVES,
  SETTABLE_STATUSES,
  UNAVAILABLE_REASONS,
} from '../../shared/vocabulary.ts';
import { patternName } from '../http/free-text.ts';
import { PageInfo, PagingQuery } from '../http/openapi.ts';
import { RowVersion } from '../http/row-version.ts';

export const RegionRef = z.object({ code: z.string().openapi({ example: 'VR09' }), name: z.string().openapi({ example: 'Utrecht' }) }).openapi('RegionRef');

/** A place as everyone may see it: fit attributes, status and where it is, never its address. */
export const PlaceSchema = z
  .object({
    id: z.string().uuid(),
    label: z.string().openapi({ example: 'Gezinsplek 3' }),
    kind: z.enum(PLACE_KINDS),
    beds: z.number().int().openapi({ description: 'Sleeping places; 1 for a bed, at least 2 for a family unit.' }),
    maxAdults: z.number().int(),
    maxChildren: z.number().int(),
    maxBoyAge: z.number().int().nullable().openapi({ description: 'Oldest son accepted, in years; null when there is no limit.' }),
    accessibility: z.enum(ACCESSIBILITY),
    petsAllowed: z.boolean(),
    status: z.enum(PLACE_STATUSES),
    unavailableReason: z.enum(UNAVAILABLE_REASONS).nullable(),
    stale: z.boolean().openapi({ description: 'Status not confirmed within the freshness window; never counted as available.' }),
    version: z.number().int().openapi({ description: 'Raised by one on every change; name it when changing the place.' }),
    confirmedAt: z.string().datetime().openapi({ example: '2026-11-23T06:00:00Z' }),
    statusChangedAt: z.string().datetime(),
    retiredAt: z.string().datetime().nullable().openapi({ description: 'When the place was retired; null while in use.' }),
    location: z.object({
      id: z.string().uuid(),
      name: z.string(),
      serves: z.enum(SERVES),
      municipality: z.object({ code: z.string().openapi({ example: 'GM0344' }), name: z.string() }),
      region: RegionRef,
      organisation: z.object({ id: z.string().uuid(), name: z.string() }),
    }),
  })
  .openapi('Place');

export const PlaceListQuery = z.object({
  locationId: z.string().uuid().optional().openapi({ description: 'Only the places of this location.' }),
  regionCode: z
    .string()
    .regex(/^VR\d{2}$/, 'a veiligheidsregio code such as VR09')
    .optional()
    .openapi({ example: 'VR09' }),
  kind: z.enum(PLACE_KINDS).optional(),
  status: z.enum(PLACE_STATUSES).optional(),
  stale: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description: 'Only stale (true) or only fresh (false) places.' }),
  ...PagingQuery,
});

export const PlaceList = z.object({ items: z.array(PlaceSchema), page: PageInfo }).openapi('PlaceList');

export const PlaceIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '7b0d2b3e-8f3c-4a51-9a43-0c6c1b3f2a10' }),
});

const reasonRule = (value: { status?: string; unavailableReason?: string | null }, ctx: z.RefinementCtx) => {
  if (value.status === 'unavailable' && !value.unavailableReason) {
    ctx.addIssue({ code: 'custom', path: ['unavailableReason'], message: 'required when status is unavailable' });
  }
  if (value.status && value.status !== 'unavailable' && value.unavailableReason) {
    ctx.addIssue({ code: 'custom', path: ['unavailableReason'], message: 'only allowed when status is unavailable' });
  }
};

/**
 * The definition's two kinds, checked in the API to name the field (on registering and on changing
 * attributes); the database checks them again.
 */
export function kindRuleIssues(place: { kind: PlaceKind; beds: number; maxAdults: number; maxChildren: number; maxBoyAge: number | null }) {
  const issues: Array<{ field: 'beds' | 'maxAdults' | 'maxChildren' | 'maxBoyAge'; message: string }> = [];
  if (place.kind === 'bed') {
    if (place.beds !== 1) issues.push({ field: 'beds', message: 'a bed is one sleeping place' });
    if (place.maxAdults !== 1) issues.push({ field: 'maxAdults', message: 'a bed is for one adult' });
    if (place.maxChildren !== 0) issues.push({ field: 'maxChildren', message: 'a bed never takes a child' });
    if (place.maxBoyAge !== null) issues.push({ field: 'maxBoyAge', message: 'a bed takes no children' });
  } else {
    if (place.beds < 2) issues.push({ field: 'beds', message: 'a family unit has at least 2 beds' });
    if (place.maxChildren < 1) issues.push({ field: 'maxChildren', message: 'a family unit takes children' });
  }
  return issues;
}

/** What an admin sets on a place (registering or changing it); place-attributes.ts maps each to its column. */
export const placeAttributes = {
  label: patternName(40),
  beds: z.number().int().min(1).max(20),
  maxAdults: z.number().int().min(1).max(2),
  maxChildren: z.number().int().min(0).max(19),
  maxBoyAge: z.number().int().min(0).max(17).nullable(),
  accessibility: z.enum(ACCESSIBILITY),
  petsAllowed: z.boolean(),
};

/** A status change (shelter staff and admins) and/or attribute changes (admins), based on a version. */
export const PlacePatch = z
  .object({
    version: RowVersion.optional().openapi({ description: 'The version the change is based on; or send If-Match.' }),
    status: z.enum(SETTABLE_STATUSES).optional().openapi({ description: '`held` is set only through holds.' }),
    unavailableReason: z.enum(UNAVAILABLE_REASONS).nullable().optional(),
    ...(Object.fromEntries(Object.entries(placeAttributes).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof placeAttributes]: z.ZodOptional<(typeof placeAttributes)[K]>;
    }),
  })
  .strict()
  .superRefine(reasonRule)
  .refine((value) => Object.keys(value).some((key) => key !== 'version'), { message: 'nothing to change' })
  .openapi('PlacePatch');
export type PlacePatchInput = z.output<typeof PlacePatch>;

export const NewPlaceSchema = z
  .object({
    locationId: z.string().uuid(),
    kind: z.enum(PLACE_KINDS),
    status: z.enum(SETTABLE_STATUSES),
    unavailableReason: z.enum(UNAVAILABLE_REASONS).nullable().default(null),
    ...placeAttributes,
    maxBoyAge: placeAttributes.maxBoyAge.default(null),
    petsAllowed: placeAttributes.petsAllowed.default(false),
    accessibility: placeAttributes.accessibility.default('none'),
  })
  .strict()
  .superRefine(reasonRule)
  .superRefine((value, ctx) => {
    for (const issue of kindRuleIssues(value)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  })
  .openapi('NewPlace');
export type NewPlaceInput = z.output<typeof NewPlaceSchema>;

export const PlaceEventSchema = z
  .object({
    seq: z.string().openapi({ description: 'Global sequence number (a 64-bit integer, as a string).', example: '1042' }),
    type: z.enum(PLACE_EVENT_TYPES),
    status: z.enum(PLACE_STATUSES),
    unavailableReason: z.enum(UNAVAILABLE_REASONS).nullable(),
    version: z.number().int(),
    occurredAt: z.string().datetime(),
    actor: z.string().nullable().openapi({ description: 'Name of the user who made the change; null for the system.' }),
  })
  .openapi('PlaceEvent');

export const PlaceEventList = z.object({ items: z.array(PlaceEventSchema) }).openapi('PlaceEventList');
