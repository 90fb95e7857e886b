import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NewPlace } from '../../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The definition (docs/definition.md) enforced by the database itself, whatever the API does.

let t: TestDatabase;
let locationId: string;

const familyUnit = (overrides: Partial<NewPlace> = {}): NewPlace => ({
  location_id: locationId,
  label: 'Gezinsplek test',
  kind: 'family_unit',
  beds: 4,
  max_adults: 1,
  max_children: 3,
  max_boy_age: null,
  accessibility: 'none',
  status: 'available',
  unavailable_reason: null,
  ...overrides,
});
const bed = (overrides: Partial<NewPlace> = {}): NewPlace => ({
  location_id: locationId,
  label: 'Bed test',
  kind: 'bed',
  beds: 1,
  max_adults: 1,
  max_children: 0,
  max_boy_age: null,
  accessibility: 'none',
  status: 'available',
  unavailable_reason: null,
  ...overrides,
});

async function insertFails(place: NewPlace, pattern: RegExp) {
  await expect(t.db.insertInto('places').values(place).execute()).rejects.toThrow(pattern);
}

beforeAll(async () => {
  t = await createTestDatabase('demo');
  ({ id: locationId } = await t.db.selectFrom('locations').select('id').limit(1).executeTakeFirstOrThrow());
});
afterAll(() => t.drop());

describe('places', () => {
  it('accepts a valid bed and a valid family unit', async () => {
    await t.db
      .insertInto('places')
      .values([bed(), familyUnit({ max_boy_age: 12, max_adults: 2 })])
      .execute();
  });

  it('a bed can never take a child', () => insertFails(bed({ max_children: 1 }), /bed_is_one_adult/));
  it('a bed is one sleeping place', () => insertFails(bed({ beds: 2 }), /bed_is_one_adult/));
  it('a bed is for one adult', () => insertFails(bed({ max_adults: 2 }), /bed_is_one_adult/));
  it('a bed has no boy age limit', () => insertFails(bed({ max_boy_age: 12 }), /bed_is_one_adult/));
  it('a family unit has at least two beds', () => insertFails(familyUnit({ beds: 1 }), /family_unit_shape/));
  it('a family unit takes 1 or 2 adults', () => insertFails(familyUnit({ max_adults: 3 }), /family_unit_shape/));
  it('a family unit takes children', () => insertFails(familyUnit({ max_children: 0 }), /family_unit_shape/));
  it('rejects an unknown kind', () => insertFails(familyUnit({ kind: 'dormitory' as never }), /places_kind_check/));
  it('rejects an unknown status', () => insertFails(bed({ status: 'half_free' as never }), /places_status_check/));
  it('rejects unknown accessibility', () => insertFails(bed({ accessibility: 'stairs' as never }), /places_accessibility_check/));
  it('unavailable needs a reason', () => insertFails(bed({ status: 'unavailable' }), /unavailable_needs_reason/));
  it('a reason only with unavailable', () => insertFails(bed({ unavailable_reason: 'staffing' }), /unavailable_needs_reason/));
  it('rejects an unknown reason', () => insertFails(bed({ status: 'unavailable', unavailable_reason: 'holiday' as never }), /unavailable_reason_check/));

  it('rejects an unknown status on update too', async () => {
    const { id } = await t.db.selectFrom('places').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(sql`UPDATE places SET status = 'partly_free' WHERE id = ${id}`.execute(t.db)).rejects.toThrow(/places_status_check/);
  });
});

describe('place events', () => {
  it('are append-only: no update, delete or truncate', async () => {
    const { seq } = await t.db.selectFrom('place_events').select('seq').limit(1).executeTakeFirstOrThrow();
    await expect(sql`UPDATE place_events SET status = 'available' WHERE seq = ${seq}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM place_events WHERE seq = ${seq}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE place_events`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('get increasing sequence numbers and one version per place', async () => {
    const { id } = await t.db.selectFrom('places').select('id').limit(1).executeTakeFirstOrThrow();
    const first = await t.db
      .insertInto('place_events')
      .values({ place_id: id, type: 'confirmed', status: 'available', unavailable_reason: null, version: 1000 })
      .returning('seq')
      .executeTakeFirstOrThrow();
    const second = await t.db
      .insertInto('place_events')
      .values({ place_id: id, type: 'confirmed', status: 'available', unavailable_reason: null, version: 1001 })
      .returning('seq')
      .executeTakeFirstOrThrow();
    expect(BigInt(second.seq)).toBeGreaterThan(BigInt(first.seq));
    await expect(
      t.db.insertInto('place_events').values({ place_id: id, type: 'confirmed', status: 'available', unavailable_reason: null, version: 1001 }).execute(),
    ).rejects.toThrow(/duplicate key/);
  });
});

describe('users', () => {
  it('shelter staff belong to an organisation, other roles to none', async () => {
    const base = { name: 'Test', password_hash: 'x' };
    await expect(
      t.db
        .insertInto('users')
        .values({ ...base, email: 'a@test.nl', role: 'shelter_staff', organisation_id: null })
        .execute(),
    ).rejects.toThrow(/users_check/);
    const { id } = await t.db.selectFrom('organisations').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('users')
        .values({ ...base, email: 'b@test.nl', role: 'analyst', organisation_id: id })
        .execute(),
    ).rejects.toThrow(/users_check/);
  });

  it('emails are unique and lower case', async () => {
    const base = { name: 'Test', password_hash: 'x', role: 'analyst' as const, organisation_id: null };
    await expect(
      t.db
        .insertInto('users')
        .values({ ...base, email: 'Upper@test.nl' })
        .execute(),
    ).rejects.toThrow(/users_email_check/);
    await expect(
      t.db
        .insertInto('users')
        .values({ ...base, email: 'analist@demo.noodbed.nl' })
        .execute(),
    ).rejects.toThrow(/duplicate key/);
  });
});
