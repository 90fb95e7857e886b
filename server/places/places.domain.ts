import type { NewPlace } from '../../db/schema.ts';
import { audit } from '../audit/audit.repository.ts';
import type { WriteContext } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { assertMay } from '../policy/scope.ts';
import { attributesToRow, type PlaceAttributes } from './place-attributes.ts';
import { changeStatus, type ExpectedVersion, updateAttributes, visiblePlace } from './place-changes.ts';
import { appendEvents } from './place-events.repository.ts';
import type { PlaceDto } from './places.mapper.ts';
import { placeRowToPlace } from './places.mapper.ts';
import { findPlace } from './places.repository.ts';
import { kindRuleIssues, type NewPlaceInput, type PlacePatchInput } from './places.schema.ts';

// What the API (and any tool) does to places: register one, change its status or its attributes.
// The policy check and the audit entry are in here, not in the route, so no caller goes around them;
// the writes themselves go through the one write path of place-changes.ts.

/** An admin registers a new place; its history starts with a `registered` event. */
export async function registerPlace(ctx: WriteContext, input: NewPlaceInput): Promise<PlaceDto> {
  const { db, actor } = ctx;
  assertMay(actor, 'places.create');
  const location = await db.selectFrom('locations').select('id').where('id', '=', input.locationId).executeTakeFirst();
  if (!location) throw new InvalidInput([{ name: 'body.locationId', code: 'not_found', reason: 'no such location' }]);
  const { locationId, kind, status, unavailableReason, ...attributes } = input;
  const place: NewPlace = { location_id: locationId, kind, status, unavailable_reason: unavailableReason, ...attributesToRow(attributes) };
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('places').values(place).returning(['id', 'version', 'status', 'unavailable_reason']).executeTakeFirstOrThrow();
    await appendEvents(trx, [
      {
        placeId: row.id,
        type: 'registered',
        status: row.status,
        unavailableReason: row.unavailable_reason,
        version: row.version,
        actorUserId: actor.id,
      },
    ]);
    await audit(trx, { actorUserId: actor.id, action: 'place.registered', subjectType: 'place', subjectId: row.id });
    return row.id;
  });
  return visiblePlace(ctx, db, id);
}

/** A status change (shelter staff, admins) or a change of attributes (admins), never both at once. */
export async function changePlace(
  ctx: WriteContext,
  input: { placeId: string; expected: ExpectedVersion; patch: Omit<PlacePatchInput, 'version'> },
): Promise<PlaceDto> {
  const { status, unavailableReason, ...attributes } = input.patch;
  const changesAttributes = Object.keys(attributes).length > 0;
  assertMay(ctx.actor, changesAttributes ? 'places.change_attributes' : 'places.change_status');
  if (changesAttributes && (status || unavailableReason !== undefined)) {
    throw new InvalidInput([{ name: 'body.status', code: 'custom', reason: 'change the status and the attributes in separate requests' }]);
  }
  if (!status && unavailableReason !== undefined) {
    throw new InvalidInput([{ name: 'body.unavailableReason', code: 'custom', reason: 'goes with status unavailable' }]);
  }
  if (status) return changeStatus(ctx, { placeId: input.placeId, expected: input.expected, status, unavailableReason: unavailableReason ?? null });
  await checkKindRules(ctx, input.placeId, input.expected, attributes);
  return updateAttributes(ctx, { placeId: input.placeId, expected: input.expected, changes: attributesToRow(attributes) });
}

/** Changed attributes must still make a valid bed or family unit; named per field, not as a constraint. */
async function checkKindRules(ctx: WriteContext, placeId: string, expected: ExpectedVersion, changes: Partial<PlaceAttributes>) {
  const row = await findPlace(ctx.db, ctx.config.freshnessHours, placeId);
  // A missing place or an old version is refused by updateAttributes, with the current state.
  if (!row || row.version !== expected.version) return;
  const issues = kindRuleIssues({ ...placeRowToPlace(row), ...changes });
  if (issues.length) throw new InvalidInput(issues.map((i) => ({ name: `body.${i.field}`, code: 'custom', reason: i.message })));
}
