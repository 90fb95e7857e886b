import { z } from '@hono/zod-openapi';

import { EXIT_DESTINATIONS, WAITING_FOR } from '../../shared/vocabulary.ts';
import { RowVersion } from '../http/row-version.ts';

// The stays vocabulary lives in shared/vocabulary.ts (docs/definition.md, Stays).
export { EXIT_DESTINATIONS, WAITING_FOR };

const MunicipalityCode = z.string().regex(/^GM\d{4}$/, 'a CBS municipality code such as GM0363');
// A calendar day PostgreSQL can read: a mere pattern let 2026-02-31 through to the database (a 500),
// and PostgreSQL has no year 0.
const IsoDate = z.iso.date('a date such as 2026-11-25').refine((day) => !day.startsWith('0000'), 'a date such as 2026-11-25');

export const StayIdParams = z.object({ id: z.string().uuid() });
export const StayPlaceParams = z.object({ id: z.string().uuid().openapi({ description: 'The place.' }) });

// Numbers only. Strict: a name, birth date or BSN field is refused as unknown.
export const CompositionSchema = z
  .object({
    adults: z.number().int().min(1).max(2),
    children: z.array(z.object({ age: z.number().int().min(0).max(17), sex: z.enum(['female', 'male']) }).strict()).max(12),
    originMunicipality: MunicipalityCode.nullable().openapi({ description: 'Where the household lived (CBS gemeente code); null: unknown.' }),
  })
  .strict()
  .openapi('StayComposition', { description: 'Who stays, in numbers: never names, birth dates or BSN.' });
export type Composition = z.infer<typeof CompositionSchema>;

export const ReadinessSchema = z
  .object({
    since: IsoDate,
    waitingFor: z.enum(WAITING_FOR),
  })
  .strict()
  .openapi('StayReadiness', { description: 'Ready to move on since a date, waiting for one thing; the place stays occupied.' });

export const IntakeBody = CompositionSchema.extend({
  version: RowVersion.openapi({ description: 'The place version the intake is based on.' }),
}).strict();

export const StayPatch = z
  .object({
    version: RowVersion.openapi({ description: 'The stay version the change is based on.' }),
    composition: CompositionSchema.optional(),
    readiness: ReadinessSchema.nullable().optional().openapi({ description: 'null: no longer ready to move on.' }),
  })
  .strict();

export const StayEnd = z
  .object({
    placeVersion: RowVersion.openapi({ description: 'The place version the end is based on.' }),
    destination: z.enum(EXIT_DESTINATIONS),
  })
  .strict();

export const StaySchema = z
  .object({
    id: z.string().uuid(),
    placeId: z.string().uuid(),
    beganBy: z.enum(['hold', 'intake']),
    startedAt: z.string().datetime(),
    endedAt: z.string().datetime().nullable(),
    composition: CompositionSchema.nullable().openapi({ description: 'null: not entered yet.' }),
    originRegion: z.string().nullable(),
    exitDestination: z.enum(EXIT_DESTINATIONS).nullable(),
    readiness: ReadinessSchema.nullable(),
    version: z.number().int(),
  })
  .openapi('Stay');
export type StayDto = z.infer<typeof StaySchema>;

export const StayList = z.object({ items: z.array(StaySchema) }).openapi('StayList');
