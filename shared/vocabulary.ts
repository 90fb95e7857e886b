// The project's closed sets of words, once. Server (zod enums, SQL), database row types and dashboard
// (select lists, message keys) all take their values from here; tests/db/vocabulary.test.ts holds
// them against the database's CHECK constraints. Values only: this module imports nothing, so the
// browser bundle can import it as it is.

export const PLACE_KINDS = ['bed', 'family_unit'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PLACE_STATUSES = ['available', 'held', 'occupied', 'unavailable'] as const;
export type PlaceStatus = (typeof PLACE_STATUSES)[number];
/** The statuses a shelter sets by hand; `held` is set only through holds. */
export const SETTABLE_STATUSES = ['available', 'occupied', 'unavailable'] as const satisfies readonly PlaceStatus[];
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export const UNAVAILABLE_REASONS = ['maintenance', 'staffing', 'safety', 'other'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/** From least to most accessible: a place meets the needs of its level and of those before it (fit.ts). */
export const ACCESSIBILITY = ['none', 'limited_mobility', 'wheelchair'] as const;
export type Accessibility = (typeof ACCESSIBILITY)[number];

export const SERVES = ['women', 'men', 'all'] as const;
export type Serves = (typeof SERVES)[number];

/** veilig_thuis: a crisis team, whose members are crisis workers; the others run shelters. */
export const ORGANISATION_KINDS = ['vrouwenopvang', 'maatschappelijke_opvang', 'veilig_thuis'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = ['admin', 'shelter_staff', 'crisis_worker', 'analyst', 'region_officer'] as const;
export type Role = (typeof ROLES)[number];

export const PLACE_EVENT_TYPES = [
  'registered',
  'status_changed',
  'confirmed',
  'updated',
  'held',
  'hold_accepted',
  'hold_declined',
  'hold_released',
  'hold_expired',
  // The place left the registry (issue 18); its history stays.
  'retired',
] as const;
export type PlaceEventType = (typeof PLACE_EVENT_TYPES)[number];

/**
 * The events that confirm a place's status (docs/definition.md, rule 4: stale after the freshness
 * window): registering, a status change, a confirmation, and the shelter accepting or declining a
 * hold. An attribute update, a hold being placed, released or expiring confirm nothing. The partial
 * index place_events_place_confirmed (migration 0900) lists the same types.
 */
export const CONFIRMING_EVENTS = ['registered', 'status_changed', 'confirmed', 'hold_accepted', 'hold_declined'] as const satisfies readonly PlaceEventType[];

export function confirmsPlace(type: PlaceEventType): boolean {
  return (CONFIRMING_EVENTS as readonly PlaceEventType[]).includes(type);
}

export const REQUEST_STATUSES = ['open', 'placed', 'no_place', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** The statuses a crisis worker closes a request with by hand; `placed` comes with an accepted hold. */
export const CLOSING_STATUSES = ['no_place', 'withdrawn'] as const satisfies readonly RequestStatus[];

export const NO_PLACE_REASONS = ['no_fitting_place', 'no_capacity', 'household_declined', 'other'] as const;
export type NoPlaceReason = (typeof NO_PLACE_REASONS)[number];

export const URGENCIES = ['now', 'today', 'this_week'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const HOLD_STATUSES = ['active', 'accepted', 'declined', 'released', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const DECLINE_REASONS = ['does_not_fit', 'no_staff', 'safety', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** A login's second factor: an authenticator app (RFC 6238) or a passkey (WebAuthn). */
export const FACTOR_KINDS = ['totp', 'passkey'] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

export const ADULT_GENDERS = ['female', 'male', 'other'] as const;
export type AdultGender = (typeof ADULT_GENDERS)[number];
export const CHILD_SEXES = ['female', 'male'] as const;
export type ChildSex = (typeof CHILD_SEXES)[number];

/** The fit rules, in the order a place is checked and a near miss is named by its first broken rule. */
export const FIT_RULES = ['kind', 'maxAdults', 'maxChildren', 'beds', 'boyAge', 'serves', 'accessibility', 'pets', 'avoidedRegion'] as const;
export type FitRule = (typeof FIT_RULES)[number];
/** A near miss: a broken fit rule, or a place that fits but whose status is stale. */
export const NEAR_MISS_RULES = [...FIT_RULES, 'stale'] as const;
export type NearMissRule = (typeof NEAR_MISS_RULES)[number];

/** What a published figure shows in place of a count hidden by disclosure control. */
export const HIDDEN = 'x' as const;

/** Why a data-quality flag or period is as it is: the coded part of an explanation (docs/quality.md). */
export const EXPLANATION_REASONS = [
  'data_entry_late',
  'building_works',
  'staff_shortage',
  'policy_change',
  'system_error',
  'correct_as_reported',
  'other',
] as const;
export type ExplanationReason = (typeof EXPLANATION_REASONS)[number];

/** The data-quality rules (server/quality/quality-rules.ts) and what each measures in. */
export const QUALITY_RULE_IDS = [
  'unconfirmed',
  'status_unchanged',
  'occupied_over_capacity',
  'long_unavailable',
  'holds_expired',
  'stays_without_destination',
] as const;
export type QualityRuleId = (typeof QUALITY_RULE_IDS)[number];
export const QUALITY_UNITS = ['days', 'holds', 'stays'] as const;
export type QualityUnit = (typeof QUALITY_UNITS)[number];

/** Where a household went when its stay ended; in the spirit of the HMIS destination element. */
export const EXIT_DESTINATIONS = ['own_housing', 'family_or_friends', 'other_shelter', 'former_home', 'care_institution', 'unknown'] as const;
export type ExitDestination = (typeof EXIT_DESTINATIONS)[number];
/** What a household that is ready to move on is waiting for. */
export const WAITING_FOR = ['housing', 'urgency_declaration', 'income_or_debts', 'care', 'other'] as const;
export type WaitingFor = (typeof WAITING_FOR)[number];
/** How a stay began: by an accepted hold, or by the shelter's own intake. */
export const STAY_BEGINNINGS = ['hold', 'intake'] as const;

/** A quarterly report's state (docs/quality.md). */
export const REPORT_STATUSES = ['draft', 'question', 'signed_off'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What became of one try to deliver a push (the push log; never its payload). */
export const PUSH_RESULTS = ['delivered', 'retry', 'gone', 'failed', 'dropped'] as const;
export type PushResult = (typeof PUSH_RESULTS)[number];

/**
 * What kind of refusal a problem+json answer is: its `code`, one per title (code `too_many_holds` is
 * title "Too many holds"). The web words each code in the user's language; the server's English
 * `detail` is for developers and logs.
 */
export const PROBLEM_CODES = [
  'invalid_input',
  'not_logged_in',
  'login_failed',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'too_many_holds',
  'request_closed',
  'already_held',
  'does_not_fit',
  'hold_expired',
  'hold_ended',
  'already_extended',
  'too_many_devices',
  'payload_too_large',
  'unsupported_media_type',
  'request_refused',
  'too_many_attempts',
  'too_many_requests',
  'service_unavailable',
  'internal_server_error',
  'request_header_fields_too_large',
  'request_timeout',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
type Spaced<S extends string> = S extends `${infer Word}_${infer Rest}` ? `${Word} ${Spaced<Rest>}` : S;
/** A problem's title: its code in words ("Too many holds"), so a title outside the vocabulary fails tsc. */
export type ProblemTitle = Capitalize<Spaced<ProblemCode>>;
