/**
 * DuckDB SQL that reads one export file as text columns with its record
 * numbers, using DuckDB's native CSV reader (gzip included). Column names are
 * matched to the contract case-insensitively after trimming.
 */
import type { EntitySpec } from '../../contract/entities.js';
import type { ColumnMapping } from '../../exports/export-header.js';
import { REDACTED } from '../../pii/redact-sql.js';
import { rawColumn } from '../../plan/contract-checks.js';
import { sqlString } from '../../sql/sql-text.js';

/** Options that make DuckDB read exactly RFC 4180, never guess. */
const CSV_DIALECT =
  "delim = ',', quote = '\"', escape = '\"', header = true, " +
  'hive_partitioning = false, max_line_size = 16777216';

/**
 * A path as a DuckDB file pattern that matches only itself: DuckDB expands
 * `*`, `?` and `[` in every path it reads, so an export named `o*.csv`
 * would read its neighbours too. A one-character class is a literal.
 */
function literalPath(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** Positional text columns `_f0.._fN`, whatever the header says. */
function positionalColumns(count: number): string {
  return `{${Array.from({ length: count }, (_, i) => `'_f${i}': 'VARCHAR'`).join(', ')}}`;
}

/** DuckDB's rejects tables for one load: broken records go there. */
function storeRejects(rejectsTable: string): string {
  return (
    `store_rejects = true, rejects_table = ${sqlString(rejectsTable)}, ` +
    `rejects_scan = ${sqlString(`${rejectsTable}_scan`)}`
  );
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
    SELECT * FROM read_csv(${sqlString(literalPath(path))}, ${CSV_DIALECT}, auto_detect = false,
        columns = ${positionalColumns(columnCount)},
        ${storeRejects(rejectsTable)})`;
}

/** Reads a file as one text column per line, without any CSV parsing. */
const LINES_DIALECT =
  "columns = {'line': 'VARCHAR'}, header = false, delim = chr(31), quote = '', " +
  "escape = '', auto_detect = false, hive_partitioning = false, max_line_size = 16777216";

/**
 * SQL giving the first line of a file (gzip or not). Landing reads headers
 * in TypeScript (file-head.ts); the benchmark's parse floor uses this.
 */
function firstLineQuery(path: string): string {
  return `SELECT line FROM read_csv(${sqlString(literalPath(path))}, ${LINES_DIALECT}) LIMIT 1`;
}

/**
 * Loads a JSON Lines file into a temporary table, one text column `line`
 * per physical line (blank lines included, so `rowid` + 1 is the line
 * number), without any parsing; lines that are not UTF-8 go to DuckDB's
 * rejects tables like broken CSV records.
 */
function linesLoadStatement(path: string, table: string, rejectsTable: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT line FROM read_csv(${sqlString(literalPath(path))}, ${LINES_DIALECT},
        ${storeRejects(rejectsTable)})`;
}

/** A problem that rejects every row of a file, blamed on one column. */
interface FileError {
  readonly column: string;
  readonly reason: string;
}

/**
 * How the record numbers of a file's loaded rows shift past its structural
 * rejects, which are missing from the loaded table: from each
 * `from_position` on, every row moves down by `shift` more lines.
 * A few shifts are written into the query as a CASE; many are read from
 * their table with an ASOF join. The CASE is the common path: an ASOF join
 * sorts the whole file, which cost 9 s of a 10M-row load
 * (docs/benchmarks.md).
 */
type LineShifts =
  | { readonly inline: readonly { readonly from: number; readonly shift: number }[] }
  | { readonly table: string };

/** The most shifts written into the query as a CASE. */
const MAX_INLINE_SHIFTS = 64;

/**
 * The record number of a loaded row: its position plus the lines before the
 * first row (`firstLine`), plus the structurally rejected records before it.
 */
function loadedRows(
  table: string,
  firstLine: number,
  shifts: LineShifts | null,
): { line: string; from: string } {
  const position = `file_rows.rowid + ${firstLine}`;
  if (shifts === null) return { line: position, from: `${table} AS file_rows` };
  if ('inline' in shifts) {
    const cases = [...shifts.inline]
      .sort((a, b) => b.from - a.from)
      .map((s) => `WHEN file_rows.rowid >= ${s.from} THEN ${s.shift}`)
      .join(' ');
    return { line: `${position} + CASE ${cases} ELSE 0 END`, from: `${table} AS file_rows` };
  }
  return {
    line: `${position} + coalesce(shifts.shift, 0)`,
    from:
      `${table} AS file_rows\n` +
      `    ASOF LEFT JOIN ${shifts.table} AS shifts ON file_rows.rowid >= shifts.from_position`,
  };
}

/**
 * A field without its surrounding spaces, NULL when nothing is left.
 * `trim` copies every string it touches; testing for a space first is 14x
 * cheaper on fields that have none (1.6 s vs 0.1 s per column of 10M rows).
 */
function trimmedField(field: string): string {
  return (
    `NULLIF(CASE WHEN ${field} LIKE ' %' OR ${field} LIKE '% ' ` +
    `THEN trim(${field}) ELSE ${field} END, '')`
  );
}

/** `_record_error` / `_record_column` of every row, from a file-wide error. */
function fileErrorColumns(fileError: FileError | null, rowError: string): string {
  return fileError
    ? `${sqlString(fileError.reason)} AS _record_error, ` +
        `${sqlString(fileError.column)} AS _record_column`
    : `${rowError} AS _record_error, CAST(NULL AS VARCHAR) AS _record_column`;
}

/**
 * Raw rows of a loaded CSV file: trimmed contract columns `r_<column>`, the
 * file's own fields `_f<i>` (for the raw text of rejects), and `_line`, the
 * record number (header = 1).
 */
function csvRowsQuery(
  entity: EntitySpec,
  table: string,
  header: readonly string[],
  mapping: ColumnMapping,
  shifts: LineShifts | null,
  fileError: FileError | null,
): string {
  const columns = entity.columns.map((c) => {
    const source = mapping.found.get(c.name)?.[0];
    const index = source === undefined ? -1 : header.indexOf(source);
    return `${index < 0 ? 'CAST(NULL AS VARCHAR)' : trimmedField(`_f${index}`)} AS ${rawColumn(c.name)}`;
  });
  const rows = loadedRows(table, 2, shifts);
  return `SELECT
        ${rows.line} AS _line,
        ${fileErrorColumns(fileError, 'CAST(NULL AS VARCHAR)')},
        ${[...columns, ...header.map((_, i) => `_f${i}`)].join(',\n        ')}
    FROM ${rows.from}`;
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
        return `CASE WHEN ${field} IS NULL THEN '' ELSE ${sqlString(REDACTED)} END`;
      }
      return (
        `CASE WHEN ${field} IS NULL THEN '' ` +
        `WHEN regexp_matches(${field}, '[",\\r\\n]') ` +
        `THEN '"' || replace(${field}, '"', '""') || '"' ELSE ${field} END`
      );
    })
    .join(" || ',' || ");
}

