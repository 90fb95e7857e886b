import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
import { EXIT_DESTINATIONS } from '../stays/stays.schema.ts';
import { NATION } from './demand-publication.ts';
import { type DisclosureRules, protectTable, publish } from './disclosure.ts';
import { TIME_ZONE } from './rollups.ts';
import type { StayLengthRow } from './statistics.schema.ts';
import type { StatisticsFilters } from './statistics-filters.repository.ts';
import { closedPeriods } from './stays-publication.ts';

// Stays that ended, per closed period, region (veiligheidsregio of the place) and kind: how many, how
// long (median, p90) and where the households went. One fixed table per period and kind: all regions
// and the nation × the destinations and their total, through disclosure control; lengths are shown only
// where the count they describe is. Kinds are never added up, so no kind is the difference of two tables.

const KINDS: PlaceKind[] = ['bed', 'family_unit'];
const DESTINATION_COLUMNS = {
  own_housing: 'ownHousing',
  family_or_friends: 'familyOrFriends',
  other_shelter: 'otherShelter',
  former_home: 'formerHome',
  care_institution: 'careInstitution',
  unknown: 'unknownDestination',
} as const;

export async function publishStayLengths(db: Db, f: StatisticsFilters & { interval: 'week' | 'month' }, rules: DisclosureRules): Promise<StayLengthRow[]> {
  const state = await db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow();
  const periods = closedPeriods(f.from, f.to, f.interval, state.closed_through);
  if (!periods.length) return [];
  const first = periods[0]!.start;
  const last = periods.at(-1)!.last;
  const ended = sql`
    SELECT to_char(date_trunc(${f.interval}, (s.ended_at AT TIME ZONE ${TIME_ZONE})::date::timestamp), 'YYYY-MM-DD') AS period,
      l.region_code, p.kind, s.exit_destination, extract(epoch FROM s.ended_at - s.started_at) / 86400 AS days
    FROM stays s JOIN places p ON p.id = s.place_id JOIN locations l ON l.id = p.location_id
    WHERE s.ended_at >= (${first}::date::timestamp AT TIME ZONE ${TIME_ZONE}) AND s.ended_at < ((${last}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})`;
  const [counts, lengths, regionRows] = await Promise.all([
    sql<{ period: string; region_code: string; kind: PlaceKind; exit_destination: string; n: string }>`
      SELECT period, region_code, kind, exit_destination, count(*) AS n FROM (${ended}) e GROUP BY 1, 2, 3, 4`.execute(db),
    sql<{ period: string; region_code: string | null; kind: PlaceKind; median: number; p90: number }>`
      SELECT period, region_code, kind, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
      FROM (${ended}) e GROUP BY GROUPING SETS ((period, region_code, kind), (period, kind))`.execute(db),
    db.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', f.scheme).orderBy('code').execute(),
  ]);
  const regions = new Map(regionRows.map((r) => [r.code, r.name]));
  for (const c of counts.rows) if (!regions.has(c.region_code)) regions.set(c.region_code, c.region_code);
  const codes = [...regions.keys()].sort();
  const count = new Map(counts.rows.map((c) => [`${c.period} ${c.region_code} ${c.kind} ${c.exit_destination}`, Number(c.n)]));
  const length = new Map(lengths.rows.map((l) => [`${l.period} ${l.region_code ?? NATION.code} ${l.kind}`, l]));
  const shown = [...codes.filter((code) => !f.regionCodes || f.regionCodes.includes(code)), NATION.code];

  return periods.flatMap(({ start }) =>
    KINDS.flatMap((kind) => {
      const interior = codes.map((code) => {
        const values = EXIT_DESTINATIONS.map((d) => count.get(`${start} ${code} ${kind} ${d}`) ?? 0);
        return [...values, values.reduce((a, b) => a + b, 0)];
      });
      const cells = [...interior, interior[0]!.map((_, j) => interior.reduce((sum, row) => sum + row[j]!, 0))];
      const hidden = protectTable(cells, rules);
      const total = EXIT_DESTINATIONS.length;
      return shown.map((code) => {
        const i = code === NATION.code ? codes.length : codes.indexOf(code);
        const spread = hidden[i]![total] ? undefined : length.get(`${start} ${code} ${kind}`);
        return {
          period: start,
          regionCode: code,
          regionName: code === NATION.code ? NATION.name : regions.get(code)!,
          kind,
          ended: publish(cells[i]![total]!, hidden[i]![total]!),
          medianDays: spread ? Math.round(spread.median * 10) / 10 : null,
          p90Days: spread ? Math.round(spread.p90 * 10) / 10 : null,
          ...Object.fromEntries(EXIT_DESTINATIONS.map((d, j) => [DESTINATION_COLUMNS[d], publish(cells[i]![j]!, hidden[i]![j]!)])),
        } as StayLengthRow;
      });
    }),
  );
}
