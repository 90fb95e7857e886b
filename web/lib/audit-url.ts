// The audit log's filters in the address (issue 18), so a view of the log can be bookmarked or sent
// to a colleague: /beheer?section=audit&action=place.retired&actorId=…&from=2026-11-01&to=2026-11-23.
// The keys are the API's query keys; the server validates them (a bad one is a 400 naming it).

export interface AuditFilters {
  action: string;
  actorId: string;
  from: string;
  to: string;
  page: number;
}

const KEYS = ['action', 'actorId', 'from', 'to'] as const;

export function auditFiltersFromQuery(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  const page = Number(params.get('page'));
  return {
    action: params.get('action') ?? '',
    actorId: params.get('actorId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The filters that are set, as query parameters (no empty ones; page 1 is the default). */
export function auditFiltersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}
