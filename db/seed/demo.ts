import { randomUUID } from 'node:crypto';

import type { Db } from '../database.ts';
import type { NewLocation, NewPlace, NewUser, Organisation, PlaceStatus, UnavailableReason } from '../schema.ts';
import { type Random, seededRandom } from './random.ts';
import { DEFAULT_SCHEME, veiligheidsregios } from './veiligheidsregios.ts';

// A fictional but realistic national picture: every region has a vrouwenopvang organisation, the
// big cities also a maatschappelijke opvang; about 90 locations, 1,000 family units and 500 beds.
// Names, streets and phone numbers are made up.

export const DEMO_PASSWORD = 'noodbed-demo';
/**
 * The demo accounts' TOTP secret (RFC 6238, base32), as public as their password: any authenticator
 * app takes it, and `npm run demo:code` prints the current code. Demo data only, never a real account.
 */
export const DEMO_TOTP_SECRET = 'NOODBEDDEMOGEHEIMOPENBAAR234567A';

// organisationIndex: a shelter organisation below; teamIndex: one of TEAMS (crisis workers).
export const demoAccounts = [
  { email: 'admin@demo.noodbed.nl', name: 'Demo Beheerder', role: 'admin', organisationIndex: null, teamIndex: null },
  { email: 'opvang@demo.noodbed.nl', name: 'Demo Opvang Utrecht', role: 'shelter_staff', organisationIndex: 8, teamIndex: null },
  { email: 'opvang2@demo.noodbed.nl', name: 'Demo Opvang Amsterdam', role: 'shelter_staff', organisationIndex: 12, teamIndex: null },
  { email: 'crisis@demo.noodbed.nl', name: 'Demo Veilig Thuis Utrecht', role: 'crisis_worker', organisationIndex: null, teamIndex: 0 },
  { email: 'crisis2@demo.noodbed.nl', name: 'Demo Veilig Thuis Amsterdam', role: 'crisis_worker', organisationIndex: null, teamIndex: 1 },
  { email: 'analist@demo.noodbed.nl', name: 'Demo Analist VNG', role: 'analyst', organisationIndex: null, teamIndex: null },
  // The centrumgemeente of Utrecht's region: its figures, flags and quarterly reports (opvang@ works there).
  { email: 'regio@demo.noodbed.nl', name: 'Demo Regio Utrecht', role: 'region_officer', organisationIndex: null, teamIndex: null, regionCode: 'VR09' },
] as const;

// Crisis teams: two, so the demo shows that one team never sees another's requests and holds.
const TEAMS = ['Veilig Thuis Utrecht', 'Veilig Thuis Amsterdam-Amstelland'];

const VO_NAMES = ['Stichting Toevlucht', 'Veilig Onderdak', 'Stichting De Schuilplaats', 'Stichting Het Baken', 'Vrouwenopvang De Linde'];
const MO_CITIES = ['VR13', 'VR17', 'VR15', 'VR09', 'VR22'];
const STREETS = ['Lindelaan', 'Kastanjestraat', 'Molenweg', 'Schoolstraat', 'Dorpsstraat', 'Beukenlaan', 'Havenkade', 'Kerkpad'];
const REASONS: UnavailableReason[] = ['maintenance', 'maintenance', 'staffing', 'safety', 'other'];

function status(random: Random): { status: PlaceStatus; unavailable_reason: UnavailableReason | null } {
  const roll = random.next();
  if (roll < 0.15) return { status: 'available', unavailable_reason: null };
  if (roll < 0.92) return { status: 'occupied', unavailable_reason: null };
  return { status: 'unavailable', unavailable_reason: random.pick(REASONS) };
}

function familyUnit(random: Random, locationId: string, index: number): NewPlace {
  const beds = random.pick([2, 3, 3, 4, 4, 4, 5, 6]);
  const maxAdults = beds >= 3 && random.chance(0.3) ? 2 : 1;
  const boyRoll = random.next();
  return {
    location_id: locationId,
    label: `Gezinsplek ${index}`,
    kind: 'family_unit',
    beds,
    max_adults: maxAdults,
    max_children: beds - 1,
    // Many shelters refuse teenage sons; some accept them up to 16.
    max_boy_age: boyRoll < 0.3 ? 12 : boyRoll < 0.4 ? 16 : null,
    accessibility: random.pick(['wheelchair', 'limited_mobility', 'limited_mobility', ...Array(17).fill('none')]),
    pets_allowed: random.chance(0.15),
    ...status(random),
  };
}

