import { z } from '@hono/zod-openapi';

import type { Role } from '../../db/schema.ts';
import { ROLES } from '../../shared/vocabulary.ts';
import { NewPassword } from '../auth/passwords.ts';
import { freeText } from '../http/free-text.ts';
import { PageInfo, PagingQuery } from '../http/openapi.ts';
import { membershipPresenceProblem } from '../policy/membership.ts';

export const User = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable(),
    regionCode: z.string().nullable().openapi({ description: "A region officer's region (default scheme); null for other roles." }),
    disabled: z.boolean(),
    createdAt: z.string().datetime(),
  })
  .openapi('User');
export const UserList = z.object({ items: z.array(User), page: PageInfo }).openapi('UserList');
export const UserListQuery = z.object({
  ...PagingQuery,
  role: z.enum(ROLES).optional(),
  organisationId: z.string().uuid().optional().openapi({ description: "Only the members of this organisation (shelter staff, or a crisis team's workers)." }),
});

const password = NewPassword;
const RegionCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,20}$/)
  .nullable();
/**
 * Whether the role needs an organisation, or refuses one (the policy's membership rule; the kind is
 * checked against the database by assertOrganisationFits, which a PATCH also asks with the user's
 * current values for what it leaves out).
 */
const organisationRule = (v: { role?: Role; organisationId?: string | null }, ctx: z.RefinementCtx) => {
  const problem = v.role && membershipPresenceProblem(v.role, Boolean(v.organisationId));
  if (problem) ctx.addIssue({ code: 'custom', path: ['organisationId'], message: problem });
};

export const NewUser = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    name: freeText(120),
    role: z.enum(ROLES),
    organisationId: z.string().uuid().nullable().default(null),
    regionCode: RegionCode.default(null).openapi({
      description: "A region officer's region, of the default region scheme (e.g. VR09); required for them, refused for other roles.",
    }),
    password,
  })
  .strict()
  .superRefine(organisationRule)
  .superRefine((v, ctx) => {
    if ((v.role === 'region_officer') !== (v.regionCode !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regionCode'],
        message: v.role === 'region_officer' ? 'required for region officers' : 'only region officers have a region',
      });
    }
  })
  .openapi('NewUser');

export const UserPatch = z
  .object({
    name: freeText(120).optional(),
    role: z.enum(ROLES).optional(),
    organisationId: z
      .string()
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: 'Left out when the role changes to one without an organisation: the user leaves it.' }),
    password: password.optional(),
    regionCode: RegionCode.optional().openapi({
      description: "A region officer's region, of the default region scheme. Left out when the role changes to another: the user leaves it.",
    }),
    disabled: z.boolean().optional().openapi({ description: "true ends all of the user's sessions at once." }),
  })
  .strict()
  .superRefine(organisationRule)
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
  .openapi('UserPatch');

export const UserIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
