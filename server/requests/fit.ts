import { type RawBuilder, sql } from 'kysely';

import type { Accessibility, Household, PlaceKind, Serves } from '../../db/schema.ts';
import { ACCESSIBILITY, type FitRule } from '../../shared/vocabulary.ts';

export type { FitRule };

// The fit rules of docs/definition.md, stated once: one row per rule, each saying when a place
// breaks it twice — in SQL, which the search runs inside PostgreSQL over every available place, and
// in TypeScript, which explains the few near misses shown. tests/db/fit-sql.test.ts proves the two
// agree over random places and households.

export interface FitPlace {
  kind: PlaceKind;
  beds: number;
  maxAdults: number;
  maxChildren: number;
  maxBoyAge: number | null;
  accessibility: Accessibility;
  petsAllowed: boolean;
  serves: Serves;
  regionCode: string;
}

export interface FitRequest {
  household: Household;
  accessibility: Accessibility;
  pet: boolean;
  avoidRegions: string[];
}

export interface FitFailure {
  rule: FitRule;
  /** In English; the dashboard words it in the user's language from `rule` and `params`. */
  message: string;
  params: Record<string, string | number>;
}

/** What the rules need to know of a household, worked out once per search. */
export interface HouseholdFacts {
  adults: number;
  children: number;
  /** Age of the oldest son, -1 without sons. */
  oldestSon: number;
  /** The one kind of location all adults may go to besides 'all'; null for mixed or other genders. */
  servedBy: 'women' | 'men' | null;
  /** Accessibility levels that meet the need. */
  accessible: Accessibility[];
  pet: boolean;
  avoidRegions: string[];
}

export function householdFacts(request: FitRequest): HouseholdFacts {
  const genders = new Set(request.household.adults.map((a) => a.gender));
  const only = genders.size === 1 ? [...genders][0] : null;
  return {
    adults: request.household.adults.length,
    children: request.household.children.length,
    oldestSon: Math.max(-1, ...request.household.children.filter((c) => c.sex === 'male').map((c) => c.age)),
    servedBy: only === 'female' ? 'women' : only === 'male' ? 'men' : null,
    // The vocabulary lists the levels from least to most accessible: a need is met by its level and those after.
    accessible: ACCESSIBILITY.slice(ACCESSIBILITY.indexOf(request.accessibility)),
    pet: request.pet,
    avoidRegions: request.avoidRegions,
  };
}

/** The facts as the rules' SQL reads them: each one an SQL value of its type. */
export type FactsSql = { [F in keyof HouseholdFacts]: RawBuilder<unknown> };

const FACT_TYPES: { [F in keyof HouseholdFacts]: string } = {
  adults: 'int',
  children: 'int',
  oldestSon: 'int',
  servedBy: 'text',
  accessible: 'text[]',
  pet: 'boolean',
  avoidRegions: 'text[]',
};

/**
 * The facts in SQL, each the parameter `value(fact)`: a household's value, or a slot of a statement
 * prepared once for every household (search.repository.ts). The rules' SQL compares places with
 * these alone, never with a value worked out here, so its text is the same for every household.
 */
export function factsSql(value: (fact: keyof HouseholdFacts) => unknown): FactsSql {
  const entries = Object.entries(FACT_TYPES).map(([fact, type]) => [fact, sql`${value(fact as keyof HouseholdFacts)}::${sql.raw(type)}`]);
  return Object.fromEntries(entries) as FactsSql;
}

/** One household's facts in SQL. */
export const factsOf = (h: HouseholdFacts): FactsSql => factsSql((fact) => h[fact]);

const ACCESSIBILITY_SQL = sql`ARRAY[${sql.join(ACCESSIBILITY.map((level) => sql.lit(level)))}]::text[]`;

/**
 * householdFacts worked out in SQL from a placement request row `r` (its household jsonb,
 * accessibility, pet and avoid_regions): the crisis search reads the request and searches in one
 * statement, one round trip instead of two (search.repository.ts). The same facts twice, as the rules
 * are: tests/db/fit-sql.test.ts proves both agree over random households. No parameters: a statement
 * prepared once holds these as they are.
 */
export const REQUEST_FACTS_SQL: { [F in keyof HouseholdFacts]: (r: RawBuilder<unknown>) => RawBuilder<unknown> } = {
  adults: (r) => sql`jsonb_array_length(${r}.household -> 'adults')`,
  children: (r) => sql`jsonb_array_length(${r}.household -> 'children')`,
  oldestSon: (r) => sql`coalesce((SELECT max((c ->> 'age')::int) FROM jsonb_array_elements(${r}.household -> 'children') c WHERE c ->> 'sex' = 'male'), -1)`,
  servedBy: (r) => sql`(SELECT CASE WHEN count(DISTINCT a ->> 'gender') = 1 AND count(a ->> 'gender') = count(*)
      THEN CASE min(a ->> 'gender') WHEN 'female' THEN 'women' WHEN 'male' THEN 'men' END END
    FROM jsonb_array_elements(${r}.household -> 'adults') a)`,
  // The vocabulary lists the levels from least to most accessible: a need is met by its level and those after.
  accessible: (r) => sql`(${ACCESSIBILITY_SQL})[array_position(${ACCESSIBILITY_SQL}, ${r}.accessibility):]`,
  pet: (r) => sql`${r}.pet`,
  avoidRegions: (r) => sql`${r}.avoid_regions`,
};

/** The facts as columns named for them ("oldestSon", …) of a select over the request row `r`. */
export const requestFactColumns = (r: RawBuilder<unknown>) =>
  sql.join(
    Object.entries(REQUEST_FACTS_SQL).map(
      ([fact, expression]) => sql`${expression(r)}::${sql.raw(FACT_TYPES[fact as keyof HouseholdFacts])} AS ${sql.id(fact)}`,
    ),
  );

