import { z } from '@hono/zod-openapi';

import { PLACE_KINDS } from '../../shared/vocabulary.ts';
import { HIDDEN } from './disclosure.ts';

// The columns of every statistics table, described ONCE: name, Frictionless type and description.
// The same list builds the JSON row schema (OpenAPI), the CSV header and text/csv documentation, and
// the fields of GET /statistics/datapackage, so the three can never disagree.

/** Frictionless Table Schema field types used here ('array': a JSON array, in CSV its JSON text). */
export type FieldType = 'string' | 'integer' | 'number' | 'date' | 'array';

export interface Column<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  type: FieldType;
  description: string;
  schema: S;
}

function column<N extends string, S extends z.ZodType>(name: N, type: FieldType, schema: S, description: string): Column<N, S> {
  return { name, type, description, schema };
}

type RowShape<C extends readonly Column[]> = { [K in C[number] as K['name']]: K['schema'] };

/** A JSON row object whose fields are the columns, in their order, each with its description. */
export function rowSchema<const C extends readonly Column[]>(columns: C, name: string) {
  const shape = Object.fromEntries(columns.map((c) => [c.name, c.schema.openapi({ description: c.description })]));
  return z.object(shape as RowShape<C>).openapi(name);
}

/** A household count as published: the number, or "x" where disclosure control hides it (docs/definition.md). */
export const SuppressedCount = z.union([z.number().int().min(0), z.literal(HIDDEN)]).openapi({ example: 12 });

const suppressedNote =
  'Hidden as "x" where under the threshold (default 5, zeros too) or where it would let a hidden figure be worked out (disclosure control, see disclosureVersion).';
// Generic over the name, so that each row type has e.g. `occupiedSeconds` as a required field.
const share = <W extends string>(what: W) =>
  column(`${what}Share` as const, 'number', z.number().min(0).max(1), `Fraction 0..1 of placeSeconds that was ${what} (4 decimals; 0 when placeSeconds is 0).`);
const seconds = <W extends string>(what: W, description: string) => column(`${what}Seconds` as const, 'integer', z.number().int(), description);

/** First columns of every CSV: JSON responses carry them once at the top instead. */
export const DEFINITION_VERSION_COLUMN = column(
  'definitionVersion',
  'string',
  z.string(),
  'Version of the capacity definition (docs/definition.md) the figures are computed under.',
);
export const DISCLOSURE_VERSION_COLUMN = column(
  'disclosureVersion',
  'string',
  z.string(),
  'Version of the disclosure control (docs/definition.md) the figures are published under.',
);

const period = column(
  'period',
  'date',
  z.iso.date(),
  'First day of the period (day, ISO week from Monday, month, or for capacity and occupancy also quarter or year), Europe/Amsterdam calendar.',
);
const regionCode = column('regionCode', 'string', z.string().openapi({ example: 'VR09' }), 'Region code in the requested region scheme.');
const regionName = column('regionName', 'string', z.string().openapi({ example: 'Utrecht' }), 'Region name.');
const kind = column('kind', 'string', z.enum(PLACE_KINDS), 'Place kind: bed or family_unit.');

export const CAPACITY_COLUMNS = [
  period,
  regionCode,
  regionName,
  kind,
  column('places', 'integer', z.number().int(), 'Places registered on the last closed day of the period within [from, to].'),
  column('beds', 'integer', z.number().int(), 'Sleeping places of those places (a bed is 1, a family unit its beds).'),
] as const;

export const OCCUPANCY_COLUMNS = [
  period,
  regionCode,
  regionName,
  kind,
  column('placeSeconds', 'integer', z.number().int(), 'Place-time in seconds: the sum over places of the seconds each existed in the period.'),
  seconds('available', 'Place-time available and not stale.'),
  seconds('held', 'Place-time held for a placement request and not stale.'),
  seconds('occupied', 'Place-time occupied and not stale.'),
  seconds('unavailable', 'Place-time unavailable (out of use) and not stale.'),
  seconds('unknown', 'Place-time stale (status not confirmed within the freshness window), whatever the status.'),
  column(
    'occupancyRate',
    'number',
    z.number().min(0).max(1).nullable(),
    'occupiedSeconds / (placeSeconds - unavailableSeconds - unknownSeconds), 4 decimals; empty (null) when that is 0.',
  ),
  share('available'),
  share('held'),
  share('occupied'),
  share('unavailable'),
  share('unknown'),
] as const;

