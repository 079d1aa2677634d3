/**
 * DuckDB SQL that reads one export file as text columns with its record
 * numbers, using DuckDB's native CSV reader (gzip included). Column names are
 * matched to the contract case-insensitively after trimming.
 */
import type { EntitySpec } from '../contract/entities.js';
import { rawColumn } from './validation-sql.js';
import { sqlIdentifier, sqlString } from './sql-text.js';

/** Options that make DuckDB read exactly RFC 4180, never guess. */
const CSV_DIALECT =
  "delim = ',', quote = '\"', escape = '\"', header = true, " +
  'hive_partitioning = false, max_line_size = 16777216';

/** How the file's own columns map onto the contract. */
interface ColumnMapping {
  /**
   * contract column -> the file's names for it. A CSV header uses the first;
   * JSON Lines keys may differ in case from line to line, so all count.
   */
  readonly found: ReadonlyMap<string, readonly string[]>;
  readonly missingRequired: readonly string[];
  readonly unknown: readonly string[];
}

/** Matches header names (trimmed, any case) to the entity's columns. */
function mapColumns(entity: EntitySpec, header: readonly string[]): ColumnMapping {
  const found = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const name of header) {
    const normal = name.trim().toLowerCase();
    const column = entity.columns.find((c) => c.name === normal);
    if (column) found.set(column.name, [...(found.get(column.name) ?? []), name]);
    else unknown.push(name);
  }
  const missingRequired = entity.columns
    .filter((c) => c.required && !found.has(c.name))
    .map((c) => c.name);
  return { found, missingRequired, unknown };
}

/** SQL giving the first line of a file (gzip or not), for its header. */
function firstLineQuery(path: string): string {
  return `SELECT line FROM ${linesSource(path)} LIMIT 1`;
}

/**
 * Splits one CSV header line (RFC 4180 quoting, optional BOM). Only the
 * header is split here; every data row is parsed by DuckDB.
 */
function splitHeaderLine(line: string): string[] {
  const text = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      names.push(current);
      current = '';
    } else current += c;
  }
  names.push(current);
  return names;
}

/** Positional text columns `_f0.._fN`, whatever the header says. */
function positionalColumns(count: number): string {
  return `{${Array.from({ length: count }, (_, i) => `'_f${i}': 'VARCHAR'`).join(', ')}}`;
}

/**
 * Loads a CSV file into a temporary table, every field as text, in file
 * order (DuckDB preserves insertion order), so a row's `rowid` is its
 * position. Reading and loading run in parallel; numbering rows with a
 * window function would force one thread. Structurally broken records
 * (wrong field count, invalid UTF-8) go to DuckDB's rejects tables.
 */
function csvLoadStatement(
  path: string,
  columnCount: number,
  table: string,
  rejectsTable: string,
): string {
  return `CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT * FROM read_csv(${sqlString(path)}, ${CSV_DIALECT}, auto_detect = false,
        columns = ${positionalColumns(columnCount)},
        store_rejects = true,
        rejects_table = ${sqlString(rejectsTable)},
        rejects_scan = ${sqlString(`${rejectsTable}_scan`)})`;
}

/**
 * Raw rows of a loaded CSV file: trimmed contract columns `r_<column>`, the
 * file's own fields `_f<i>` (for the raw text of rejects), and `_line`, the
 * record number (header = 1). Records rejected structurally are missing from
 * the table, so each row's number is shifted by the rejected records before
 * it: `shifts` holds (from_position, shift), the shift of every row from that
 * position on, found with an ASOF join (a sort-merge, not a per-row lookup).
 */
