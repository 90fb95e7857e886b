import type { Db } from '../../db/database.ts';
import { changeFor, type Viewer } from '../policy/audience.ts';
import type { Change } from '../realtime/contract.ts';
import { changesAfter, countChangesAfter, latestSeq } from './changes.repository.ts';
import { REPLAY_LIMIT } from './changes.schema.ts';

export interface FeedPage {
  /** The changes after `after` as this viewer receives them, oldest first. */
  items: Change[];
  /** Continue after this one (also past changes the viewer receives nothing of). */
  latestSeq: string;
  /** Too much was missed: reload a snapshot, then continue from latestSeq. */
  reload: boolean;
}

/** The change feed after a sequence number, for one viewer: GET /changes and the socket's replay. */
export async function readFeed(db: Db, viewer: Viewer, after: string, limit = REPLAY_LIMIT): Promise<FeedPage> {
  if ((await countChangesAfter(db, after, REPLAY_LIMIT + 1)) > REPLAY_LIMIT) {
    return { items: [], latestSeq: await latestSeq(db), reload: true };
  }
  const changes = await changesAfter(db, after, Math.min(limit, REPLAY_LIMIT));
  const items = changes.flatMap((change) => changeFor(viewer, change) ?? []);
  return { items, latestSeq: changes.at(-1)?.seq ?? after, reload: false };
}
