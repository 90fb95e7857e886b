import { type Interval, INTERVALS, type Kind, type StatisticsFilters } from './statistics.ts';

// The analyst's filters live in the address bar, so a view can be shared, bookmarked, and walked
// through with back and forward. Anything missing or malformed falls back to the default, field by
// field; the server still validates what is asked.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: ReadonlyArray<Kind | ''> = ['', 'bed', 'family_unit'];

export function filtersToQuery(filters: StatisticsFilters): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to, interval: filters.interval });
  if (filters.regionCodes.length) query.set('regions', filters.regionCodes.join(','));
  if (filters.kind) query.set('kind', filters.kind);
  return `?${query}`;
}

export function filtersFromQuery(search: string, defaults: StatisticsFilters): StatisticsFilters {
  const query = new URLSearchParams(search);
  const date = (key: 'from' | 'to') => (DATE.test(query.get(key) ?? '') ? query.get(key)! : defaults[key]);
  const interval = query.get('interval') as Interval;
  const kind = (query.get('kind') ?? '') as Kind | '';
  const regions = (query.get('regions') ?? '').split(',').filter((code) => /^[A-Za-z0-9_-]{1,20}$/.test(code));
  return {
    from: date('from'),
    to: date('to'),
    interval: INTERVALS.includes(interval) ? interval : defaults.interval,
    regionCodes: query.has('regions') ? [...new Set(regions)].sort() : defaults.regionCodes,
    kind: KINDS.includes(kind) ? kind : defaults.kind,
  };
}
