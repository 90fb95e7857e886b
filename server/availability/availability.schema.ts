import { z } from '@hono/zod-openapi';

const count = z.number().int();

export const BucketCounts = z
  .object({ available: count, held: count, occupied: count, unavailable: count, stale: count, total: count })
  .openapi('BucketCounts', { description: 'Stale places are counted only under stale (status unknown), never as available.' });

export const KindCounts = z.object({ places: BucketCounts, beds: BucketCounts }).openapi('KindCounts');

export const ByKind = z.object({ familyUnit: KindCounts, bed: KindCounts }).openapi('ByKind');

export const Availability = z
  .object({
    definitionVersion: z.string().openapi({ example: '1' }),
    freshnessHours: z.number(),
    generatedAt: z.string().datetime(),
    asOf: z.string().datetime().openapi({
      description:
        'The moment the figures describe: now for those who act on places; for analysts the last full hour, so that no single household can be timed by polling.',
    }),
    national: ByKind,
    regions: z.array(z.object({ code: z.string().openapi({ example: 'VR09' }), name: z.string() }).merge(ByKind)),
  })
  .openapi('Availability');

export type ByKindDto = z.infer<typeof ByKind>;
export type AvailabilityDto = z.infer<typeof Availability>;
