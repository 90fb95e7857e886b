import { z } from '@hono/zod-openapi';

import { ACCESSIBILITY, DECLINE_REASONS, HOLD_STATUSES, PLACE_KINDS } from '../../shared/vocabulary.ts';
import { RegionRef } from '../places/places.schema.ts';
import { HouseholdSchema } from '../requests/requests.schema.ts';

export const NewHold = z.object({ requestId: z.string().uuid(), placeId: z.string().uuid() }).strict().openapi('NewHold');

export const HoldAction = z
  .object({ action: z.enum(['extend', 'release', 'accept', 'decline']), reason: z.enum(DECLINE_REASONS).optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.action === 'decline' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required to decline' });
    if (v.action !== 'decline' && v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only when declining' });
  })
  .openapi('HoldAction', { description: 'extend and release: crisis workers; accept and decline: the shelter.' });

export const HoldSchema = z
  .object({
    id: z.string().uuid(),
    requestId: z.string().uuid(),
    status: z.enum(HOLD_STATUSES),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    extended: z.boolean(),
    declineReason: z.enum(DECLINE_REASONS).nullable(),
    endedAt: z.string().datetime().nullable(),
    place: z.object({
      id: z.string().uuid(),
      label: z.string(),
      kind: z.enum(PLACE_KINDS),
      beds: z.number().int(),
      location: z.object({ id: z.string().uuid(), name: z.string(), municipality: z.string(), region: RegionRef, organisation: z.string() }),
    }),
    household: HouseholdSchema,
    needs: z.object({ accessibility: z.enum(ACCESSIBILITY), pet: z.boolean() }),
    team: z.object({ name: z.string(), phone: z.string().nullable() }).nullable().openapi({
      description:
        'The crisis team that holds the place and its phone, for the shelter while the hold is active or recently accepted (as the intake phone is for the team).',
    }),
    intakePhone: z
      .string()
      .nullable()
      .openapi({ description: "The location's 24/7 intake phone, for the crisis worker while the hold is active or accepted. Never the address." }),
  })
  .openapi('Hold');

export const HoldList = z.object({ items: z.array(HoldSchema) }).openapi('HoldList');
export const HoldIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
