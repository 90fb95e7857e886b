import type { Context } from 'hono';
import { DEFINITION_VERSION } from '../definition.ts';
import { DISCLOSURE_VERSION } from './disclosure.ts';
import { DEFINITION_VERSION_COLUMN, DISCLOSURE_VERSION_COLUMN, type Column } from './statistics-columns.schema.ts';

// The one CSV writer of the statistics: RFC 4180 (comma, CRLF after every record, a field quoted when
// it holds a comma, quote, CR or LF, quotes doubled), UTF-8, header row first. Null is an empty field.

type Value = string | number | null;

/** The columns of a statistics CSV: definitionVersion and disclosureVersion first, then the row's own. */
export function csvColumns(columns: readonly Column[]): readonly Column[] {
  return [DEFINITION_VERSION_COLUMN, DISCLOSURE_VERSION_COLUMN, ...columns];
}

const VERSIONS = new Map<Column, string>([[DEFINITION_VERSION_COLUMN, DEFINITION_VERSION], [DISCLOSURE_VERSION_COLUMN, DISCLOSURE_VERSION]]);

function field(value: Value): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: readonly Column[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const all = csvColumns(columns);
  const lines = [all.map((c) => field(c.name))];
  for (const row of rows) {
    lines.push(all.map((c) => field(VERSIONS.get(c) ?? (row[c.name] as Value))));
  }
  return lines.map((line) => `${line.join(',')}\r\n`).join('');
}

/** Whether the client asked for CSV (Accept: text/csv) rather than JSON. */
export function wantsCsv(c: Context): boolean {
  return /\btext\/csv\b/i.test(c.req.header('accept') ?? '');
}

export function csvResponse(c: Context, filename: string, columns: readonly Column[], rows: ReadonlyArray<Record<string, unknown>>): Response {
  return c.body(toCsv(columns, rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
}

/** The text/csv documentation of an operation, from the same column list. */
export function csvDescription(columns: readonly Column[]): string {
  const list = csvColumns(columns).map((c) => `- \`${c.name}\` (${c.type}): ${c.description}`).join('\n');
  return `RFC 4180 CSV in UTF-8 with a header row, one line per row, served as an attachment. Columns:\n${list}`;
}
