import { createRoute } from '@hono/zod-openapi';
import { sql } from 'kysely';

import type { AppDeps } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { AuditActions, AuditList, AuditQuery } from './audit.schema.ts';
import { subjectNames } from './audit-subjects.ts';

export const list = createRoute({
  method: 'get',
  path: '/audit-log',
  ...policy('audit.read'),
  tags: ['Audit'],
  summary: 'The audit log, newest first, filtered by user, days and action (admins; read-only)',
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(AuditList, 'A page of the audit log.'), ...problems(400, 401, 403) },
});

export const actions = createRoute({
  method: 'get',
  path: '/audit-log/actions',
  ...policy('audit.read'),
  tags: ['Audit'],
  summary: 'Every action that occurs in the audit log, for a filter (admins)',
  responses: { 200: jsonResponse(AuditActions, 'The actions, alphabetically.'), ...problems(401, 403) },
});

// Days are calendar days in Amsterdam, as everywhere in the registry.
const dayStart = (day: string) => sql<Date>`(${day}::date::timestamp AT TIME ZONE 'Europe/Amsterdam')`;

export function auditRoutes({ db }: AppDeps) {
  return createRouter()
    .openapi(list, async (c) => {
      const { page, pageSize, action, actorId, from, to } = c.req.valid('query');
      if (from && to && from > to) throw new InvalidInput([{ name: 'query.to', code: 'too_small', reason: `to (${to}) is before from (${from})` }]);
      const base = db
        .selectFrom('audit_log')
        .$if(action !== undefined, (q) => q.where('audit_log.action', '=', action!))
        .$if(actorId !== undefined, (q) => q.where('audit_log.actor_user_id', '=', actorId!))
        .$if(from !== undefined, (q) => q.where('audit_log.occurred_at', '>=', dayStart(from!)))
        .$if(to !== undefined, (q) => q.where('audit_log.occurred_at', '<', sql<Date>`(${to!}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`));
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
      const names = await subjectNames(db, rows);
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
            subjectName: names.get(`${r.subject_type}:${r.subject_id}`) ?? null,
            detail: r.detail,
          })),
          page: { number: page, size: pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize) },
        },
        200,
      );
    })
    .openapi(actions, async (c) => {
      const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
      return c.json({ items: rows.map((r) => r.action) }, 200);
    });
}
