import { z } from '@hono/zod-openapi';

import { PageInfo } from '../http/openapi.ts';

export const AuditEntry = z
  .object({
    id: z.string(),
    occurredAt: z.string().datetime(),
    actor: z.object({ id: z.string().uuid(), name: z.string(), email: z.string() }).nullable(),
    action: z.string().openapi({ example: 'place.status_changed' }),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');
export const AuditList = z.object({ items: z.array(AuditEntry), page: PageInfo }).openapi('AuditList');
