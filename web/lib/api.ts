import type { AvailabilityDto } from '../../server/availability/availability.schema.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: { title?: string; detail?: string }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`/api/v1${path}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return response.json() as Promise<T>;
}

export const api = {
  availability: () => getJson<AvailabilityDto>('/availability'),
};
