import type { Db } from '../../db/database.ts';
import type { PlaceKind } from '../../db/schema.ts';
import { InvalidInput, type InvalidParam } from '../errors.ts';
import { unknownRegions } from '../regions/region-refs.ts';
import { TIME_ZONE } from './rollups.ts';
import type { Interval, PlaceTimeInterval } from './statistics.schema.ts';

/** The filters of a statistics request after defaults and checks: what the response echoes (place-time also has quarters and years). */
export interface StatisticsFilters<I extends PlaceTimeInterval = Interval> {
  from: string;
  to: string;
  scheme: string;
  regionCodes: string[] | null;
  interval: I;
  kind: PlaceKind | null;
}

interface RawQuery<I extends PlaceTimeInterval> {
  from?: string;
  to?: string;
  scheme?: string;
  regionCodes?: string;
  interval?: I;
  kind?: PlaceKind;
}

// Days are calendar days in the Netherlands, like the rollups: "today" turns at midnight in Amsterdam.
const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function amsterdamToday(now: Date = new Date()): string {
  return AMSTERDAM_DAY.format(now);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface Options {
  /**
   * Demand is recorded with veiligheidsregio codes (origin_region, placed_region) and an origin has no
   * municipality to map to another scheme, so demand and flows exist only in the default scheme.
   */
  onlyDefaultScheme?: boolean;
  now?: Date;
}

/** Applies the defaults and checks what zod cannot: the order of the dates, and scheme and regions against the database. */
export async function resolveFilters<I extends PlaceTimeInterval = Interval>(db: Db, query: RawQuery<I>, options: Options = {}): Promise<StatisticsFilters<I>> {
  const today = amsterdamToday(options.now);
  const from = query.from ?? addDays(today, -365);
  const to = query.to ?? addDays(today, -1);
  const problems: InvalidParam[] = [];
  if (from > to) problems.push({ name: 'query.from', code: 'too_big', reason: `from (${from}) is after to (${to})` });

  const scheme = await db
    .selectFrom('region_schemes')
    .select(['code', 'is_default'])
    .$if(query.scheme !== undefined, (q) => q.where('code', '=', query.scheme!))
    .$if(query.scheme === undefined, (q) => q.where('is_default', '=', true))
    .executeTakeFirst();
  if (!scheme) problems.push({ name: 'query.scheme', code: 'unknown', reason: `no region scheme ${query.scheme ?? '(default)'}` });
  else if (options.onlyDefaultScheme && !scheme.is_default) {
    problems.push({ name: 'query.scheme', code: 'not_supported', reason: 'demand is recorded in the default region scheme only' });
  }

  const regionCodes = query.regionCodes ? [...new Set(query.regionCodes.split(','))] : null;
  if (scheme && regionCodes) {
    const unknown = await unknownRegions(db, scheme.code, regionCodes);
    if (unknown.length) problems.push({ name: 'query.regionCodes', code: 'unknown', reason: `no region ${unknown.join(', ')} in scheme ${scheme.code}` });
  }
  if (problems.length || !scheme) throw new InvalidInput(problems);
  return {
    from,
    to,
    scheme: scheme.code,
    regionCodes,
    interval: query.interval ?? ('week' as I),
    kind: query.kind ?? null,
  };
}
