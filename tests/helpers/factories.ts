import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { Client } from './client.ts';

/**
 * A random suffix for names made in tests: letters only, since the free-text guard rightly refuses a
 * name with digits that read as a date of birth or a BSN (a UUID's "12031988" would).
 */
export function testName(): string {
  return Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

// Small factories for tests that need objects of their own: each call makes a new one.

/** A fresh, confirmed, available bed at a location (straight into the table: the API under test is elsewhere). */
export async function insertBed(db: Db, locationId: string): Promise<{ id: string; version: number }> {
  return db
    .insertInto('places')
    .values({
      location_id: locationId,
      label: `Test bed ${testName()}`,
      kind: 'bed',
      beds: 1,
      max_adults: 1,
      max_children: 0,
      accessibility: 'none',
      status: 'available',
      unavailable_reason: null,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

/** One woman alone: fits any available bed at a location serving women, in any region. */
export const SINGLE_WOMAN = { originRegion: 'VR13', household: { adults: [{ gender: 'female' }], children: [] } };

/** A new open placement request, made by a crisis worker. */
export async function newRequest(crisis: Client, body: object = SINGLE_WOMAN): Promise<{ id: string }> {
  const response = await crisis.post('/placement-requests', body);
  if (response.status !== 201) throw new Error(`placement request: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A new active hold by this crisis worker on a fresh bed at the location. */
export async function newHold(db: Db, crisis: Client, locationId: string): Promise<{ id: string; placeId: string }> {
  const [request, place] = await Promise.all([newRequest(crisis), insertBed(db, locationId)]);
  const response = await crisis.post('/holds', { requestId: request.id, placeId: place.id });
  if (response.status !== 201) throw new Error(`hold: ${response.status} ${await response.text()}`);
  return { id: ((await response.json()) as { id: string }).id, placeId: place.id };
}

/** A new crisis team (a Veilig Thuis organisation), made straight in the table. */
export async function insertTeam(db: Db): Promise<string> {
  const { id } = await db
    .insertInto('organisations')
    .values({ name: `Veilig Thuis test ${testName()}`, kind: 'veilig_thuis' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A user who can log in with `password`, made straight in the table; a crisis worker without a team gets a new team. */
export async function insertUser(
  db: Db,
  values: { role: Role; organisationId?: string | null; passwordHash: string; regionCode?: string },
): Promise<{ id: string; email: string }> {
  const email = `user-${Math.random().toString(36).slice(2, 10)}@test.noodbed.nl`;
  const organisationId = values.organisationId ?? (values.role === 'crisis_worker' ? await insertTeam(db) : null);
  return db
    .insertInto('users')
    .values({
      email,
      name: 'Test user',
      role: values.role,
      organisation_id: organisationId,
      password_hash: values.passwordHash,
      // A region officer's region, of the veiligheidsregio scheme.
      ...(values.regionCode ? { region_scheme: 'veiligheidsregio', region_code: values.regionCode } : {}),
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
}

/** Whom a test location serves, and its made-up address and intake phone. */
export const TEST_LOCATION_DETAILS = {
  serves: 'women',
  street_address: 'Teststraat 1',
  postal_code: '1234 AB',
  city: 'Test',
  intake_phone: '088 123 4567',
} as const;

/** A new location of a new shelter organisation in Utrecht (VR09), straight into the tables. */
export async function insertLocation(db: Db): Promise<string> {
  const { id: organisationId } = await db
    .insertInto('organisations')
    .values({ name: `Opvang ${testName()}`, kind: 'vrouwenopvang' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto('locations')
    .values({
      organisation_id: organisationId,
      name: `Huis ${testName()}`,
      municipality_code: 'GM0344',
      region_scheme: 'veiligheidsregio',
      region_code: 'VR09',
      ...TEST_LOCATION_DETAILS,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
