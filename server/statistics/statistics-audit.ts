import type { Context } from 'hono';

import type { Db } from '../../db/database.ts';
import { audit } from '../audit/audit.repository.ts';
import type { PolicyEnv } from '../policy/route-policy.ts';
import { wantsCsv } from './csv.ts';
import type { StatisticsTable } from './datapackage.ts';
import type { PlaceTimeInterval } from './statistics.schema.ts';
import type { StatisticsFilters } from './statistics-filters.repository.ts';

/**
 * Every statistics query is written to the audit log: who asked which table with which filters, so a
 * series of differencing queries can be seen afterwards. Only codes and dates, never free text.
 */
export async function auditQuery(
  db: Db,
  c: Context<PolicyEnv>,
  table: StatisticsTable,
  f: StatisticsFilters<PlaceTimeInterval>,
  extra: Record<string, string | boolean> = {},
): Promise<void> {
  await audit(db, {
    actorUserId: c.var.actor.id,
    action: 'statistics.queried',
    subjectType: 'statistics',
    subjectId: table,
    detail: {
      format: wantsCsv(c) ? 'csv' : 'json',
      from: f.from,
      to: f.to,
      interval: f.interval,
      scheme: f.scheme,
      regionCodes: f.regionCodes,
      kind: f.kind,
      ...extra,
    },
  });
}
