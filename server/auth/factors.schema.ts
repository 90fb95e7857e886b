import { z } from '@hono/zod-openapi';

import { FACTOR_KINDS } from '../../shared/vocabulary.ts';

export const TotpEnrolment = z
  .object({
    secret: z.string().openapi({ description: 'Base32 secret to type into an authenticator app.' }),
    uri: z.string().openapi({ description: 'The same as an otpauth:// URI (for a QR code).' }),
  })
  .openapi('TotpEnrolment');

export const EnrolmentDone = z
  .object({
    recoveryCodes: z.array(z.string()).nullable().openapi({
      description: 'Shown this once: ten single-use codes for when the factor is lost. Null when the user has recovery codes already.',
    }),
  })
  .openapi('EnrolmentDone');

export const Factor = z.object({ id: z.string().uuid(), kind: z.enum(FACTOR_KINDS), createdAt: z.string().datetime() }).openapi('Factor');
export const FactorList = z.object({ items: z.array(Factor) }).openapi('FactorList');
