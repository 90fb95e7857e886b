import { sql } from 'kysely';

import type { Db } from '../../db/database.ts';
import { NATION } from './demand-publication.ts';
import type { FamilyPlaceRow } from './statistics.schema.ts';
import type { StatisticsFilters } from './statistics-filters.repository.ts';

// Family places and beds per 10,000 inhabitants per region, beside the Istanbul-convention norm of one
// family place per 10,000 (docs/definition.md, Stays). Places as registered on one closed day (the
// capacity rollup region_days), inhabitants from the shipped CBS table (municipality_populations).
// That table holds figures of several years: its reference year is the one most rows have (a few
// newer figures for municipalities missing a figure must not move it), and each municipality counts
// with its figure of that year, else the nearest year's (a tie: the later). A region's population is
// the sum over the municipalities it has on that day, and only when every one of them has a figure of
// some year: a rate from a partial sum would look better than it is. Each row says how many of its
// municipalities count with another year, and which. Places are not households: published as they
// are, like capacity.

/** The norm: family places per 10,000 inhabitants (Council of Europe, Istanbul convention, art. 23). */
export const NORM_PER_10000 = 1;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

interface Counts {
  municipalities: number;
  withoutPopulation: number;
  otherYear: number;
  yearsOther: number[];
  population: number;
  familyPlaces: number;
  beds: number;
}

const EMPTY: Counts = { municipalities: 0, withoutPopulation: 0, otherYear: 0, yearsOther: [], population: 0, familyPlaces: 0, beds: 0 };

function row(day: string, code: string, name: string, year: number | null, c: Counts): FamilyPlaceRow {
  const known = c.municipalities > 0 && c.withoutPopulation === 0;
  const per10000 = (count: number) => (known ? round((count / c.population) * 10_000, 2) : null);
  const normPlaces = known ? round((c.population / 10_000) * NORM_PER_10000, 1) : null;
  return {
    day,
    regionCode: code,
    regionName: name,
    municipalities: c.municipalities,
    municipalitiesWithoutPopulation: c.withoutPopulation,
    populationYear: year,
    municipalitiesOtherYear: c.otherYear,
    populationYearsOther: c.yearsOther,
    population: known ? c.population : null,
    familyPlaces: c.familyPlaces,
    beds: c.beds,
    familyPlacesPer10000: per10000(c.familyPlaces),
    bedsPer10000: per10000(c.beds),
    normPer10000: NORM_PER_10000,
    normPlaces,
    gap: normPlaces === null ? null : round(normPlaces - c.familyPlaces, 1),
  };
}

/** Per region of the scheme (those asked for) and the nation, on the last closed day on or before `to`. */
export async function familyPlaceRows(db: Db, f: Pick<StatisticsFilters, 'to' | 'scheme' | 'regionCodes'>): Promise<FamilyPlaceRow[]> {
  const state = await db.selectFrom('rollup_state').select('closed_through').executeTakeFirstOrThrow();
  if (state.closed_through === null) return [];
  const day = state.closed_through < f.to ? state.closed_through : f.to;
  const [regions, people, places] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name']).where('scheme_code', '=', f.scheme).orderBy('code').execute(),
    // One row per region (and one without a region when the scheme has no municipality that day), each
    // with the reference year, so that the year is read once, in the same snapshot as the figures.
    sql<{
      reference_year: number | null;
      region_code: string | null;
      municipalities: number;
      without_population: number;
      other_year: number;
      years_other: number[] | null;
      population: string | null;
    }>`
      WITH reference AS (
        SELECT (SELECT year FROM municipality_populations GROUP BY year ORDER BY count(*) DESC, year DESC LIMIT 1) AS year
      ), chosen AS (
        SELECT DISTINCT ON (mp.municipality_code) mp.municipality_code, mp.year, mp.population
        FROM municipality_populations mp CROSS JOIN reference r
        ORDER BY mp.municipality_code, abs(mp.year - r.year), mp.year DESC
      )
      SELECT r.year AS reference_year, mr.region_code, count(mr.municipality_code)::int AS municipalities,
        count(mr.municipality_code) FILTER (WHERE c.population IS NULL)::int AS without_population,
        count(*) FILTER (WHERE c.year <> r.year)::int AS other_year,
        array_agg(DISTINCT c.year ORDER BY c.year) FILTER (WHERE c.year <> r.year) AS years_other,
        sum(c.population) AS population
      FROM reference r
      LEFT JOIN municipality_regions mr ON mr.scheme_code = ${f.scheme} AND mr.valid_from <= ${day}::date
        AND (mr.valid_to IS NULL OR mr.valid_to > ${day}::date)
      LEFT JOIN chosen c ON c.municipality_code = mr.municipality_code
      GROUP BY r.year, mr.region_code`.execute(db),
    sql<{ region_code: string; family_places: string; beds: string }>`
      SELECT region_code, coalesce(sum(places) FILTER (WHERE kind = 'family_unit'), 0) AS family_places, sum(beds) AS beds
      FROM region_days
      WHERE scheme_code = ${f.scheme} AND day = ${day}::date
      GROUP BY region_code`.execute(db),
  ]);
  const populationYear = people.rows[0]?.reference_year ?? null;
  const counts = new Map<string, Counts>(regions.map((r) => [r.code, { ...EMPTY }]));
  for (const p of people.rows) {
    const c = p.region_code === null ? undefined : counts.get(p.region_code);
    if (c)
      Object.assign(c, {
        municipalities: p.municipalities,
        withoutPopulation: p.without_population,
        otherYear: p.other_year,
        yearsOther: p.years_other ?? [],
        population: Number(p.population ?? 0),
      });
  }
  for (const p of places.rows) {
    const c = counts.get(p.region_code);
    if (c) Object.assign(c, { familyPlaces: Number(p.family_places), beds: Number(p.beds) });
  }
  const nation = [...counts.values()].reduce(
    (sum, c) => ({
      municipalities: sum.municipalities + c.municipalities,
      withoutPopulation: sum.withoutPopulation + c.withoutPopulation,
      otherYear: sum.otherYear + c.otherYear,
      yearsOther: [...new Set([...sum.yearsOther, ...c.yearsOther])].sort((a, b) => a - b),
      population: sum.population + c.population,
      familyPlaces: sum.familyPlaces + c.familyPlaces,
      beds: sum.beds + c.beds,
    }),
    EMPTY,
  );
  return [
    ...regions.filter((r) => !f.regionCodes || f.regionCodes.includes(r.code)).map((r) => row(day, r.code, r.name, populationYear, counts.get(r.code)!)),
    row(day, NATION.code, NATION.name, populationYear, nation),
  ];
}