/** TRUE for a line holding a JSON object; never parses an invalid line. */
const isJsonObject =
  "CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END";

/** SQL giving the distinct keys used by a loaded JSON Lines file. */
function jsonKeysQuery(table: string): string {
  return `SELECT DISTINCT unnest(json_keys(CASE WHEN ${isJsonObject} THEN line END)) AS name
    FROM ${table}
    ORDER BY name`;
}

/**
 * Raw rows of a loaded JSON Lines file; a broken line becomes a record error.
 * All mapped keys are extracted with one `json_extract_string` over a list
 * of paths, so each line is parsed once for its values instead of once per
 * column (2-5x faster on 1M lines).
 */
function jsonRowsQuery(
  entity: EntitySpec,
  table: string,
  mapping: ColumnMapping,
  shifts: LineShifts | null,
  fileError: FileError | null,
): string {
  const paths: string[] = [];
  const columns = entity.columns.map((c) => {
    const keys = mapping.found.get(c.name) ?? [];
    if (keys.length === 0) return `CAST(NULL AS VARCHAR) AS ${rawColumn(c.name)}`;
    const values = keys.map((key) => {
      paths.push(sqlString(`$.${JSON.stringify(key)}`));
      return `_values[${paths.length}]`;
    });
    const value = values.length > 1 ? `coalesce(${values.join(', ')})` : values.join('');
    return `${trimmedField(value)} AS ${rawColumn(c.name)}`;
  });
  const extracted =
    paths.length === 0
      ? 'CAST(NULL AS VARCHAR[])'
      : `CASE WHEN _valid THEN json_extract_string(line, [${paths.join(', ')}]) END`;
  const rows = loadedRows(table, 1, shifts);
  return `SELECT
        _line,
        line,
        ${fileErrorColumns(fileError, "CASE WHEN NOT _valid THEN 'line is not a valid JSON object' END")},
        ${columns.join(',\n        ')}
    FROM (
        SELECT _line, line, _valid, ${extracted} AS _values
        FROM (
            SELECT ${rows.line} AS _line, line, coalesce(${isJsonObject}, false) AS _valid
            FROM ${rows.from}
            WHERE regexp_matches(line, '[^ ]')
        )
    )`;
}

export {
  csvLoadStatement,
  csvRawText,
  csvRowsQuery,
  firstLineQuery,
  jsonKeysQuery,
  jsonRowsQuery,
  linesLoadStatement,
  MAX_INLINE_SHIFTS,
};
export type { FileError, LineShifts };
