import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { Serves } from '../../db/schema.ts';
import type { Client } from './client.ts';
import { testName } from './factories.ts';

/** The organisation a demo (or test) user works for. */
export async function organisationOf(db: Db, email: string): Promise<string> {
  const { organisation_id } = await db.selectFrom('users').select('organisation_id').where('email', '=', email).executeTakeFirstOrThrow();
  if (!organisation_id) throw new Error(`${email} works for no organisation`);
  return organisation_id;
}

/** Marks every place of a location as confirmed long ago, so it is stale under any window. */
export async function makeStale(db: Db, locationId: string): Promise<void> {
  await sql`UPDATE places SET confirmed_at = now() - interval '30 days' WHERE location_id = ${locationId}`.execute(db);
}

/** A new location of an organisation (through the admin API), so a test owns all of its places. */
export async function newLocation(admin: Client, organisationId: string, serves: Serves = 'all'): Promise<string> {
  const response = await admin.post('/locations', {
    organisationId,
    name: `Testlocatie ${testName()}`,
    municipalityCode: 'GM0344',
    serves,
    street: 'Teststraat 1',
    postalCode: '3511 AB',
    city: 'Utrecht',
    intakePhone: '088 123 4567',
  });
  if (response.status !== 201) throw new Error(`location not created: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

const FAMILY_UNIT = { kind: 'family_unit', beds: 4, maxAdults: 2, maxChildren: 3, maxBoyAge: null, accessibility: 'wheelchair', petsAllowed: true } as const;

/** A new, available family unit (through the admin API) that fits most households; version 1. */
export async function newPlace(admin: Client, locationId: string): Promise<{ id: string; version: number }> {
  const response = await admin.post('/places', { locationId, label: `Plek ${testName()}`, status: 'available', ...FAMILY_UNIT });
  if (response.status !== 201) throw new Error(`place not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; version: number };
}
