import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Row types of the database, one interface per table. API shapes are mapped from these in the
// server's mappers and never returned raw.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (DEFAULT now()) unless given. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export type PlaceKind = 'bed' | 'family_unit';
export type PlaceStatus = 'available' | 'held' | 'occupied' | 'unavailable';
export type UnavailableReason = 'maintenance' | 'staffing' | 'safety' | 'other';
export type Accessibility = 'none' | 'limited_mobility' | 'wheelchair';
export type Serves = 'women' | 'men' | 'all';
/** veilig_thuis: a crisis team, whose members are crisis workers; the others run shelters. */
export type OrganisationKind = 'vrouwenopvang' | 'maatschappelijke_opvang' | 'veilig_thuis';
export type Role = 'admin' | 'shelter_staff' | 'crisis_worker' | 'analyst';
export type PlaceEventType =
  | 'registered' | 'status_changed' | 'confirmed' | 'updated'
  | 'held' | 'hold_accepted' | 'hold_declined' | 'hold_released' | 'hold_expired';
export type RequestStatus = 'open' | 'placed' | 'no_place' | 'withdrawn';
export type NoPlaceReason = 'no_fitting_place' | 'no_capacity' | 'household_declined' | 'other';
export type HoldStatus = 'active' | 'accepted' | 'declined' | 'released' | 'expired';
export type DeclineReason = 'does_not_fit' | 'no_staff' | 'safety' | 'other';
export type Urgency = 'now' | 'today' | 'this_week';

/** A household by composition only: no names, birth dates, BSN or addresses. */
export interface Household {
  adults: Array<{ gender: 'female' | 'male' | 'other' }>;
  children: Array<{ age: number; sex: 'female' | 'male' }>;
}

export interface RegionSchemeTable {
  code: string;
  name: string;
  is_default: Generated<boolean>;
}

export interface RegionTable {
  scheme_code: string;
  code: string;
  name: string;
}

export interface MunicipalityTable {
  code: string;
  name: string;
  /** Centroid (WGS84), for straight-line distance; null for a municipality loaded without one. */
  latitude: ColumnType<number | null, number | null | undefined, number | null>;
  longitude: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface MunicipalityRegionTable {
  municipality_code: string;
  scheme_code: string;
  region_code: string;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
}

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  created_at: GeneratedTimestamp;
  /** A crisis team's phone, for the shelter whose place it holds (migration 2026_11_25_0700). */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LocationTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  municipality_code: string;
  region_scheme: string;
  region_code: string;
  serves: Serves;
  street_address: string;
  postal_code: string;
  city: string;
  intake_phone: string;
  created_at: GeneratedTimestamp;
}

export interface PlaceTable {
  id: Generated<string>;
  location_id: string;
  label: string;
  kind: PlaceKind;
  beds: number;
  max_adults: number;
  max_children: number;
  max_boy_age: number | null;
  accessibility: Accessibility;
  pets_allowed: Generated<boolean>;
  status: PlaceStatus;
  unavailable_reason: UnavailableReason | null;
  version: Generated<number>;
  status_changed_at: GeneratedTimestamp;
  confirmed_at: GeneratedTimestamp;
  created_at: GeneratedTimestamp;
}

