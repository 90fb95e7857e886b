import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { regionOfMunicipality } from '../../db/municipality-regions.ts';
import { DEFAULT_SCHEME } from '../../db/seed/veiligheidsregios.ts';
import { audit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { WriteContext } from '../context.ts';
import { InvalidInput, NotFound, Problem } from '../errors.ts';
import type { Action } from '../policy/rules.ts';
import { assertMay, listScope } from '../policy/scope.ts';
import { assertRegionsExist, listRefs } from '../regions/region-refs.ts';
import { changeOpenRequest, findRequest, insertRequest, type RequestRow } from './requests.repository.ts';
import type { ClosePlacementRequest, NewPlacementRequest, PlacementRequestChange } from './requests.schema.ts';

// A crisis team's writes of placement requests (the unit of demand): record one, correct its
// household, close it. Each asks the policy about the team and writes its audit entry itself.

/** May the actor do `action` on a request of team `teamId`? No such request (undefined): a 404; another team's: a 403, audited. */
export function assertRequestVisible(actor: SessionUser, action: Action, teamId: string | undefined): void {
  if (teamId === undefined) throw new NotFound('Placement request');
  assertMay(actor, action, { teamId });
}

/** The request if `action` on it is the actor's (their team's); another team's is a 403, audited. */
export async function visibleRequest(db: Db, actor: SessionUser, action: Action, id: string): Promise<RequestRow> {
  const row = await findRequest(db, id);
  assertRequestVisible(actor, action, row?.team_id);
  return row!;
}

/** The region of the origin municipality; a region sent as well must be that one. */
async function originRegionOf(db: Db, body: { originMunicipality?: string; originRegion?: string }): Promise<string> {
  if (!body.originMunicipality) return body.originRegion!;
  const region = await regionOfMunicipality(db, body.originMunicipality);
  if (!region) throw new InvalidInput([{ name: 'body.originMunicipality', code: 'not_found', reason: 'unknown municipality, or not in a region' }]);
  if (body.originRegion && body.originRegion !== region.region_code) {
    throw new InvalidInput([{ name: 'body.originRegion', code: 'custom', reason: `the municipality lies in ${region.region_code}` }]);
  }
  return region.region_code;
}

/** The refusal of a change to a request that is not open, or holds a place. */
const notChangeable = (status: string) =>
  new Problem(409, 'Conflict', status === 'open' ? 'Release the active hold of this request first.' : `The request is already ${status}.`);

export async function createRequest(ctx: WriteContext, input: z.output<typeof NewPlacementRequest>): Promise<RequestRow> {
  const { db, actor } = ctx;
  const { teamId } = listScope(actor, 'requests.create');
  const originRegion = await originRegionOf(db, input);
  // Request regions are veiligheidsregio's (the schema says so); origin and placement also have foreign keys.
  await assertRegionsExist(db, DEFAULT_SCHEME.code, [
    { name: 'body.originRegion', code: originRegion },
    ...listRefs('body.avoidRegions', input.avoidRegions),
    ...listRefs('body.preferRegions', input.preferRegions),
  ]);
  return db.transaction().execute(async (trx) => {
    const row = await insertRequest(trx, { ...input, originRegion }, { id: actor.id, teamId: teamId! });
    await audit(trx, { actorUserId: actor.id, action: 'placement_request.created', subjectType: 'placement_request', subjectId: row.id });
    return row;
  });
}

/** Colleagues correct the household, needs, regions or origin of an open request that holds nothing. */
export async function changeRequest(ctx: WriteContext, id: string, input: z.output<typeof PlacementRequestChange>): Promise<RequestRow> {
  const { db, actor } = ctx;
  const originRegion = input.originMunicipality ? await originRegionOf(db, input) : undefined;
  await assertRegionsExist(db, DEFAULT_SCHEME.code, [
    ...listRefs('body.avoidRegions', input.avoidRegions ?? []),
    ...listRefs('body.preferRegions', input.preferRegions ?? []),
  ]);
  return db.transaction().execute(async (trx) => {
    // Locked as closing and holding lock it: a hold made meanwhile is seen, not raced.
    const current = await trx.selectFrom('placement_requests').select(['id', 'team_id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFound('Placement request');
    assertMay(actor, 'requests.change', { teamId: current.team_id });
    if (Object.values(input).every((v) => v === undefined)) return (await findRequest(trx, id))!;
    const changed = await changeOpenRequest(trx, id, { ...input, originRegion });
    if (!changed) throw notChangeable(current.status);
    await audit(trx, { actorUserId: actor.id, action: 'placement_request.changed', subjectType: 'placement_request', subjectId: id });
    return changed;
  });
}

/** Closes an open request as placed elsewhere, no place or withdrawn; one with an active hold is refused. */
export async function closeRequest(ctx: WriteContext, id: string, input: z.output<typeof ClosePlacementRequest>): Promise<void> {
  const { db, actor } = ctx;
  await visibleRequest(db, actor, 'requests.close', id);
  await db.transaction().execute(async (trx) => {
    // An active hold must be released first, so no place stays held for a closed request.
    // Lock the request first, as creating a hold does: the UPDATE below then starts after any
    // hold being made for it has committed, and sees it. Without the lock, its NOT EXISTS used a
    // snapshot from before that hold, and a request could close while its new hold stayed active.
    await trx.selectFrom('placement_requests').select('id').where('id', '=', id).forUpdate().execute();
    const updated = await trx
      .updateTable('placement_requests')
      .set({ status: input.status, outcome_reason: input.reason ?? null, closed_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('holds').select('id').whereRef('holds.request_id', '=', 'placement_requests.id').where('holds.status', '=', 'active'))),
      )
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw notChangeable((await visibleRequest(trx, actor, 'requests.close', id)).status);
    await audit(trx, {
      actorUserId: actor.id,
      action: `placement_request.${input.status}`,
      subjectType: 'placement_request',
      subjectId: id,
      detail: { reason: input.reason },
    });
  });
}
