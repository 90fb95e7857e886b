import { type Kysely, sql } from 'kysely';

// Publishing, finished (issue 16). Frozen once landed.
// - The open-data rate limit is counted here, not in each node's memory: behind a load balancer one
//   address reaches every node, and a per-node limit multiplies by the number of nodes. One token
//   bucket per address: `tokens` as of `at`.
// - Reports are drafted by the rollups when they close a quarter's last day (no longer when /reports
//   is read). A database whose rollups closed a quarter before that gets the last closed quarter's
//   drafts now, as its first read of /reports would have made them.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE open_data_buckets (
      address text PRIMARY KEY,
      tokens double precision NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX open_data_buckets_at ON open_data_buckets (at);

    WITH closed AS (
      SELECT (date_trunc('quarter', (closed_through + 1)::timestamp) - interval '1 day')::date AS period_end
      FROM rollup_state WHERE closed_through IS NOT NULL
    ), quarter AS (
      SELECT to_char(period_end, 'YYYY') || '-Q' || to_char(period_end, 'Q') AS quarter,
             date_trunc('quarter', period_end::timestamp)::date AS period_start, period_end
      FROM closed
    )
    INSERT INTO quarterly_reports (region_scheme, region_code, quarter, period_start, period_end)
    SELECT s.code, r.code, q.quarter, q.period_start, q.period_end
      FROM quarter q CROSS JOIN regions r JOIN region_schemes s ON s.code = r.scheme_code WHERE s.is_default
    UNION ALL SELECT NULL, NULL, q.quarter, q.period_start, q.period_end FROM quarter q
    ON CONFLICT (coalesce(region_scheme, ''), coalesce(region_code, ''), quarter) DO NOTHING;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE open_data_buckets`.execute(db);
}