export interface PlaceEventTable {
  // bigint comes back from pg as a string; it is compared and passed on, never added up.
  seq: ColumnType<string, never, never>;
  place_id: string;
  occurred_at: GeneratedTimestamp;
  actor_user_id: string | null;
  type: PlaceEventType;
  status: PlaceStatus;
  unavailable_reason: UnavailableReason | null;
  version: number;
  hold_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface PlacementRequestTable {
  id: Generated<string>;
  created_by: string;
  created_at: GeneratedTimestamp;
  origin_region: string;
  origin_municipality: ColumnType<string | null, string | null | undefined, string | null>;
  far_away: Generated<boolean>;
  household: ColumnType<Household, string, string>;
  adults: number;
  children: number;
  accessibility: Accessibility;
  pet: boolean;
  avoid_regions: string[];
  prefer_regions: string[];
  urgency: Urgency;
  status: Generated<RequestStatus>;
  outcome_reason: NoPlaceReason | null;
  placed_place_id: string | null;
  placed_region: string | null;
  closed_at: Timestamp | null;
  /** The crisis team (a veilig_thuis organisation) the request belongs to. */
  team_id: string;
}

export interface HoldTable {
  id: Generated<string>;
  request_id: string;
  place_id: string;
  created_by: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  extended: Generated<boolean>;
  status: Generated<HoldStatus>;
  decline_reason: DeclineReason | null;
  ended_at: Timestamp | null;
  /** The request's crisis team: its members extend or release the hold. */
  team_id: string;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface SessionTable {
  token_hash: Buffer;
  user_id: string;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  factor_pending: Generated<boolean>;
  webauthn_challenge: string | null;
}

export interface LoginAttemptTable {
  id: ColumnType<string, never, never>;
  email: string;
  ip: string;
  succeeded: boolean;
  attempted_at: GeneratedTimestamp;
}

export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  occurred_at: GeneratedTimestamp;
  actor_user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

/** Seconds one place spent in each status on one closed day (Europe/Amsterdam); stale overrides status. */
export interface PlaceDayTable {
  place_id: string;
  day: DateOnly;
  kind: PlaceKind;
  beds: number;
  municipality_code: string;
  available_seconds: number;
  held_seconds: number;
  occupied_seconds: number;
  unavailable_seconds: number;
  stale_seconds: number;
}

// bigint sums come back from pg as strings: convert (Number) after summing, the totals fit a double.
type BigintSeconds = ColumnType<string, number | string | bigint, number | string | bigint>;

/** place_days summed per region of every scheme and kind; places/beds = places registered that day. */
export interface RegionDayTable {
  scheme_code: string;
  region_code: string;
  day: DateOnly;
  kind: PlaceKind;
  places: number;
  beds: number;
  available_seconds: BigintSeconds;
  held_seconds: BigintSeconds;
  occupied_seconds: BigintSeconds;
  unavailable_seconds: BigintSeconds;
  stale_seconds: BigintSeconds;
}

/** One row: the last closed day, NULL before the first close. */
export interface RollupStateTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  closed_through: DateOnly | null;
}

export interface Database {
  region_schemes: RegionSchemeTable;
  regions: RegionTable;
  municipalities: MunicipalityTable;
  municipality_regions: MunicipalityRegionTable;
  organisations: OrganisationTable;
  locations: LocationTable;
  places: PlaceTable;
  place_events: PlaceEventTable;
  users: UserTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  placement_requests: PlacementRequestTable;
  holds: HoldTable;
  place_days: PlaceDayTable;
  region_days: RegionDayTable;
  rollup_state: RollupStateTable;
  login_throttle: LoginThrottleTable;
  user_factors: UserFactorTable;
  recovery_codes: RecoveryCodeTable;
  password_links: PasswordLinkTable;
}

export type Place = Selectable<PlaceTable>;
export type NewPlace = Insertable<PlaceTable>;
export type PlaceUpdate = Updateable<PlaceTable>;
export type Location = Selectable<LocationTable>;
export type NewLocation = Insertable<LocationTable>;
export type Organisation = Selectable<OrganisationTable>;
export type Region = Selectable<RegionTable>;
export type PlaceEvent = Selectable<PlaceEventTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  next_attempt_at: Timestamp;
}

export type FactorKind = 'totp' | 'passkey';

export interface UserFactorTable {
  id: Generated<string>;
  user_id: string;
  kind: FactorKind;
  totp_secret: string | null;
  credential_id: string | null;
  public_key: Buffer | null;
  sign_count: ColumnType<string, number | undefined, number>;
  transports: Generated<string[]>;
  created_at: GeneratedTimestamp;
  confirmed_at: Timestamp | null;
}

export interface RecoveryCodeTable {
  user_id: string;
  code_hash: Buffer;
  used_at: Timestamp | null;
}

export interface PasswordLinkTable {
  token_hash: Buffer;
  user_id: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
