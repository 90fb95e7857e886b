import type { Context } from 'hono';

import { DEFINITION_VERSION } from '../definition.ts';
import { DUTCH_COLUMN_NAMES, inDays } from './csv-nl.ts';
import { DISCLOSURE_VERSION } from './disclosure.ts';
import { type Column, DEFINITION_VERSION_COLUMN, DISCLOSURE_VERSION_COLUMN } from './statistics-columns.schema.ts';

// The one CSV writer of the statistics: RFC 4180 (comma, CRLF after every record, a field quoted when
// it holds a comma, quote, CR or LF, quotes doubled), UTF-8, header row first. Null is an empty field.
// Its Dutch spreadsheet dialect ('nl', ?format=csv-nl): semicolons, decimal comma, a UTF-8 BOM so Excel
// reads the accents, Dutch column names and durations in days (csv-nl.ts). In both, a text cell that
// a spreadsheet would run as a formula (= + - @ tab CR first) is prefixed with a quote. An array is its
// JSON text, as Frictionless reads an 'array' field.

type Value = string | number | null | readonly number[];
export type CsvDialect = 'machine' | 'nl';

/** The columns of a statistics CSV: definitionVersion and disclosureVersion first, then the row's own. */
export function csvColumns(columns: readonly Column[]): readonly Column[] {
  return [DEFINITION_VERSION_COLUMN, DISCLOSURE_VERSION_COLUMN, ...columns];
}

const VERSIONS = new Map<Column, string>([
  [DEFINITION_VERSION_COLUMN, DEFINITION_VERSION],
  [DISCLOSURE_VERSION_COLUMN, DISCLOSURE_VERSION],
]);

function field(value: Value, column: string, dialect: CsvDialect): string {
  const separator = dialect === 'nl' ? ';' : ',';
  let text: string;
  if (value === null) text = '';
  else if (typeof value === 'object') text = JSON.stringify(value);
  else if (typeof value === 'number') text = dialect === 'nl' ? String(inDays(column, value)).replace('.', ',') : String(value);
  else text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: readonly Column[], rows: ReadonlyArray<Record<string, unknown>>, dialect: CsvDialect = 'machine'): string {
  const all = csvColumns(columns);
  const name = (c: Column) => (dialect === 'nl' ? (DUTCH_COLUMN_NAMES[c.name] ?? c.name) : c.name);
  const lines = [all.map((c) => field(name(c), '', dialect))];
  for (const row of rows) {
    lines.push(all.map((c) => field(VERSIONS.get(c) ?? (row[c.name] as Value), c.name, dialect)));
  }
  const text = lines.map((line) => `${line.join(dialect === 'nl' ? ';' : ',')}\r\n`).join('');
  return dialect === 'nl' ? `\uFEFF${text}` : text;
}

/** Whether the client asked for CSV (Accept: text/csv, or ?format=csv or csv-nl) rather than JSON. */
export function wantsCsv(c: Context): boolean {
  return csvDialectOf(c) !== null;
}

/** The CSV dialect asked for: ?format=csv-nl the Dutch spreadsheet one, ?format=csv or Accept: text/csv the machine one. */
export function csvDialectOf(c: Context): CsvDialect | null {
  const format = c.req.query('format');
  if (format === 'csv-nl') return 'nl';
  if (format === 'csv' || /\btext\/csv\b/i.test(c.req.header('accept') ?? '')) return 'machine';
  return null;
}

export function csvResponse(c: Context, filename: string, columns: readonly Column[], rows: ReadonlyArray<Record<string, unknown>>): Response {
  const dialect = csvDialectOf(c) ?? 'machine';
  return c.body(toCsv(columns, rows, dialect), 200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${dialect === 'nl' ? filename.replace(/\.csv$/, '-nl.csv') : filename}"`,
  });
}

/** The text/csv documentation of an operation, from the same column list. */
export function csvDescription(columns: readonly Column[]): string {
  const list = csvColumns(columns)
    .map((c) => `- \`${c.name}\` (${c.type}): ${c.description}`)
    .join('\n');
  return (
    `RFC 4180 CSV in UTF-8 with a header row, one line per row, served as an attachment (?format=csv-nl: the Dutch spreadsheet dialect, ` +
    `semicolons, decimal comma, UTF-8 BOM, Dutch column names, durations in days). Columns:\n${list}`
  );
}
