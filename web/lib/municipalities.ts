import { call } from './api.ts';
import type { Municipality } from './types.ts';

// The current municipalities, fetched once per page load: the household form lists them and every stay
// panel names its household's origin with them. A failed fetch is forgotten, so the next use tries again.

let list: Promise<Municipality[]> | undefined;

export function loadMunicipalities(): Promise<Municipality[]> {
  list ??= call('GET /municipalities').then(
    (r) => r.items,
    (error: unknown) => {
      list = undefined;
      throw error;
    },
  );
  return list;
}
