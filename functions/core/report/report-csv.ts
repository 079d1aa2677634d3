/**
 * RFC 4180 CSV of the published rows behind the report, for finance
 * spreadsheets: a header line, CRLF line ends, fields quoted when they hold
 * a comma, quote or line break. Text that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) gets a leading apostrophe;
 * numbers, including negative ones, are written as they are.
 */
import { quoteCsvField } from '../csv/csv-field.js';
import type { Row } from '../engine/engine.js';

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: NULL is empty, text is defused and quoted where needed. */
function csvField(value: Row[string]): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && !NUMBER.test(text) && FORMULA_START.test(text)) text = `'${text}`;
  return quoteCsvField(text);
}

/** The rows as a CSV document; no rows gives an empty document. */
function toCsv(rows: readonly Row[]): string {
  const first = rows[0];
  if (!first) return '';
  const columns = Object.keys(first);
  const lines = [columns, ...rows.map((r) => columns.map((c) => r[c] ?? null))].map((values) =>
    values.map(csvField).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

export { toCsv };
