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
  return `${linesQuery(path)} LIMIT 1`;
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

function csvColumnsArgument(header: readonly string[]): string {
  return `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}`;
}

/**
 * Raw rows of a CSV file. Structurally broken records (wrong field count,
 * invalid UTF-8) go to DuckDB's rejects tables named here.
 */
function csvRowsQuery(
  entity: EntitySpec,
  path: string,
  header: readonly string[],
  mapping: ColumnMapping,
  rejectsTable: string,
): string {
  const columns = entity.columns.map((c) => {
    const source = mapping.found.get(c.name)?.[0];
    return `${source === undefined ? 'CAST(NULL AS VARCHAR)' : sqlIdentifier(source)} AS ${rawColumn(c.name)}`;
  });
  const fileColumns = header.map((h, i) => `${sqlIdentifier(h)} AS _f${i}`);
  return `SELECT
        row_number() OVER () + 1 AS _line,
        CAST(NULL AS VARCHAR) AS _record_error,
        ${[...columns, ...fileColumns].join(',\n        ')}
    FROM read_csv(${sqlString(path)}, ${CSV_DIALECT}, auto_detect = false,
        columns = ${csvColumnsArgument(header)},
        store_rejects = true,
        rejects_table = ${sqlString(rejectsTable)},
        rejects_scan = ${sqlString(`${rejectsTable}_scan`)})`;
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
  return `SELECT row_number() OVER () AS _line, line
    FROM read_csv(${sqlString(path)}, columns = {'line': 'VARCHAR'},
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
    return `CASE WHEN _valid THEN ${value} END AS ${rawColumn(c.name)}`;
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
  csvRawText,
  firstLineQuery,
  splitHeaderLine,
  csvRowsQuery,
  jsonKeysQuery,
  jsonRowsQuery,
  mapColumns,
};
export type { ColumnMapping };
