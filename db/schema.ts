import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

import type {
  Accessibility,
  AdultGender,
  ChildSex,
  DeclineReason,
  ExitDestination,
  ExplanationReason,
  FactorKind,
  HoldStatus,
  NoPlaceReason,
  OrganisationKind,
  PlaceEventType,
  PlaceKind,
  PlaceStatus,
  PushResult,
  QualityRuleId,
  ReportStatus,
  RequestStatus,
  Role,
  Serves,
  UnavailableReason,
  Urgency,
  WaitingFor,
} from '../shared/vocabulary.ts';

// Row types of the database, one interface per table. API shapes are mapped from these in the
// server's mappers and never returned raw.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (DEFAULT now()) unless given. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export type {
  Accessibility,
  DeclineReason,
  ExplanationReason,
  FactorKind,
  HoldStatus,
  NoPlaceReason,
  OrganisationKind,
  PlaceEventType,
  PlaceKind,
  PlaceStatus,
  RequestStatus,
  Role,
  Serves,
  UnavailableReason,
  Urgency,
};

/** A household by composition only: no names, birth dates, BSN or addresses. */
export interface Household {
  adults: Array<{ gender: AdultGender }>;
  children: Array<{ age: number; sex: ChildSex }>;
}

interface RegionSchemeTable {
  code: string;
  name: string;
  is_default: Generated<boolean>;
}

interface RegionTable {
  scheme_code: string;
  code: string;
  name: string;
}

interface MunicipalityTable {
  code: string;
  name: string;
  /** Centroid (WGS84), for straight-line distance; null for a municipality loaded without one. */
  latitude: ColumnType<number | null, number | null | undefined, number | null>;
  longitude: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Inhabitants on 1 January of `year` (CBS), from the shipped table; no row where none is known. */
interface MunicipalityPopulationTable {
  municipality_code: string;
  year: number;
  population: number;
  source: string;
}

interface MunicipalityRegionTable {
  municipality_code: string;
  scheme_code: string;
  region_code: string;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
}

interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  created_at: GeneratedTimestamp;
  /** A crisis team's phone, for the shelter whose place it holds (migration 2026_11_25_0700). */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
}

