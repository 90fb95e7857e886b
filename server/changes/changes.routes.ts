import { createRoute, z } from '@hono/zod-openapi';

import { PLACE_EVENT_TYPES, PLACE_KINDS, PLACE_STATUSES, UNAVAILABLE_REASONS } from '../../shared/vocabulary.ts';
import type { AppDeps } from '../context.ts';
import { createRouter, jsonResponse, problems } from '../http/openapi.ts';
import { policy } from '../policy/route-policy.ts';
import { readFeed } from './changes.feed.ts';
import { REPLAY_LIMIT, SeqSchema } from './changes.schema.ts';

const ChangeSchema = z
  .object({
    seq: z.string(),
    type: z.enum(PLACE_EVENT_TYPES),
    regionCode: z.string(),
    kind: z.enum(PLACE_KINDS),
    occurredAt: z.string().datetime(),
    placeId: z.string().uuid().optional(),
    locationId: z.string().uuid().optional(),
    organisationId: z.string().uuid().optional(),
    status: z.enum(PLACE_STATUSES).optional(),
    unavailableReason: z.enum(UNAVAILABLE_REASONS).nullable().optional(),
    version: z.number().int().optional(),
  })
  .openapi('Change', { description: 'Place fields are present only for readers who may see that place.' });

const ChangeList = z
  .object({
    items: z.array(ChangeSchema),
    latestSeq: z.string().openapi({ description: 'Continue with after=latestSeq.' }),
    reload: z.boolean().openapi({ description: 'Too much was missed: reload a snapshot, then continue from latestSeq.' }),
  })
  .openapi('ChangeList');

export const list = createRoute({
  method: 'get',
  path: '/changes',
  ...policy('changes.read'),
  tags: ['Changes'],
  summary: 'Changes after a sequence number, the same feed the live updates replay',
  description: 'Not for analysts (403): they follow aggregate figures only, never single changes.',
  request: {
    query: z.object({
      after: SeqSchema.openapi({ example: '1042' }),
      limit: z.coerce.number().int().min(1).max(REPLAY_LIMIT).default(REPLAY_LIMIT),
    }),
  },
  responses: { 200: jsonResponse(ChangeList, 'Changes, oldest first.'), ...problems(400, 401, 403) },
});

export function changesRoutes({ db }: AppDeps) {
  return createRouter().openapi(list, async (c) => {
    const user = c.var.actor;
    const { after, limit } = c.req.valid('query');
    return c.json(await readFeed(db, user, after, limit), 200);
  });
}
