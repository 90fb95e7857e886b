import { z } from '@hono/zod-openapi';

import { FACTOR_KINDS, ROLES } from '../../shared/vocabulary.ts';

export const LoginBody = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254).openapi({ example: 'opvang@demo.noodbed.nl' }),
    password: z.string().min(1).max(200),
    code: z.string().trim().min(6).max(40).optional().openapi({
      description: 'A TOTP code or recovery code, to log in in one step; an account held back by failed logins still lets its owner in with it.',
    }),
  })
  .strict()
  .openapi('Login');

export const CurrentUser = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable(),
    regionCode: z.string().optional().openapi({ description: "A region officer's region (of the default scheme); absent for other roles." }),
  })
  .openapi('CurrentUser');

export const SessionSchema = z
  .object({
    user: CurrentUser,
    stage: z.enum(['complete', 'verify', 'enrol']).openapi({
      description:
        'complete: logged in. verify: the password passed, a second factor must follow. enrol: the role needs a second factor and the user has none yet.',
    }),
    factors: z.array(z.enum(FACTOR_KINDS)).openapi({ description: 'The kinds of second factor the user has.' }),
  })
  .openapi('Session');

export const FactorCodeBody = z
  .object({ code: z.string().trim().min(6).max(40).openapi({ description: 'A TOTP code or a recovery code.' }) })
  .strict()
  .openapi('FactorCode');
