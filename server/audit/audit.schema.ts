import { z } from '@hono/zod-openapi';

import { PageInfo, PagingQuery } from '../http/openapi.ts';

export const AuditEntry = z
  .object({
    id: z.string(),
    occurredAt: z.string().datetime(),
    actor: z.object({ id: z.string().uuid(), name: z.string(), email: z.string() }).nullable(),
    action: z.string().openapi({ example: 'place.status_changed' }),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    subjectName: z.string().nullable().openapi({ description: "The subject's name (a place, location, organisation or user); null for others." }),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');
export const AuditList = z.object({ items: z.array(AuditEntry), page: PageInfo }).openapi('AuditList');
export const AuditActions = z.object({ items: z.array(z.string()) }).openapi('AuditActions');

const day = (description: string) => z.iso.date().optional().openapi({ description, example: '2026-11-23' });

export const AuditQuery = z.object({
  ...PagingQuery,
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, 'an action such as place.status_changed')
    .optional()
    .openapi({ example: 'location.address_read' }),
  actorId: z.string().uuid().optional().openapi({ description: 'Only what this user did.' }),
  from: day('First day (inclusive, Amsterdam time), YYYY-MM-DD.'),
  to: day('Last day (inclusive, Amsterdam time), YYYY-MM-DD; not before from.'),
});