const demandPeriod = column(
  'period',
  'date',
  z.iso.date(),
  'The closed period the placement requests were made in (Europe/Amsterdam): an ISO week by its Monday, or a month by its first day, ' +
    'a month being the ISO weeks whose Thursday falls in it.',
);

export const DEMAND_COLUMNS = [
  demandPeriod,
  column('regionCode', 'string', z.string().openapi({ example: 'VR13' }), 'Origin region of the households (veiligheidsregio).'),
  regionName,
  column('requests', 'integer', SuppressedCount, `Placement requests made (one per household), whatever their outcome. ${suppressedNote}`),
  column('placed', 'integer', SuppressedCount, `Of those, placed. ${suppressedNote}`),
  column('noPlace', 'integer', SuppressedCount, `Of those, closed without a fitting place. ${suppressedNote}`),
  column('withdrawn', 'integer', SuppressedCount, `Of those, withdrawn. ${suppressedNote}`),
  column('open', 'integer', SuppressedCount, `Of those, still open when the week closed (outcomes count as they stood then). ${suppressedNote}`),
  column(
    'medianMinutesToPlacement',
    'number',
    z.number().nullable(),
    'Median minutes from request to placement (interpolated, 1 decimal); empty (null) where placed is hidden.',
  ),
  column(
    'p90MinutesToPlacement',
    'number',
    z.number().nullable(),
    '90th percentile of minutes from request to placement (interpolated, 1 decimal); empty (null) where placed is hidden.',
  ),
] as const;

export const FLOW_COLUMNS = [
  demandPeriod,
  column('originRegionCode', 'string', z.string().openapi({ example: 'VR13' }), 'Origin region of the households (veiligheidsregio).'),
  column('originRegionName', 'string', z.string(), 'Origin region name.'),
  column('placementRegionCode', 'string', z.string().openapi({ example: 'VR09' }), 'Region of the place the household was placed in.'),
  column('placementRegionName', 'string', z.string(), 'Placement region name.'),
  column(
    'placed',
    'integer',
    SuppressedCount,
    `Placed requests made in the month from origin to placement region. An origin's row is hidden whole where its month's placed count is hidden in demand. ${suppressedNote}`,
  ),
] as const;

// Stays (docs/definition.md, Stays): per closed period and region, from the daily stay rollups.
const meanNote = "Mean per day over the period's days, rounded to a whole number before disclosure control.";
export const STAY_COLUMNS = [
  column('period', 'date', z.iso.date(), 'First day of the period (day, ISO week from Monday, or month); only periods whose every day is closed.'),
  column('regionCode', 'string', z.string().openapi({ example: 'VR09' }), 'Region code of the place, in the requested region scheme; NL for the nation.'),
  regionName,
  column('days', 'integer', z.number().int(), 'Days in the period.'),
  column('households', 'integer', SuppressedCount, `Households in shelter places. ${meanNote} ${suppressedNote}`),
  column('blockedPlaceDays', 'integer', SuppressedCount, `Place-days occupied by a household that was ready to move on. ${suppressedNote}`),
  column(
    'blockedShare',
    'number',
    z.number().min(0).max(1).nullable(),
    'blockedPlaceDays / place-days of capacity (places registered, summed over the days), 4 decimals; empty (null) where blockedPlaceDays is hidden or there was no capacity.',
  ),
  column('children0to3', 'integer', SuppressedCount, `Children aged 0–3 (at the start of their stay) in shelter places. ${meanNote} ${suppressedNote}`),
  column('children4to11', 'integer', SuppressedCount, `Children aged 4–11 in shelter places. ${meanNote} ${suppressedNote}`),
  column('children12to17', 'integer', SuppressedCount, `Children aged 12–17 in shelter places. ${meanNote} ${suppressedNote}`),
  column('children', 'integer', SuppressedCount, `All children in shelter places (the sum of the bands). ${meanNote} ${suppressedNote}`),
] as const;

