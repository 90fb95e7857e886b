import { z } from '@hono/zod-openapi';

import { ORGANISATION_KINDS } from '../../shared/vocabulary.ts';
import { freeText } from '../http/free-text.ts';

export const Organisation = z
  .object({ id: z.string().uuid(), name: z.string(), kind: z.enum(ORGANISATION_KINDS), locations: z.number().int() })
  .openapi('Organisation');
export const OrganisationList = z.object({ items: z.array(Organisation) }).openapi('OrganisationList');
const fields = { name: freeText(120), kind: z.enum(ORGANISATION_KINDS) };
export const NewOrganisation = z.object(fields).strict().openapi('NewOrganisation');
export const OrganisationPatch = z
  .object({ name: fields.name.optional(), kind: fields.kind.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
  .openapi('OrganisationPatch');
export const OrganisationIdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