function bed(random: Random, locationId: string, index: number): NewPlace {
  return {
    location_id: locationId,
    label: `Bed ${index}`,
    kind: 'bed',
    beds: 1,
    max_adults: 1,
    max_children: 0,
    max_boy_age: null,
    accessibility: random.pick(['wheelchair', 'limited_mobility', 'limited_mobility', ...Array(17).fill('none')]),
    pets_allowed: random.chance(0.1),
    ...status(random),
  };
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('organisations').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(db: Db, options: { passwordHash: string; now?: Date; seed?: number }): Promise<void> {
  const random = seededRandom(options.seed ?? 20261123);
  const now = options.now ?? new Date();
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

  const organisations: Array<Organisation & { region: (typeof veiligheidsregios)[number] }> = [];
  veiligheidsregios.forEach((region, i) => {
    organisations.push({
      id: randomUUID(),
      name: `${VO_NAMES[i % VO_NAMES.length]} ${region.name}`,
      kind: 'vrouwenopvang',
      created_at: now,
      phone: null,
      region,
    });
  });
  for (const code of MO_CITIES) {
    const region = veiligheidsregios.find((r) => r.code === code)!;
    organisations.push({
      id: randomUUID(),
      name: `Stichting Dak ${region.municipalities[0]![1]}`,
      kind: 'maatschappelijke_opvang',
      created_at: now,
      phone: null,
      region,
    });
  }

  const teams: Organisation[] = TEAMS.map((name, i) => ({ id: randomUUID(), name, kind: 'veilig_thuis', created_at: now, phone: `0800 20${i} 00 0${i}` }));

  const locations: Array<NewLocation & { id: string }> = [];
  const places: NewPlace[] = [];
  const confirmedAt = new Map<string, Date>();
  for (const organisation of organisations) {
    const shelter = organisation.kind === 'vrouwenopvang';
    for (let n = 1; n <= 3; n++) {
      const [municipalityCode, city] = random.pick(organisation.region.municipalities);
      const id = randomUUID();
      locations.push({
        id,
        organisation_id: organisation.id,
        name: `${shelter ? 'Opvanghuis' : 'Nachtopvang'} ${city} ${n}`,
        municipality_code: municipalityCode,
        region_scheme: DEFAULT_SCHEME.code,
        region_code: organisation.region.code,
        serves: shelter ? (random.chance(0.1) ? 'all' : 'women') : random.pick(['all', 'men']),
        street_address: `${random.pick(STREETS)} ${random.int(1, 180)}`,
        postal_code: `${random.int(1000, 9999)} ${String.fromCharCode(65 + random.int(0, 25), 65 + random.int(0, 25))}`,
        city,
        intake_phone: `088 ${random.int(100, 999)} ${random.int(1000, 9999)}`,
      });
      // Shelters confirm per location; about one in ten has not done so within the 24-hour window.
      confirmedAt.set(id, random.chance(0.1) ? hoursAgo(random.int(26, 96)) : hoursAgo(random.next() * 20));
      const units = shelter ? random.int(9, 18) : 0;
      const beds = shelter ? random.int(1, 4) : random.int(17, 26);
      for (let i = 1; i <= units; i++) places.push(familyUnit(random, id, i));
      for (let i = 1; i <= beds; i++) places.push(bed(random, id, i));
    }
  }

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisations')
      .values([...organisations.map(({ region: _region, ...row }) => row), ...teams])
      .execute();
    await trx.insertInto('locations').values(locations).execute();
    for (let i = 0; i < places.length; i += 500) {
      const batch = places.slice(i, i + 500).map((place) => {
        const at = confirmedAt.get(place.location_id)!;
        return { ...place, confirmed_at: at, status_changed_at: at, created_at: at };
      });
      const inserted = await trx.insertInto('places').values(batch).returning(['id', 'status', 'unavailable_reason', 'confirmed_at']).execute();
      // Each place starts its history with one event, so its current status is derivable from events.
      await trx
        .insertInto('place_events')
        .values(
          inserted.map((p) => ({
            place_id: p.id,
            occurred_at: p.confirmed_at,
            type: 'registered',
            status: p.status,
            unavailable_reason: p.unavailable_reason,
            version: 1,
          })),
        )
        .execute();
    }
    const users: NewUser[] = demoAccounts.map((account) => ({
      email: account.email,
      name: account.name,
      role: account.role,
      organisation_id:
        account.organisationIndex !== null ? organisations[account.organisationIndex]!.id : account.teamIndex !== null ? teams[account.teamIndex]!.id : null,
      ...('regionCode' in account ? { region_scheme: DEFAULT_SCHEME.code, region_code: account.regionCode } : {}),
      password_hash: options.passwordHash,
    }));
    const ids = await trx.insertInto('users').values(users).returning('id').execute();
    await trx
      .insertInto('user_factors')
      .values(ids.map(({ id }) => ({ user_id: id, kind: 'totp', totp_secret: DEMO_TOTP_SECRET, confirmed_at: options.now ?? new Date() })))
      .execute();
  });
}
