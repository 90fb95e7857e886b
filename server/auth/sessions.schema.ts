import { z } from '@hono/zod-openapi';

export const ROLES = ['admin', 'shelter_staff', 'crisis_worker', 'analyst'] as const;

export const LoginBody = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254).openapi({ example: 'opvang@demo.noodbed.nl' }),
    password: z.string().min(1).max(200),
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
  })
  .openapi('CurrentUser');

export const SessionSchema = z.object({ user: CurrentUser }).openapi('Session');
