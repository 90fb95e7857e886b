import type { Db } from '../../db/database.ts';
import { changesAfter } from '../changes/changes.repository.ts';
import type { PlaceChange } from './contract.ts';

const BATCH = 1_000;

/**
 * Reads everything committed after the cursor, in batches, and hands each batch on. Calls while a
 * read runs coalesce into one more read, so a burst of notifications costs a few queries. Never
 * rejects: when the database is unreachable the next call (listener reconnect, safety poll) catches up.
 */
export function createPump(db: Db, cursor: string, onBatch: (batch: PlaceChange[]) => void): () => void {
  let pumping = false;
  let again = false;

  async function drain() {
    do {
      again = false;
      let batch: PlaceChange[];
      do {
        batch = await changesAfter(db, cursor, BATCH);
        if (batch.length) {
          cursor = batch[batch.length - 1]!.seq;
          onBatch(batch);
        }
      } while (batch.length === BATCH);
    } while (again);
  }

  return () => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    drain()
      .catch(() => {})
      .finally(() => (pumping = false));
  };
}
