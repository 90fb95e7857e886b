import fc from 'fast-check';

// fast-check arbitraries read from the served OpenAPI document: values a schema accepts (the base
// of a request) and values it certainly refuses (the fault put into it). Only the JSON Schema
// features the document uses are covered: object, array, string (enum, pattern, format, length),
// integer/number (range), boolean, nullable, $ref.

export interface JsonSchema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Array<{ in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }>;
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** Every operation of the document, with its body schema (JSON) if it takes one. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
    })),
  );
}

export function resolve(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  return schema.$ref ? resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]!) : schema;
}

// Any code point, control characters and NUL included: a schema allows them, the database may not.
const anyCharacter = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constant('\u0000'),
);

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
const JSON_TYPES: JsonType[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];

const ofType: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 20 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
};

function allowedTypes(schema: JsonSchema): JsonType[] {
  const types: JsonType[] = schema.type === 'integer' ? ['number'] : schema.type ? [schema.type] : [...JSON_TYPES];
  return schema.nullable ? [...types, 'null'] : types;
}

/** A value the schema accepts (as far as its JSON Schema says: refinements in code may still refuse it). */
export function validValue(document: OpenApiDocument, raw: JsonSchema): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const value = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'date')
          return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
        if (schema.format === 'email') return fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254));
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
        return fc
          .string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40), unit: anyCharacter })
          .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity));
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(validValue(document, schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'object': {
        const properties = schema.properties ?? {};
        return fc.record(Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, validValue(document, sub)])), {
          requiredKeys: schema.required ?? [],
        });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.oneof(value, fc.constant(null)) : value;
}

/** Nested arrays or objects many levels deep, as JSON text (built as text: no recursion to build it). */
export const deeplyNested = fc
  .record({ depth: fc.integer({ min: 100, max: 50_000 }), asObject: fc.boolean() })
  .map(({ depth, asObject }) => (asObject ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth)));

/** A value the schema certainly refuses, or null when it accepts anything. */
export function invalidValue(document: OpenApiDocument, raw: JsonSchema): fc.Arbitrary<unknown> | null {
  const schema = resolve(document, raw);
  const allowed = allowedTypes(schema);
  const options: Array<fc.Arbitrary<unknown>> = JSON_TYPES.filter((t) => !allowed.includes(t)).map((t) => ofType[t]);
  if (schema.enum) {
    options.push(fc.string({ maxLength: 30 }).filter((s) => !schema.enum!.includes(s)));
  } else if (schema.type === 'string') {
    if (schema.maxLength !== undefined) options.push(fc.integer({ min: schema.maxLength + 1, max: 100_000 }).map((n) => 'x'.repeat(n)));
    if (schema.minLength) options.push(fc.string({ maxLength: schema.minLength - 1 }));
    if (schema.pattern) options.push(fc.string({ maxLength: 30, unit: 'binary' }).filter((s) => !new RegExp(schema.pattern!).test(s)));
    if (schema.format === 'uuid') options.push(badId);
  } else if (schema.type === 'integer' || schema.type === 'number') {
    // fc.integer's own upper bound is 2^31 − 1, which a maximum at PostgreSQL's integer limit already is.
    if (schema.maximum !== undefined)
      options.push(fc.oneof(fc.integer({ min: schema.maximum + 1, max: Math.max(schema.maximum + 1, Number.MAX_SAFE_INTEGER) }), fc.constant(1e300)));
    if (schema.minimum !== undefined) options.push(fc.oneof(fc.integer({ max: schema.minimum - 1 }), fc.constant(-1e300)));
    if (schema.type === 'integer') options.push(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)));
  } else if (schema.type === 'array') {
    const items = schema.items ? invalidValue(document, schema.items) : null;
    if (items) options.push(fc.array(items, { minLength: 1, maxLength: 3 }));
    if (schema.maxItems !== undefined) options.push(fc.array(fc.constant(null), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 5 }));
  }
  return options.length ? fc.oneof(...options) : null;
}

/** Path ids that are not UUIDs, in all the shapes an attacker or a broken client sends. */
export const badId: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
  fc.constantFrom(
    '../../etc/passwd',
    '..\\..\\windows',
    "1' OR '1'='1",
    '0',
    '-1',
    '%ZZ',
    '00000000-0000-0000-0000-00000000000g',
    '{00000000-0000-0000-0000-000000000000}',
    'null',
    'undefined',
    '\u202e\u0000',
  ),
  fc.integer({ min: 100, max: 4_000 }).map((n) => 'a'.repeat(n)),
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => `${id}x`),
);

/** A path segment carrying a bad id: percent-encoded, or raw broken escapes that no encoder makes. */
export const badIdSegment: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: badId.map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%00', '..%2F..%2Fetc%2Fpasswd', '%C0%AE%C0%AE', '%uFFFF') },
  )
  .filter((segment) => segment !== '.' && segment !== '..');
