import { z } from '@hono/zod-openapi';
import { PLACE_KINDS } from '../places/places.schema.ts';

// The columns of every statistics table, described ONCE: name, Frictionless type and description.
// The same list builds the JSON row schema (OpenAPI), the CSV header and text/csv documentation, and
// the fields of GET /statistics/datapackage, so the three can never disagree.

/** Frictionless Table Schema field types used here. */
export type FieldType = 'string' | 'integer' | 'number' | 'date';

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

export const SUPPRESSED = '<5' as const;

/** A demand count: the number when it is 5 or more, else "<5" (small-number suppression, definition v1). */
export const SuppressedCount = z
  .union([z.number().int().min(5), z.literal(SUPPRESSED)])
  .openapi({ example: 12 });

const suppressedNote = 'Counts under 5 (0 to 4) are suppressed and given as "<5".';
const share = (what: string) =>
  column(`${what}Share` as const, 'number', z.number().min(0).max(1), `Fraction 0..1 of placeSeconds that was ${what} (4 decimals; 0 when placeSeconds is 0).`);
const seconds = (what: string, description: string) => column(`${what}Seconds` as const, 'integer', z.number().int(), description);

/** First column of every CSV: JSON responses carry it once at the top instead. */
export const DEFINITION_VERSION_COLUMN = column('definitionVersion', 'string', z.string(), 'Version of the capacity definition (docs/definition.md) the figures are computed under.');

const period = column('period', 'date', z.iso.date(), 'First day of the period (day, ISO week from Monday, or month), Europe/Amsterdam calendar.');
const regionCode = column('regionCode', 'string', z.string().openapi({ example: 'VR09' }), 'Region code in the requested region scheme.');
const regionName = column('regionName', 'string', z.string().openapi({ example: 'Utrecht' }), 'Region name.');
const kind = column('kind', 'string', z.enum(PLACE_KINDS), 'Place kind: bed or family_unit.');

export const CAPACITY_COLUMNS = [
  period, regionCode, regionName, kind,
  column('places', 'integer', z.number().int(), 'Places registered on the last closed day of the period within [from, to].'),
  column('beds', 'integer', z.number().int(), 'Sleeping places of those places (a bed is 1, a family unit its beds).'),
] as const;

export const OCCUPANCY_COLUMNS = [
  period, regionCode, regionName, kind,
  column('placeSeconds', 'integer', z.number().int(), 'Place-time in seconds: the sum over places of the seconds each existed in the period.'),
  seconds('available', 'Place-time available and not stale.'),
  seconds('held', 'Place-time held for a placement request and not stale.'),
  seconds('occupied', 'Place-time occupied and not stale.'),
  seconds('unavailable', 'Place-time unavailable (out of use) and not stale.'),
  seconds('unknown', 'Place-time stale (status not confirmed within the freshness window), whatever the status.'),
  column('occupancyRate', 'number', z.number().min(0).max(1).nullable(),
    'occupiedSeconds / (placeSeconds - unavailableSeconds - unknownSeconds), 4 decimals; empty (null) when that is 0.'),
  share('available'), share('held'), share('occupied'), share('unavailable'), share('unknown'),
] as const;

export const DEMAND_COLUMNS = [
  column('period', 'date', z.iso.date(), 'First day of the period in which the placement requests were made (Europe/Amsterdam).'),
  column('regionCode', 'string', z.string().openapi({ example: 'VR13' }), 'Origin region of the households (veiligheidsregio).'),
  regionName,
  column('requests', 'integer', SuppressedCount, `Placement requests made (one per household), whatever their outcome. ${suppressedNote}`),
  column('placed', 'integer', SuppressedCount, `Of those, placed. ${suppressedNote}`),
  column('noPlace', 'integer', SuppressedCount, `Of those, closed without a fitting place. ${suppressedNote}`),
  column('withdrawn', 'integer', SuppressedCount, `Of those, withdrawn. ${suppressedNote}`),
  column('medianMinutesToPlacement', 'number', z.number().nullable(),
    'Median minutes from request to placement (interpolated, 1 decimal); empty (null) when placed is under 5.'),
  column('p90MinutesToPlacement', 'number', z.number().nullable(),
    '90th percentile of minutes from request to placement (interpolated, 1 decimal); empty (null) when placed is under 5.'),
  column('placedOutsideOriginShare', 'number', z.number().min(0).max(1).nullable(),
    'Fraction 0..1 of the placed requests placed outside the origin region (4 decimals); empty (null) when placed is under 5.'),
] as const;

export const FLOW_COLUMNS = [
  column('originRegionCode', 'string', z.string().openapi({ example: 'VR13' }), 'Origin region of the households (veiligheidsregio).'),
  column('originRegionName', 'string', z.string(), 'Origin region name.'),
  column('placementRegionCode', 'string', z.string().openapi({ example: 'VR09' }), 'Region of the place the household was placed in.'),
  column('placementRegionName', 'string', z.string(), 'Placement region name.'),
  column('placed', 'integer', SuppressedCount, `Placed requests made in [from, to] from origin to placement region. ${suppressedNote}`),
] as const;
