import type { z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';

import type { Database, NewPlace } from '../../db/schema.ts';
import type { placeAttributes, PlaceSchema } from './places.schema.ts';

// A place's attributes (what an admin sets) pass three mappings: API input -> row on insert and update,
// row -> API output when read. They are written once, here, from one map, and the types below make
// each mapping exhaustive: an attribute added to the schema, the table or the API output without the
// others fails `tsc` (docs/adding-a-place-attribute.md shows it).

export type PlaceAttribute = keyof typeof placeAttributes;
export type PlaceAttributes = { [K in PlaceAttribute]: z.output<(typeof placeAttributes)[K]> };
type PlaceColumn = keyof NewPlace;

/** Each attribute's column. `satisfies`: an attribute of placeAttributes without a column fails here. */
export const PLACE_ATTRIBUTE_COLUMNS = {
  label: 'label',
  beds: 'beds',
  maxAdults: 'max_adults',
  maxChildren: 'max_children',
  maxBoyAge: 'max_boy_age',
  accessibility: 'accessibility',
  petsAllowed: 'pets_allowed',
} as const satisfies Record<PlaceAttribute, PlaceColumn>;

type Columns = typeof PLACE_ATTRIBUTE_COLUMNS;
type AttributeColumn = Columns[PlaceAttribute];

/** The columns the write path sets itself; every other column of places must be an attribute. */
type WritePathColumn =
  | 'id'
  | 'location_id'
  | 'kind'
  | 'status'
  | 'unavailable_reason'
  | 'version'
  | 'status_changed_at'
  | 'confirmed_at'
  | 'created_at'
  // Set by retirement (place-retirement.ts), not by an admin's edit.
  | 'retired_at';

/** A column added to the places table that is neither an attribute nor the write path's names itself here. */
type Unmapped = Exclude<PlaceColumn, AttributeColumn | WritePathColumn>;
const everyColumnMapped: [Unmapped] extends [never] ? true : { unmappedColumn: Unmapped } = true;
void everyColumnMapped;

/** An attribute missing from the API's place (PlaceSchema): it would be stored and never shown. */
type PlaceOutput = z.output<typeof PlaceSchema>;
type NotInOutput = Exclude<PlaceAttribute, keyof PlaceOutput>;
const everyAttributeShown: [NotInOutput] extends [never] ? true : { attributeNotInPlaceSchema: NotInOutput } = true;
void everyAttributeShown;

/** Attributes as given, by column: what an insert or update writes. */
export type AttributeRow = { [K in PlaceAttribute as Columns[K]]: PlaceAttributes[K] };
/** Attribute columns as read. */
type StoredAttributes = Pick<Selectable<Database['places']>, AttributeColumn>;

/** Attributes as columns, for an insert (all of them) or an update (those given). */
export function attributesToRow<T extends Partial<PlaceAttributes>>(attributes: T): Pick<AttributeRow, Columns[keyof T & PlaceAttribute]> {
  const row: Partial<Record<AttributeColumn, unknown>> = {};
  for (const key of Object.keys(attributes) as PlaceAttribute[]) {
    if (key in PLACE_ATTRIBUTE_COLUMNS) row[PLACE_ATTRIBUTE_COLUMNS[key]] = attributes[key];
  }
  return row as Pick<AttributeRow, Columns[keyof T & PlaceAttribute]>;
}

/** The attribute columns of places, qualified, for the one query that reads places. */
export const PLACE_ATTRIBUTE_SELECTION = Object.values(PLACE_ATTRIBUTE_COLUMNS).map((column) => `places.${column}` as const);

/** A row's attributes as the API shows them; the return type fails when a column's type is not the output's. */
export function attributesOfRow(row: StoredAttributes): Pick<PlaceOutput, PlaceAttribute> {
  const attributes: Partial<Record<PlaceAttribute, unknown>> = {};
  for (const [key, column] of Object.entries(PLACE_ATTRIBUTE_COLUMNS) as Array<[PlaceAttribute, AttributeColumn]>) attributes[key] = row[column];
  return attributes as { [K in PlaceAttribute]: StoredAttributes[Columns[K]] };
}