interface LocationTable {
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
  /** When the location was retired (migration 2026_11_26_0500); null while in use. */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

interface PlaceTable {
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
  /** When the place was retired (migration 2026_11_26_0500); null while in use. */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

interface PlaceEventTable {
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
  /** occurred_at, never before the place's previous event (set by a trigger; rollups use it). */
  effective_at: ColumnType<Date, never, never>;
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

interface HoldTable {
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

interface UserTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  /** A region officer's region (scheme and code); NULL for every other role. */
  region_scheme: ColumnType<string | null, string | null | undefined, string | null>;
  region_code: ColumnType<string | null, string | null | undefined, string | null>;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

interface SessionTable {
  token_hash: Buffer;
  user_id: string;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  factor_pending: Generated<boolean>;
  webauthn_challenge: string | null;
}

interface LoginAttemptTable {
  id: ColumnType<string, never, never>;
  email: string;
  ip: string;
  succeeded: boolean;
  attempted_at: GeneratedTimestamp;
}

interface AuditLogTable {
  id: ColumnType<string, never, never>;
  occurred_at: GeneratedTimestamp;
  actor_user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

/** Seconds one place spent in each status on one closed day (Europe/Amsterdam); stale overrides status. */
interface PlaceDayTable {
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
interface RegionDayTable {
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
interface RollupStateTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  closed_through: DateOnly | null;
}

/** One row: goes up whenever the tables behind the published stay figures change (migration 2026_11_28_0200). */
interface StaysVersionTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  version: ColumnType<string, never, never>;
}

export interface Database {
  region_schemes: RegionSchemeTable;
  regions: RegionTable;
  municipalities: MunicipalityTable;
  municipality_regions: MunicipalityRegionTable;
  municipality_populations: MunicipalityPopulationTable;
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
  stays_version: StaysVersionTable;
  login_throttle: LoginThrottleTable;
  user_factors: UserFactorTable;
  recovery_codes: RecoveryCodeTable;
  password_links: PasswordLinkTable;
  stays: StayTable;
  stay_region_days: StayRegionDayTable;
  stay_region_weeks: StayRegionWeekTable;
  push_keys: PushKeyTable;
  push_subscriptions: PushSubscriptionTable;
  alert_preferences: AlertPreferenceTable;
  alerts: AlertTable;
  push_deliveries: PushDeliveryTable;
  push_log: PushLogTable;
  alert_cursor: AlertCursorTable;
  quality_explanations: QualityExplanationTable;
  quarterly_reports: QuarterlyReportTable;
  report_questions: ReportQuestionTable;
  open_data_buckets: OpenDataBucketTable;
}

export type NewPlace = Insertable<PlaceTable>;
export type PlaceUpdate = Updateable<PlaceTable>;
export type NewLocation = Insertable<LocationTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewUser = Insertable<UserTable>;

interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  next_attempt_at: Timestamp;
}

interface UserFactorTable {
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
  /** The TOTP step of the last code accepted: a code of that step or before is a replay. */
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
}

interface RecoveryCodeTable {
  user_id: string;
  code_hash: Buffer;
  used_at: Timestamp | null;
}

interface PasswordLinkTable {
  token_hash: Buffer;
  user_id: string;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export type { ExitDestination, WaitingFor };

/** One household in one place (docs/definition.md, Stays). Composition in numbers only. */
export interface StayTable {
  id: Generated<string>;
  place_id: string;
  began_by: 'hold' | 'intake';
  hold_id: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  adults: number | null;
  child_ages: number[] | null;
  child_sexes: Array<'female' | 'male'> | null;
  origin_municipality_code: string | null;
  origin_region_code: string | null;
  exit_destination: ExitDestination | null;
  ready_since: DateOnly | null;
  waiting_for: WaitingFor | null;
  version: Generated<number>;
}

/** Closed days of stays per region of every scheme and kind. */
export interface StayRegionDayTable {
  scheme_code: string;
  region_code: string;
  day: DateOnly;
  kind: PlaceKind;
  stays: number;
  blocked: number;
  children_0_3: number;
  children_4_11: number;
  children_12_17: number;
}

/** stay_region_days per ISO week (its Monday) and region, both kinds, with the region's place-days. */
export interface StayRegionWeekTable {
  scheme_code: string;
  region_code: string;
  week: DateOnly;
  stays: number;
  blocked: number;
  children_0_3: number;
  children_4_11: number;
  children_12_17: number;
  place_days: number;
}

/** The VAPID key pair (base64url), made at the first start unless set in the environment. */
export interface PushKeyTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  public_key: string;
  private_key: string;
  created_at: GeneratedTimestamp;
}

/** One device of one user: where its browser's push service takes messages, and its keys (RFC 8291). */
export interface PushSubscriptionTable {
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** A label for the user's list of devices, from the browser's user agent. */
  device: string;
  created_at: GeneratedTimestamp;
  last_success_at: Timestamp | null;
}

export interface AlertPreferenceTable {
  user_id: string;
  muted_kinds: Generated<string[]>;
}

export interface AlertTable {
  id: ColumnType<string, never, never>;
  user_id: string;
  kind: string;
  key: string;
  hold_id: string | null;
  place_id: string | null;
  request_id: string | null;
  location_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface PushDeliveryTable {
  alert_id: string;
  subscription_id: string;
  attempts: Generated<number>;
  next_attempt_at: GeneratedTimestamp;
}

export type { PushResult };

export interface PushLogTable {
  id: ColumnType<string, never, never>;
  user_id: string;
  kind: string;
  alert_id: string;
  subscription_id: string;
  sent_at: GeneratedTimestamp;
  status: number | null;
  result: PushResult;
}

export interface AlertCursorTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  last_seq: ColumnType<string, string | number, string | number>;
}

/** An explanation of a quality flag (rule_id) or a period (rule_id NULL), of a location or a whole region. */
export interface QualityExplanationTable {
  id: Generated<string>;
  region_scheme: string;
  region_code: string;
  location_id: string | null;
  rule_id: QualityRuleId | null;
  period_start: DateOnly;
  period_end: DateOnly;
  reason: ExplanationReason;
  text: string;
  created_by: string;
  created_at: GeneratedTimestamp;
}

export type { ReportStatus };

/** A quarter's report of a region (region_code set) or the nation; frozen once signed off. */
export interface QuarterlyReportTable {
  id: Generated<string>;
  region_scheme: string | null;
  region_code: string | null;
  quarter: string;
  period_start: DateOnly;
  period_end: DateOnly;
  status: Generated<ReportStatus>;
  drafted_at: GeneratedTimestamp;
  signed_off_by: string | null;
  signed_off_at: Timestamp | null;
  snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  definition_version: string | null;
  disclosure_version: string | null;
}

export interface ReportQuestionTable {
  id: Generated<string>;
  report_id: string;
  location_id: string;
  text: string;
  created_by: string;
  created_at: GeneratedTimestamp;
}

/** The open-data rate limit's token bucket of one client address, shared by every node. */
export interface OpenDataBucketTable {
  address: string;
  tokens: number;
  at: Timestamp;
}
