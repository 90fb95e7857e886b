import { z } from '@hono/zod-openapi';
import { PageInfo, PagingQuery } from '../http/openapi.ts';

export const PLACE_KINDS = ['bed', 'family_unit'] as const;
export const PLACE_STATUSES = ['available', 'held', 'occupied', 'unavailable'] as const;
export const UNAVAILABLE_REASONS = ['maintenance', 'staffing', 'safety', 'other'] as const;
export const ACCESSIBILITY = ['none', 'limited_mobility', 'wheelchair'] as const;
export const SERVES = ['women', 'men', 'all'] as const;

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
  regionCode: z.string().regex(/^VR\d{2}$/, 'a veiligheidsregio code such as VR09').optional().openapi({ example: 'VR09' }),
  kind: z.enum(PLACE_KINDS).optional(),
  status: z.enum(PLACE_STATUSES).optional(),
  stale: z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description: 'Only stale (true) or only fresh (false) places.' }),
  ...PagingQuery,
});

export const PlaceList = z.object({ items: z.array(PlaceSchema), page: PageInfo }).openapi('PlaceList');

export const PlaceIdParams = z.object({
  id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' }, example: '7b0d2b3e-8f3c-4a51-9a43-0c6c1b3f2a10' }),
});
