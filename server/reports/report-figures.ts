import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import { DEFINITION_VERSION } from '../definition.ts';
import { type ExplanationOut, explanationsFor } from '../quality/explanations.repository.ts';
import { type LocationFlag, locationFlags, type RegionFlag, regionFlags } from '../quality/quality.repository.ts';
import { QUALITY_RULES_VERSION } from '../quality/quality-rules.ts';
import { NATION, publishDemand } from '../statistics/demand-publication.ts';
import { DISCLOSURE_VERSION, disclosureRules } from '../statistics/disclosure.ts';
import { capacityRows, occupancyRows, round4 } from '../statistics/region-days.repository.ts';
import type { DemandRow } from '../statistics/statistics.schema.ts';
import { amsterdamToday } from '../statistics/statistics-filters.repository.ts';

// A quarterly report's content: the region's (or nation's) figures per month of the quarter, every
// household figure from the protected tables (publishDemand: disclosure control, "x" for hidden), and
// the quality flags and explanations the region officer reviews. Frozen as is at sign-off.

export interface ReportScope {
  region: { scheme: string; code: string } | null;
  start: string;
  end: string;
}

export interface PlaceFigure {
  period: string;
  kind: 'bed' | 'family_unit';
  places: number;
  beds: number;
  occupancyRate: number | null;
  unavailableShare: number;
  unknownShare: number;
}

/** What the public sees: aggregates only, under the named versions. */
export interface PublicFigures {
  definitionVersion: string;
  disclosureVersion: string;
  rulesVersion: string;
  regionCode: string;
  places: PlaceFigure[];
  demand: DemandRow[];
  /** Per quality rule: how many of the region's locations it flagged (never which). */
  flags: Array<Pick<RegionFlag, 'ruleId' | 'ruleVersion' | 'flaggedLocations' | 'locations'>>;
}

/** What the region officer reviews besides: which locations were flagged, and the explanations. */
export interface ReportContent extends PublicFigures {
  locationFlags: LocationFlag[];
  explanations: ExplanationOut[];
}

async function placeFigures(db: Db, scheme: string, scope: ReportScope): Promise<PlaceFigure[]> {
  const filters = { from: scope.start, to: scope.end, scheme, regionCodes: scope.region ? [scope.region.code] : null, interval: 'month' as const, kind: null };
  const [capacity, occupancy] = await Promise.all([capacityRows(db, filters), occupancyRows(db, filters)]);
  // The nation: every region's rows of a month and kind summed (place figures count places, not households).
  const byKey = new Map<
    string,
    { places: number; beds: number; seconds: Record<'placeSeconds' | 'occupiedSeconds' | 'unavailableSeconds' | 'unknownSeconds', number> }
  >();
  const keyOf = (r: { period: string; kind: string }) => `${r.period} ${r.kind}`;
  const entry = (key: string) =>
    byKey.get(key) ??
    byKey.set(key, { places: 0, beds: 0, seconds: { placeSeconds: 0, occupiedSeconds: 0, unavailableSeconds: 0, unknownSeconds: 0 } }).get(key)!;
  for (const r of capacity) {
    const e = entry(keyOf(r));
    e.places += r.places;
    e.beds += r.beds;
  }
  for (const r of occupancy) {
    const s = entry(keyOf(r)).seconds;
    s.placeSeconds += r.placeSeconds;
    s.occupiedSeconds += r.occupiedSeconds;
    s.unavailableSeconds += r.unavailableSeconds;
    s.unknownSeconds += r.unknownSeconds;
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, v]) => {
      const [period, kind] = key.split(' ') as [string, 'bed' | 'family_unit'];
      const usable = v.seconds.placeSeconds - v.seconds.unavailableSeconds - v.seconds.unknownSeconds;
      const share = (part: number) => (v.seconds.placeSeconds === 0 ? 0 : round4(part / v.seconds.placeSeconds));
      return {
        period,
        kind,
        places: v.places,
        beds: v.beds,
        occupancyRate: usable === 0 ? null : round4(v.seconds.occupiedSeconds / usable),
        unavailableShare: share(v.seconds.unavailableSeconds),
        unknownShare: share(v.seconds.unknownSeconds),
      };
    });
}

export async function reportContent(db: Db, config: Config, scheme: string, scope: ReportScope): Promise<ReportContent> {
  const period = { from: scope.start, to: scope.end };
  const flagScope = scope.region ? { region: scope.region } : {};
  const [places, demand, flagged, explanations] = await Promise.all([
    placeFigures(db, scheme, scope),
    publishDemand(
      db,
      {
        scheme,
        from: scope.start,
        to: scope.end,
        interval: 'month',
        today: amsterdamToday(),
        lagDays: config.statistics.demandLagDays,
        rules: disclosureRules(config.statistics.threshold),
      },
      { regionCodes: scope.region ? [scope.region.code] : null, national: scope.region === null },
    ),
    locationFlags(db, period, flagScope),
    explanationsFor(db, period, flagScope),
  ]);
  const regions = await regionFlags(db, flagged, flagScope);
  const flags = [...new Set(regions.map((r) => r.ruleId))].map((ruleId) => {
    const rows = regions.filter((r) => r.ruleId === ruleId);
    return {
      ruleId,
      ruleVersion: rows[0]!.ruleVersion,
      flaggedLocations: rows.reduce((n, r) => n + r.flaggedLocations, 0),
      locations: rows.reduce((n, r) => n + r.locations, 0),
    };
  });
  return {
    definitionVersion: DEFINITION_VERSION,
    disclosureVersion: DISCLOSURE_VERSION,
    rulesVersion: QUALITY_RULES_VERSION,
    regionCode: scope.region?.code ?? NATION.code,
    places,
    demand,
    flags,
    // The nation's report is reviewed per region: no single locations in it.
    locationFlags: scope.region ? flagged : [],
    explanations: scope.region ? explanations : explanations.filter((e) => e.locationId === null),
  };
}

/** The public part of a report's content: aggregates only. */
export function publicFigures({ locationFlags: _l, explanations: _e, ...figures }: ReportContent): PublicFigures {
  return figures;
}
