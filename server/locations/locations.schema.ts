import { z } from '@hono/zod-openapi';

import { SERVES } from '../../shared/vocabulary.ts';
import { freeText, patternName } from '../http/free-text.ts';
import { RegionRef } from '../places/places.schema.ts';

/** A location with its confidential address: only for its own shelter staff and admins. */
export const LocationSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    organisation: z.object({ id: z.string().uuid(), name: z.string() }),
    municipality: z.object({ code: z.string(), name: z.string() }),
    region: RegionRef,
    serves: z.enum(SERVES),
    address: z
      .object({ street: z.string(), postalCode: z.string(), city: z.string() })
      .openapi({ description: 'Confidential (geheim adres). Every read is audited.' }),
    intakePhone: z.string().openapi({ description: '24/7 intake phone.' }),
    places: z.number().int(),
    retiredAt: z.string().datetime().nullable().openapi({ description: 'When the location was retired; null while in use.' }),
  })
  .openapi('Location');

export const LocationList = z.object({ items: z.array(LocationSchema) }).openapi('LocationList');

export const LocationListQuery = z.object({
  organisationId: z
    .string()
    .uuid()
    .optional()
    .openapi({ description: 'Only the locations of this organisation (shelter staff: only their own; another is a 403).' }),
});

export const LocationIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }),
});

const fields = {
  name: patternName(80),
  municipalityCode: z.string().regex(/^GM\d{4}$/, 'a CBS municipality code such as GM0344'),
  serves: z.enum(SERVES),
  street: freeText(120, { streetAllowed: true }),
  postalCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[1-9]\d{3} ?[A-Z]{2}$/, 'a Dutch postal code such as 3511 AB'),
  city: freeText(80),
  intakePhone: z
    .string()
    .trim()
    .regex(/^[0-9+() -]{6,20}$/, 'a phone number'),
};

export const NewLocationSchema = z
  .object({ organisationId: z.string().uuid(), ...fields })
  .strict()
  .openapi('NewLocation');

export const LocationPatch = z
  .object(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' })
  .openapi('LocationPatch');

export const Confirmation = z
  .object({ confirmedAt: z.string().datetime(), places: z.number().int().openapi({ description: 'Places confirmed, one event each.' }) })
  .openapi('Confirmation');