interface Rule {
  rule: FitRule;
  breaks: (place: FitPlace, h: HouseholdFacts) => boolean;
  /** The same condition over `p` (places) joined with `l` (locations). */
  sql: (f: FactsSql) => RawBuilder<boolean>;
  explain: (place: FitPlace, h: HouseholdFacts) => Omit<FitFailure, 'rule'>;
}

const unit = (place: FitPlace) => place.kind === 'family_unit';

export const FIT_RULES: Rule[] = [
  {
    rule: 'kind',
    breaks: (p, h) => p.kind === 'bed' && (h.adults !== 1 || h.children !== 0),
    sql: (f) => sql`(p.kind = 'bed' AND (${f.adults} <> 1 OR ${f.children} <> 0))`,
    explain: (_p, h) => ({ message: 'a bed is for one adult without children', params: { adults: h.adults, children: h.children } }),
  },
  {
    rule: 'maxAdults',
    breaks: (p, h) => unit(p) && h.adults > p.maxAdults,
    sql: (f) => sql`(p.kind = 'family_unit' AND p.max_adults < ${f.adults})`,
    explain: (p, h) => ({ message: `up to ${p.maxAdults} adults; this household has ${h.adults}`, params: { max: p.maxAdults, adults: h.adults } }),
  },
  {
    rule: 'maxChildren',
    breaks: (p, h) => unit(p) && h.children > p.maxChildren,
    sql: (f) => sql`(p.kind = 'family_unit' AND p.max_children < ${f.children})`,
    explain: (p, h) => ({ message: `up to ${p.maxChildren} children; this household has ${h.children}`, params: { max: p.maxChildren, children: h.children } }),
  },
  {
    rule: 'beds',
    breaks: (p, h) => unit(p) && h.adults + h.children > p.beds,
    sql: (f) => sql`(p.kind = 'family_unit' AND p.beds < ${f.adults} + ${f.children})`,
    explain: (p, h) => ({ message: `${p.beds} beds for ${h.adults + h.children} people`, params: { beds: p.beds, people: h.adults + h.children } }),
  },
  {
    rule: 'boyAge',
    breaks: (p, h) => unit(p) && p.maxBoyAge !== null && h.oldestSon > p.maxBoyAge,
    sql: (f) => sql`(p.kind = 'family_unit' AND p.max_boy_age < ${f.oldestSon})`,
    explain: (p, h) => ({ message: `sons up to ${p.maxBoyAge}; this household has a son of ${h.oldestSon}`, params: { max: p.maxBoyAge!, age: h.oldestSon } }),
  },
  {
    rule: 'serves',
    breaks: (p, h) => p.serves !== 'all' && p.serves !== h.servedBy,
    sql: (f) => sql`(l.serves <> 'all' AND l.serves IS DISTINCT FROM ${f.servedBy})`,
    explain: (p) => ({ message: `the location serves ${p.serves} only`, params: { serves: p.serves } }),
  },
  {
    rule: 'accessibility',
    breaks: (p, h) => !h.accessible.includes(p.accessibility),
    sql: (f) => sql`(p.accessibility <> ALL(${f.accessible}))`,
    explain: (p, h) => ({
      message: `needs ${h.accessible[0]}; the place offers ${p.accessibility}`,
      params: { need: h.accessible[0]!, offers: p.accessibility },
    }),
  },
  {
    rule: 'pets',
    breaks: (p, h) => h.pet && !p.petsAllowed,
    sql: (f) => sql`(${f.pet} AND NOT p.pets_allowed)`,
    explain: () => ({ message: 'no pets allowed', params: {} }),
  },
  {
    rule: 'avoidedRegion',
    breaks: (p, h) => h.avoidRegions.includes(p.regionCode),
    sql: (f) => sql`(l.region_code = ANY(${f.avoidRegions}))`,
    explain: (p) => ({ message: `in ${p.regionCode}, a region to avoid`, params: { region: p.regionCode } }),
  },
];

/** Which rules a place breaks for a household, each with its numbers. None broken: the place fits. */
export function fitFailures(place: FitPlace, request: FitRequest): FitFailure[] {
  const facts = householdFacts(request);
  return FIT_RULES.filter((r) => r.breaks(place, facts)).map((r) => ({ rule: r.rule, ...r.explain(place, facts) }));
}

/**
 * The rules a place breaks, over `p` and `l`, as a bit mask: bit i is FIT_RULES[i]. Integer sums,
 * not a text[]: the search works this out for every available place, and arrays cost allocations.
 */
export function failedRulesSql(facts: FactsSql): RawBuilder<number> {
  const bits = FIT_RULES.map((r, i) => sql`CASE WHEN ${r.sql(facts)} THEN ${sql.lit(1 << i)} ELSE 0 END`);
  return sql<number>`(${sql.join(bits, sql` + `)})`;
}

/**
 * The place fits: no rule broken, over `p` and `l`. Each rule's NULL (a place without an age limit
 * for sons) counts as not broken, as in the bit mask. A conjunction the planner can stop at the first
 * rule broken: the search runs this, the bit mask only for near misses.
 */
export function fitsSql(facts: FactsSql): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    FIT_RULES.map((r) => sql`${r.sql(facts)} IS NOT TRUE`),
    sql` AND `,
  )})`;
}

/** The bit the search uses for a place that fits but is stale, after the fit rules' bits. */
export const STALE_BIT = 1 << FIT_RULES.length;

/** The rule names of a mask from failedRulesSql, in the table's order. */
export function rulesOfMask(mask: number): FitRule[] {
  return FIT_RULES.filter((_r, i) => mask & (1 << i)).map((r) => r.rule);
}
