import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import type { QualityRuleId, QualityUnit } from '../../shared/vocabulary.ts';
import type { ListScope } from '../policy/scope.ts';
import { type Period, QUALITY_RULES } from './quality-rules.ts';

export interface LocationFlag {
  ruleId: QualityRuleId;
  ruleVersion: number;
  locationId: string;
  locationName: string;
  organisationName: string;
  regionCode: string;
  value: number;
  threshold: number;
  unit: QualityUnit;
}

export interface RegionFlag {
  ruleId: QualityRuleId;
  ruleVersion: number;
  regionCode: string;
  regionName: string;
  /** Locations of the region flagged by the rule, out of `locations`. */
  flaggedLocations: number;
  locations: number;
}

/** Where the flags are looked for: the actor's scope, narrowed to one region of the default scheme if asked. */
export interface FlagScope extends ListScope {
  regionCode?: string;
}

function locationFilter(scope: FlagScope) {
  return sql.join(
    [
      sql`r.is_default`,
      scope.organisationId ? sql`l.organisation_id = ${scope.organisationId}` : sql`true`,
      scope.region ? sql`l.region_scheme = ${scope.region.scheme} AND l.region_code = ${scope.region.code}` : sql`true`,
      scope.regionCode ? sql`l.region_code = ${scope.regionCode}` : sql`true`,
    ],
    sql` AND `,
  );
}

/** Every rule's flags over the period for the locations in scope: one statement per rule, all in SQL. */
export async function locationFlags(db: Db, period: Period, scope: FlagScope): Promise<LocationFlag[]> {
  const perRule = await Promise.all(
    QUALITY_RULES.map(async (rule) => {
      const { rows } = await sql<{ location_id: string; location_name: string; organisation_name: string; region_code: string; value: string | number }>`
      SELECT m.location_id, l.name AS location_name, o.name AS organisation_name, l.region_code, m.value
      FROM (${rule.measure(period)}) m
      JOIN locations l ON l.id = m.location_id
      JOIN organisations o ON o.id = l.organisation_id
      JOIN region_schemes r ON r.code = l.region_scheme
      WHERE ${locationFilter(scope)} AND m.value > ${rule.threshold}
      ORDER BY l.region_code, l.name`.execute(db);
      return rows.map((row) => ({
        ruleId: rule.id,
        ruleVersion: rule.version,
        locationId: row.location_id,
        locationName: row.location_name,
        organisationName: row.organisation_name,
        regionCode: row.region_code,
        value: Math.round(Number(row.value) * 10) / 10,
        threshold: rule.threshold,
        unit: rule.unit,
      }));
    }),
  );
  return perRule.flat();
}

/** Per region in scope and rule: how many of its locations are flagged. Regions without locations are left out. */
export async function regionFlags(db: Db, flags: LocationFlag[], scope: FlagScope): Promise<RegionFlag[]> {
  const { rows } = await sql<{ region_code: string; region_name: string; locations: string }>`
    SELECT l.region_code, rg.name AS region_name, count(*) AS locations
    FROM locations l
    JOIN region_schemes r ON r.code = l.region_scheme
    JOIN regions rg ON rg.scheme_code = l.region_scheme AND rg.code = l.region_code
    WHERE ${locationFilter(scope)}
    GROUP BY l.region_code, rg.name ORDER BY l.region_code`.execute(db);
  return rows.flatMap((region) =>
    QUALITY_RULES.map((rule) => ({
      ruleId: rule.id,
      ruleVersion: rule.version,
      regionCode: region.region_code,
      regionName: region.region_name,
      flaggedLocations: new Set(flags.filter((f) => f.ruleId === rule.id && f.regionCode === region.region_code).map((f) => f.locationId)).size,
      locations: Number(region.locations),
    })),
  );
}