const endedNote = 'Stays that ended in the period (one per household), in places of the region.';
export const STAY_LENGTH_COLUMNS = [
  column(
    'period',
    'date',
    z.iso.date(),
    'First day of the period the stays ended in (ISO week from Monday, or month); only periods whose every day is closed.',
  ),
  column('regionCode', 'string', z.string().openapi({ example: 'VR09' }), 'Veiligheidsregio of the place; NL for the nation.'),
  regionName,
  kind,
  column('ended', 'integer', SuppressedCount, `${endedNote} ${suppressedNote}`),
  column('medianDays', 'number', z.number().nullable(), 'Median length of those stays in days (interpolated, 1 decimal); empty (null) where ended is hidden.'),
  column('p90Days', 'number', z.number().nullable(), '90th percentile of the length in days (interpolated, 1 decimal); empty (null) where ended is hidden.'),
  column('ownHousing', 'integer', SuppressedCount, `Of those, left for own or social housing. ${suppressedNote}`),
  column('familyOrFriends', 'integer', SuppressedCount, `Of those, left for family or friends. ${suppressedNote}`),
  column('otherShelter', 'integer', SuppressedCount, `Of those, left for another shelter. ${suppressedNote}`),
  column('formerHome', 'integer', SuppressedCount, `Of those, went back to the former home. ${suppressedNote}`),
  column('careInstitution', 'integer', SuppressedCount, `Of those, left for a care institution. ${suppressedNote}`),
  column('unknownDestination', 'integer', SuppressedCount, `Of those, destination unknown. ${suppressedNote}`),
] as const;

export const CHILDREN_ORIGIN_COLUMNS = [
  column('period', 'date', z.iso.date(), 'First day of the month the stays began in; only months whose every day is closed.'),
  column(
    'municipalityCode',
    'string',
    z.string().openapi({ example: 'GM0363' }),
    'Origin municipality of the households (CBS gemeente code); NL for the nation.',
  ),
  column('municipalityName', 'string', z.string().openapi({ example: 'Amsterdam' }), 'Municipality name.'),
  column(
    'childrenOutside',
    'integer',
    SuppressedCount,
    `Children whose stay began in the month in a place outside their origin municipality (woonplaatsbeginsel). ${suppressedNote}`,
  ),
  column('childrenInside', 'integer', SuppressedCount, `Children whose stay began in the month in a place inside it. ${suppressedNote}`),
  column('children', 'integer', SuppressedCount, `All children whose stay began in the month, with a known origin municipality. ${suppressedNote}`),
] as const;

// Family places and beds per 10,000 inhabitants beside the Istanbul-convention norm (docs/definition.md,
// Stays): places on one closed day, inhabitants from the shipped CBS table. A place figure, not a
// household one: published as is. A rate is given only where every municipality of the region has a figure.
const unknownRate = 'Empty (null) where the population is unknown (municipalitiesWithoutPopulation > 0): never a rate from a partial sum.';
export const FAMILY_PLACE_COLUMNS = [
  column('day', 'date', z.iso.date(), 'The closed day the places are counted on: the last closed day on or before to.'),
  column('regionCode', 'string', z.string().openapi({ example: 'VR25' }), 'Region code of the place, in the requested region scheme; NL for the nation.'),
  regionName,
  column('municipalities', 'integer', z.number().int(), 'Municipalities of the region on that day.'),
  column('municipalitiesWithoutPopulation', 'integer', z.number().int(), 'Of those, without a population figure in the shipped table.'),
  column(
    'populationYear',
    'integer',
    z.number().int().nullable(),
    'Reference year of the population figures (CBS, inhabitants on 1 January): the year most figures of the shipped table have; empty when none is shipped.',
  ),
  column(
    'municipalitiesOtherYear',
    'integer',
    z.number().int(),
    "Of the region's municipalities, those without a figure of populationYear that count with the figure of the nearest year (a tie: the later).",
  ),
  column(
    'populationYearsOther',
    'array',
    z.array(z.number().int()).openapi({ example: [2025] }),
    'The years, other than populationYear, of the figures counted (ascending; empty when all are of populationYear).',
  ),
  column('population', 'integer', z.number().int().nullable(), `Inhabitants: the sum over the region's municipalities. ${unknownRate}`),
  column('familyPlaces', 'integer', z.number().int(), 'Family units registered in the region on that day.'),
  column('beds', 'integer', z.number().int(), 'Beds in all places (both kinds) registered in the region on that day.'),
  column('familyPlacesPer10000', 'number', z.number().nullable(), `Family places per 10,000 inhabitants (2 decimals). ${unknownRate}`),
  column('bedsPer10000', 'number', z.number().nullable(), `Beds per 10,000 inhabitants (2 decimals). ${unknownRate}`),
  column('normPer10000', 'number', z.number(), 'The Istanbul-convention norm: 1 family place per 10,000 inhabitants.'),
  column('normPlaces', 'number', z.number().nullable(), `Family places the norm asks for: population / 10,000 (1 decimal). ${unknownRate}`),
  column('gap', 'number', z.number().nullable(), `normPlaces − familyPlaces (1 decimal): above 0 the region is short of the norm. ${unknownRate}`),
] as const;
