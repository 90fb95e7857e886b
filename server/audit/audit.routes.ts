import { createRoute, z } from '@hono/zod-openapi';

import type { AppDeps } from '../context.ts';
import { createRouter, jsonResponse, PagingQuery, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { AuditList } from './audit.schema.ts';

const list = createRoute({
  method: 'get',
  path: '/audit-log',
  ...policy('audit.read'),
  tags: ['Audit'],
  summary: 'The audit log, newest first (admins; read-only)',
  request: { query: z.object({ ...PagingQuery, action: z.string().max(60).optional().openapi({ example: 'location.address_read' }) }) },
  responses: { 200: jsonResponse(AuditList, 'A page of the audit log.'), ...problems(400, 401, 403) },
});

export function auditRoutes({ db }: AppDeps) {
  return createRouter().openapi(list, async (c) => {
    const { page, pageSize, action } = c.req.valid('query');
    const base = db.selectFrom('audit_log').$if(action !== undefined, (q) => q.where('audit_log.action', '=', action!));
    const [rows, count] = await Promise.all([
      base
        .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
        .select([
          'audit_log.id',
          'audit_log.occurred_at',
          'audit_log.action',
          'audit_log.subject_type',
          'audit_log.subject_id',
          'audit_log.detail',
          'users.id as user_id',
          'users.name',
          'users.email',
        ])
        .orderBy('audit_log.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const total = Number(count.n);
    return c.json(
      {
        items: rows.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at.toISOString(),
          actor: r.user_id ? { id: r.user_id, name: r.name!, email: r.email! } : null,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          detail: r.detail,
        })),
        page: { number: page, size: pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize) },
      },
      200,
    );
  });
}
