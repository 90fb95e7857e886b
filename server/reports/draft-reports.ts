import { type Kysely, sql } from 'kysely';

import type { Database } from '../../db/schema.ts';
import { quarterOf } from './quarters.ts';

/**
 * Drafts a quarter's reports, one per region of the default scheme and one for the nation, when the
 * day the rollups just closed is the quarter's last: a quarter is closed when its last day is, so the
 * rollups' clock is the reports' clock. Runs inside the transaction that closes the day, under its lock
 * on rollup_state, so two nodes closing days at once draft a quarter once; ON CONFLICT makes a re-run
 * (or a draft the migration made) harmless.
 */
export async function draftReportsIfQuarterEnds(trx: Kysely<Database>, closedDay: string): Promise<boolean> {
  const quarter = quarterOf(closedDay);
  if (quarter.end !== closedDay) return false;
  await sql`
    INSERT INTO quarterly_reports (region_scheme, region_code, quarter, period_start, period_end)
    SELECT s.code, r.code, ${quarter.quarter}, ${quarter.start}::date, ${quarter.end}::date
      FROM regions r JOIN region_schemes s ON s.code = r.scheme_code WHERE s.is_default
    UNION ALL SELECT NULL, NULL, ${quarter.quarter}, ${quarter.start}::date, ${quarter.end}::date
    ON CONFLICT (coalesce(region_scheme, ''), coalesce(region_code, ''), quarter) DO NOTHING`.execute(trx);
  return true;
}
