import { z } from '@hono/zod-openapi';

import { NewPassword } from '../auth/passwords.ts';

export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: NewPassword })
  .strict()
  .openapi('PasswordChange');

export const PasswordLink = z
  .object({
    url: z.string().openapi({ description: 'Give this to the user; the token is in the fragment, so it reaches no server log.' }),
    expiresAt: z.string().datetime(),
  })
  .openapi('PasswordLink');

export const PasswordReset = z
  .object({ token: z.string().min(20).max(100), password: NewPassword })
  .strict()
  .openapi('PasswordReset');
