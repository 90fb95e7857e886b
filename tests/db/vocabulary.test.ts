import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FIT_RULES as FIT_RULE_DEFINITIONS } from '../../server/requests/fit.ts';
import {
  ACCESSIBILITY,
  CONFIRMING_EVENTS,
  DECLINE_REASONS,
  EXIT_DESTINATIONS,
  EXPLANATION_REASONS,
  FACTOR_KINDS,
  FIT_RULES,
  HOLD_STATUSES,
  NO_PLACE_REASONS,
  ORGANISATION_KINDS,
  PLACE_EVENT_TYPES,
  PLACE_KINDS,
  PLACE_STATUSES,
  PUSH_RESULTS,
  REPORT_STATUSES,
  REQUEST_STATUSES,
  ROLES,
  SERVES,
  STAY_BEGINNINGS,
  UNAVAILABLE_REASONS,
  URGENCIES,
  WAITING_FOR,
} from '../../shared/vocabulary.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The vocabulary (shared/vocabulary.ts) is what the code believes; the CHECK constraints are what the
// database accepts. A value added on one side only is a write that fails at run time, or a row the
// code cannot name: this test reads the constraints back from pg_constraint and holds them together.

const VOCABULARY: Record<string, readonly string[]> = {
  'organisations.kind': ORGANISATION_KINDS,
  'locations.serves': SERVES,
  'places.kind': PLACE_KINDS,
  'places.accessibility': ACCESSIBILITY,
  'places.status': PLACE_STATUSES,
  'places.unavailable_reason': UNAVAILABLE_REASONS,
  'place_events.type': PLACE_EVENT_TYPES,
  'place_events.status': PLACE_STATUSES,
  'place_events.unavailable_reason': UNAVAILABLE_REASONS,
  'users.role': ROLES,
  'placement_requests.accessibility': ACCESSIBILITY,
  'placement_requests.urgency': URGENCIES,
  'placement_requests.status': REQUEST_STATUSES,
  'placement_requests.outcome_reason': NO_PLACE_REASONS,
  'holds.status': HOLD_STATUSES,
  'holds.decline_reason': DECLINE_REASONS,
  'place_days.kind': PLACE_KINDS,
  'region_days.kind': PLACE_KINDS,
  'user_factors.kind': FACTOR_KINDS,
  'stays.began_by': STAY_BEGINNINGS,
  'stays.exit_destination': EXIT_DESTINATIONS,
  'stays.waiting_for': WAITING_FOR,
  'stay_region_days.kind': PLACE_KINDS,
  'quality_explanations.reason': EXPLANATION_REASONS,
  'quarterly_reports.status': REPORT_STATUSES,
  'push_log.result': PUSH_RESULTS,
};

/** The quoted values of `col = ANY (ARRAY['a'::text, …])`, PostgreSQL's spelling of `col IN ('a', …)`. */
function listOf(definition: string): { column: string; values: string[] } | null {
  const match = /^CHECK \(\(?(\w+) = ANY \(ARRAY\[(.*)\]\)\)?\)$/.exec(definition);
  if (!match) return null;
  const values = [...match[2]!.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
  return { column: match[1]!, values };
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('migrated');
});
afterAll(() => t.drop());

describe('the vocabulary and the database', () => {
  it('every value list in a CHECK constraint is the vocabulary’s, and every vocabulary column has one', async () => {
    const { rows } = await sql<{ table: string; definition: string }>`
      SELECT c.conrelid::regclass::text AS table, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'c' AND n.nspname = 'public'`.execute(t.db);
    const found = new Map<string, string[]>();
    for (const row of rows) {
      const list = listOf(row.definition);
      if (list) found.set(`${row.table}.${list.column}`, list.values);
    }
    expect(found.size).toBeGreaterThan(0);
    for (const [column, values] of found) {
      expect(VOCABULARY[column], `${column}: a CHECK list the vocabulary does not know`).toBeDefined();
      expect([...values].sort(), column).toEqual([...VOCABULARY[column]!].sort());
    }
    expect([...found.keys()].sort()).toEqual(Object.keys(VOCABULARY).sort());
  });

  it('the confirming events are the partial index’s', async () => {
    const { indexdef } = await t.db
      .selectFrom('pg_indexes' as never)
      .select(sql<string>`indexdef`.as('indexdef'))
      .where(sql`indexname`, '=', 'place_events_place_effective_confirmed')
      .executeTakeFirstOrThrow();
    const values = [...indexdef.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
    expect(values.sort()).toEqual([...CONFIRMING_EVENTS].sort());
  });

  it('the fit rules are defined in the vocabulary’s order', () => {
    expect(FIT_RULE_DEFINITIONS.map((r) => r.rule)).toEqual([...FIT_RULES]);
  });
});
