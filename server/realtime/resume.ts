import { z } from 'zod';

import type { Db } from '../../db/database.ts';
import { readFeed } from '../changes/changes.feed.ts';
import { latestSeq } from '../changes/changes.repository.ts';
import { SeqSchema } from '../changes/changes.schema.ts';
import { followsFiguresOnly } from '../policy/audience.ts';
import type { Ack, Change, ResumeResult } from './contract.ts';
import type { LiveSocketData } from './rooms.ts';

/** sync:resume's arguments: the last sequence the client applied, or null on a first connect. */
export const resumeArgs = { names: ['lastSeq'], schema: z.tuple([z.union([z.null(), SeqSchema])]) } as const;

/**
 * Replays what a reconnecting client missed, narrowed by the audience function, or tells it to
 * reload. Each call may replay up to REPLAY_LIMIT changes, so the caller rate-limits it.
 */
export async function resume(db: Db, data: LiveSocketData, lastSeq: string | null, replay: (change: Change) => void): Promise<Ack<ResumeResult>> {
  if (followsFiguresOnly(data.user)) return { ok: true, data: { latestSeq: null, reload: true, replayed: 0 } };
  if (lastSeq === null) return { ok: true, data: { latestSeq: await latestSeq(db), reload: true, replayed: 0 } };
  const page = await readFeed(db, data.user, lastSeq);
  for (const change of page.items) replay(change);
  return { ok: true, data: { latestSeq: page.latestSeq, reload: page.reload, replayed: page.items.length } };
}
