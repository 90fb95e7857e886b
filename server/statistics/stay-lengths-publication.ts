import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
import { EXIT_DESTINATIONS } from '../stays/stays.schema.ts';
import { demandPeriods } from './demand-periods.ts';
import { NATION } from './demand-publication.ts';
import { addUp, type DisclosureRules, protectTable, publish, publishDerived, type Published } from './disclosure.ts';
import { TIME_ZONE } from './rollups.ts';
import type { StayLengthRow } from './statistics.schema.ts';
import { addDays, type StatisticsFilters } from './statistics-filters.repository.ts';

// Stays that ended, per closed period, region (veiligheidsregio of the place) and kind: how many, how
// long (median, p90) and where the households went. One fixed table per ISO week and kind: all regions
// and the nation × the destinations and their total, through disclosure control. A month is the weeks
// whose Thursday falls in it, as in demand, and its counts are the sums of its weeks' as published
// (addUp): protected on its own, month − its shown weeks would give a hidden week away
// (tests/api/stay-lengths-attack.test.ts). Lengths (median, p90) cannot be added up; they are computed
// over the same stays as the count and shown only where that count is. Kinds are never added up, so no
// kind is the difference of two tables.

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
  if (state.closed_through === null) return [];
  // A week is closed when its Sunday is: as demand's weeks with a lag of 0 days after the last closed day.
  const { periods, weeks, periodOf } = demandPeriods(f.from, f.to, f.interval, addDays(state.closed_through, 1), 0);
  if (!periods.length) return [];
  const first = weeks[0]!;
  const last = addDays(weeks.at(-1)!, 6);
  // Each stay by the Monday of the week it ended in, and the month of that week's Thursday.
  const ended = sql`
    SELECT to_char(w.week, 'YYYY-MM-DD') AS week, to_char(w.week + 3, 'YYYY-MM-01') AS month,
      l.region_code, p.kind, s.exit_destination, extract(epoch FROM s.ended_at - s.started_at) / 86400 AS days
    FROM stays s JOIN places p ON p.id = s.place_id JOIN locations l ON l.id = p.location_id
    CROSS JOIN LATERAL (SELECT date_trunc('week', (s.ended_at AT TIME ZONE ${TIME_ZONE})::date::timestamp)::date AS week) w
    WHERE s.ended_at >= (${first}::date::timestamp AT TIME ZONE ${TIME_ZONE}) AND s.ended_at < ((${last}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE})`;
  const lengthPeriod = f.interval === 'week' ? sql.ref('week') : sql.ref('month');
  const [counts, lengths, regionRows] = await Promise.all([
    sql<{ week: string; region_code: string; kind: PlaceKind; exit_destination: string; n: string }>`
      SELECT week, region_code, kind, exit_destination, count(*) AS n FROM (${ended}) e GROUP BY 1, 2, 3, 4`.execute(db),
    sql<{ period: string; region_code: string | null; kind: PlaceKind; median: number; p90: number }>`
      SELECT ${lengthPeriod} AS period, region_code, kind, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
      FROM (${ended}) e GROUP BY GROUPING SETS ((${lengthPeriod}, region_code, kind), (${lengthPeriod}, kind))`.execute(db),
    db.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', f.scheme).orderBy('code').execute(),
  ]);
  const regions = new Map(regionRows.map((r) => [r.code, r.name]));
  for (const c of counts.rows) if (!regions.has(c.region_code)) regions.set(c.region_code, c.region_code);
  const codes = [...regions.keys()].sort();
  const count = new Map(counts.rows.map((c) => [`${c.week} ${c.region_code} ${c.kind} ${c.exit_destination}`, Number(c.n)]));
  const length = new Map(lengths.rows.map((l) => [`${l.period} ${l.region_code ?? NATION.code} ${l.kind}`, l]));
  const shown = [...codes.filter((code) => !f.regionCodes || f.regionCodes.includes(code)), NATION.code];

  // Each week's table as published: rows are the regions and the nation last, columns the destinations and their total.
  const published = new Map(
    weeks.flatMap((week) =>
      KINDS.map((kind) => {
        const interior = codes.map((code) => {
          const values = EXIT_DESTINATIONS.map((d) => count.get(`${week} ${code} ${kind} ${d}`) ?? 0);
          return [...values, values.reduce((a, b) => a + b, 0)];
        });
        const cells = [...interior, interior[0]!.map((_, j) => interior.reduce((sum, row) => sum + row[j]!, 0))];
        const hidden = protectTable(cells, rules);
        return [`${week} ${kind}`, cells.map((row, i) => row.map((value, j) => publish(value, hidden[i]![j]!)))] as const;
      }),
    ),
  );
  const total = EXIT_DESTINATIONS.length;
  return periods.flatMap((period) => {
    const parts = weeks.filter((week) => periodOf(week) === period);
    return KINDS.flatMap((kind) => {
      const tables = parts.map((week) => published.get(`${week} ${kind}`)!);
      const cell = (i: number, j: number): Published => addUp(tables.map((table) => table[i]![j]!));
      return shown.map((code) => {
        const i = code === NATION.code ? codes.length : codes.indexOf(code);
        const endedCount = cell(i, total);
        const spread = length.get(`${period} ${code} ${kind}`);
        const round = (days: number | undefined) => (days === undefined ? null : Math.round(days * 10) / 10);
        const median = publishDerived(round(spread?.median), endedCount);
        const p90 = publishDerived(round(spread?.p90), endedCount);
        return {
          period,
          regionCode: code,
          regionName: code === NATION.code ? NATION.name : regions.get(code)!,
          kind,
          ended: endedCount,
          medianDays: typeof median === 'number' ? median : null,
          p90Days: typeof p90 === 'number' ? p90 : null,
          ...Object.fromEntries(EXIT_DESTINATIONS.map((d, j) => [DESTINATION_COLUMNS[d], cell(i, j)])),
        } as StayLengthRow;
      });
    });
  });
}