function csvRowsQuery(
  entity: EntitySpec,
  table: string,
  header: readonly string[],
  mapping: ColumnMapping,
  shifts: string | null,
): string {
  const columns = entity.columns.map((c) => {
    const source = mapping.found.get(c.name)?.[0];
    const index = source === undefined ? -1 : header.indexOf(source);
    return `${index < 0 ? 'CAST(NULL AS VARCHAR)' : `NULLIF(trim(_f${index}), '')`} AS ${rawColumn(c.name)}`;
  });
  return `SELECT
        file_rows.rowid + 2${shifts ? ' + coalesce(shifts.shift, 0)' : ''} AS _line,
        CAST(NULL AS VARCHAR) AS _record_error,
        ${[...columns, ...header.map((_, i) => `_f${i}`)].join(',\n        ')}
    FROM ${table} AS file_rows${
      shifts
        ? `\n    ASOF LEFT JOIN ${shifts} AS shifts ON file_rows.rowid >= shifts.from_position`
        : ''
    }`;
}

/**
 * The record as it stood in the file, every column in file order, re-quoted
 * where needed; personal data is redacted. Reads the `_f<i>` columns.
 */
function csvRawText(entity: EntitySpec, header: readonly string[]): string {
  const pii = new Set(entity.columns.filter((c) => c.pii).map((c) => c.name));
  return header
    .map((h, i) => {
      const field = `_f${i}`;
      if (pii.has(h.trim().toLowerCase())) {
        return `CASE WHEN ${field} IS NULL THEN '' ELSE '<redacted>' END`;
      }
      return (
        `CASE WHEN ${field} IS NULL THEN '' ` +
        `WHEN regexp_matches(${field}, '[",\\r\\n]') ` +
        `THEN '"' || replace(${field}, '"', '""') || '"' ELSE ${field} END`
      );
    })
    .join(" || ',' || ");
}

/** Every line of a text file, numbered from 1, without any CSV parsing. */
function linesQuery(path: string): string {
  return `SELECT row_number() OVER () AS _line, line FROM ${linesSource(path)}`;
}

/** A file read as one text column per line, no CSV parsing at all. */
function linesSource(path: string): string {
  return `read_csv(${sqlString(path)}, columns = {'line': 'VARCHAR'},
        header = false, delim = chr(31), quote = '', escape = '',
        auto_detect = false, hive_partitioning = false,
        max_line_size = 16777216)`;
}

/** TRUE for a line holding a JSON object; never parses an invalid line. */
const isJsonObject =
  "CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END";

/** SQL giving the distinct keys used by a JSON Lines file. */
function jsonKeysQuery(path: string): string {
  return `SELECT DISTINCT unnest(json_keys(CASE WHEN ${isJsonObject} THEN line END)) AS name
    FROM (${linesQuery(path)})
    ORDER BY name`;
}

/** Raw rows of a JSON Lines file; a broken line becomes a record error. */
function jsonRowsQuery(entity: EntitySpec, path: string, mapping: ColumnMapping): string {
  const columns = entity.columns.map((c) => {
    const keys = mapping.found.get(c.name) ?? [];
    if (keys.length === 0) return `CAST(NULL AS VARCHAR) AS ${rawColumn(c.name)}`;
    const values = keys.map(
      (key) => `json_extract_string(line, ${sqlString(`$.${JSON.stringify(key)}`)})`,
    );
    const value = values.length === 1 ? values[0] : `coalesce(${values.join(', ')})`;
    return `CASE WHEN _valid THEN NULLIF(trim(${value}), '') END AS ${rawColumn(c.name)}`;
  });
  return `SELECT
        _line,
        line,
        CASE WHEN NOT _valid THEN 'line is not a valid JSON object' END AS _record_error,
        ${columns.join(',\n        ')}
    FROM (
        SELECT _line, line,
            coalesce(${isJsonObject}, false) AS _valid
        FROM (${linesQuery(path)})
        WHERE trim(line) <> ''
    )`;
}

export {
  csvLoadStatement,
  csvRawText,
  firstLineQuery,
  splitHeaderLine,
  csvRowsQuery,
  jsonKeysQuery,
  jsonRowsQuery,
  mapColumns,
};
export type { ColumnMapping };
