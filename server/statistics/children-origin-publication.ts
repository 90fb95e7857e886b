import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { NATION } from './demand-publication.ts';
import { type DisclosureRules, protectTable, publish } from './disclosure.ts';
import { TIME_ZONE } from './rollups.ts';
import type { ChildrenOriginRow } from './statistics.schema.ts';
import type { StatisticsFilters } from './statistics-filters.repository.ts';
import { closedPeriods } from './stays-publication.ts';

// Children placed outside their origin municipality (the woonplaatsbeginsel: the municipality a child
// came from pays for its youth care), by origin municipality and the closed month their stay began.
// One fixed table per month: every municipality and the nation × outside, inside and their total,
// through disclosure control. Stays without a known origin municipality are left out.

export async function publishChildrenOrigin(db: Db, f: Pick<StatisticsFilters, 'from' | 'to'>, rules: DisclosureRules): Promise<ChildrenOriginRow[]> {
  const state = await db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow();
  const periods = closedPeriods(f.from, f.to, 'month', state.closed_through);
  if (!periods.length) return [];
  const [counts, municipalities] = await Promise.all([
    sql<{ period: string; code: string; outside: string; inside: string }>`
      SELECT to_char(date_trunc('month', (s.started_at AT TIME ZONE ${TIME_ZONE})::date::timestamp), 'YYYY-MM-DD') AS period,
        s.origin_municipality_code AS code,
        sum(cardinality(s.child_ages)) FILTER (WHERE l.municipality_code <> s.origin_municipality_code) AS outside,
        sum(cardinality(s.child_ages)) FILTER (WHERE l.municipality_code = s.origin_municipality_code) AS inside
      FROM stays s JOIN places p ON p.id = s.place_id JOIN locations l ON l.id = p.location_id
      WHERE s.origin_municipality_code IS NOT NULL
        AND s.started_at >= (${periods[0]!.start}::date::timestamp AT TIME ZONE ${TIME_ZONE})
        AND s.started_at < ((${periods.at(-1)!.last}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})
      GROUP BY 1, 2`.execute(db),
    db.selectFrom('municipalities').select(['code', 'name']).orderBy('code').execute(),
  ]);
  const byKey = new Map(counts.rows.map((c) => [`${c.period} ${c.code}`, [Number(c.outside ?? 0), Number(c.inside ?? 0)]]));
  return periods.flatMap(({ start }) => {
    const interior = municipalities.map((m) => {
      const [outside, inside] = byKey.get(`${start} ${m.code}`) ?? [0, 0];
      return [outside!, inside!, outside! + inside!];
    });
    const cells = [...interior, [0, 1, 2].map((j) => interior.reduce((sum, row) => sum + row[j]!, 0))];
    const hidden = protectTable(cells, rules);
    return [...municipalities, { code: NATION.code, name: NATION.name }].map((m, i) => ({
      period: start,
      municipalityCode: m.code,
      municipalityName: m.name,
      childrenOutside: publish(cells[i]![0]!, hidden[i]![0]!),
      childrenInside: publish(cells[i]![1]!, hidden[i]![1]!),
      children: publish(cells[i]![2]!, hidden[i]![2]!),
    }));
  });
}
