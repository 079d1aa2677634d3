/**
 * Generates, from an entity's declarative schema, the DuckDB SQL that types
 * every raw text column and finds the first rule a row breaks. Validation
 * runs inside the engine so it keeps pace with DuckDB's CSV reader; no row is
 * parsed in JavaScript.
 */
import type { EntitySpec } from '../../contract/entities.js';
import { piiHashColumn, piiHashSql } from '../../pii/pii-hash.js';
import { maskEmailsSql, REDACTED } from '../../pii/redact-sql.js';
import {
  checkedRowsCtes,
  entityChecks,
  formatPatterns,
  rawColumn,
  rejectColumnSql,
  rejectReasonSql,
  SQL_TYPES,
  storedColumns,
  typedExpression,
} from '../../plan/contract-checks.js';
import type { CheckDialect } from '../../plan/contract-checks.js';
import { sqlIdentifier, sqlString } from '../../sql/sql-text.js';

/** Values the rules compare against, validated before they get here. */
interface ValidationContext {
  readonly exportDate: string;
  readonly reportingCurrency: string;
}

/**
 * What every landed row of a file carries about the file, as the plan's
 * landed tables do (plan/validation-sql.ts FILE_COLUMNS): the columns the
 * contract ignores, and a problem of the whole file with its fix.
 */
interface FileColumns {
  readonly unknownColumns: readonly string[];
  readonly problem: string | null;
  readonly fix: string | null;
}

const textOrNull = (value: string | null): string => (value === null ? 'CAST(NULL AS VARCHAR)' : sqlString(value));

/** The FILE_COLUMNS of a file's landed rows, as constant SQL. */
function fileColumnsSql(file: FileColumns): string {
  return (
    `${sqlString(file.unknownColumns.join(', '))} AS _unknown_columns, ` +
    `${textOrNull(file.problem)} AS _problem, ${textOrNull(file.fix)} AS _fix`
  );
}

/**
 * DuckDB's spelling of the rules for one night: RE2 (`\d` is ASCII), offsets
 * parsed by TIMESTAMPTZ, and the night's export date as a literal.
 */
function duckDbDialect(ctx: ValidationContext): CheckDialect {
  return {
    patterns: formatPatterns('\\d'),
    fullMatch: (text, pattern) =>
      `regexp_full_match(${text}, ${sqlString(pattern)})`,
    // The instant's microseconds since the epoch, as a UTC wall clock:
    // 3x cheaper than `AT TIME ZONE 'UTC'`, which goes through ICU.
    utcTimestamp: (text) => `make_timestamp(epoch_us(TRY_CAST(${text} AS TIMESTAMPTZ)))`,
    // Landing runs with the session in the reporting time zone, so the cast
    // to TIMESTAMPTZ reads local midnight there.
    dayAfterStartsAt: (date) =>
      `make_timestamp(epoch_us(CAST(CAST(${date} + INTERVAL '1' DAY AS TIMESTAMP) AS TIMESTAMPTZ)))`,
    exportDate: {
      sql: `DATE ${sqlString(ctx.exportDate)}`,
      known: ctx.exportDate,
    },
  };
}

/**
 * JSON text of a rejected JSON Lines row with its contract columns, for
 * entities holding personal data (the original line would leak it).
 */
function redactedJsonText(entity: EntitySpec): string {
  const fields = entity.columns.map(
    (c) =>
      `${sqlString(`"${c.name}":`)} || ` +
      (c.pii
        ? `CASE WHEN ${rawColumn(c.name)} IS NULL THEN 'null' ELSE ${sqlString(`"${REDACTED}"`)} END`
        : `coalesce(to_json(${rawColumn(c.name)}), 'null')`),
  );
  return `'{' || ${fields.join(" || ',' || ")} || '}'`;
}

/**
 * The SELECT that turns one file's raw rows (`_line`, trimmed `r_<column>`
 * texts, NULL when empty, and `_record_error` / `_record_column`, a problem
 * of the whole record) into typed landed rows with the first broken rule.
 * `rawRows` is a query producing those columns; `rawText` is the expression
 * that gives a rejected row's raw text (email addresses in it are masked).
 * A rejected row keeps only that text: its typed values stay NULL, so a
 * value in the wrong field never sits in a table unmasked.
 * `hashPii`: the file has personal data and the key table exists.
 */
function landingSelect(
  entity: EntitySpec,
  rawRows: string,
  file: string,
  ctx: ValidationContext,
  rawText: string,
  hashPii: boolean,
  fileColumns: FileColumns,
): string {
  const dialect = duckDbDialect(ctx);
  const checks = entityChecks(entity, dialect, ctx.reportingCurrency);
  const typedColumns = entity.columns.map(
    (c) =>
      `CAST(${typedExpression(c, dialect)} AS ${SQL_TYPES[c.type]}) ` +
      `AS ${sqlIdentifier(c.name)}`,
  );
  const hashColumns = entity.columns
    .filter((c) => c.pii)
    .map(
      (c) =>
        `${hashPii ? piiHashSql('duckdb', rawColumn(c.name)) : 'CAST(NULL AS VARCHAR)'} ` +
        `AS ${sqlIdentifier(piiHashColumn(c.name))}`,
    );
  return `
WITH raw_rows AS (
    ${rawRows}
),
${checkedRowsCtes([...typedColumns, ...hashColumns], checks)}
SELECT
    DATE ${sqlString(ctx.exportDate)} AS _export_date,
    ${sqlString(file)} AS _file,
    CAST(_line AS BIGINT) AS _line,
    ${storedColumns(entity)
      .map((c) => `CASE WHEN _failed_check IS NULL THEN ${sqlIdentifier(c.name)} END AS ${sqlIdentifier(c.name)}`)
      .join(',\n    ')},
    ${rejectColumnSql(checks)} AS _reject_column,
    ${rejectReasonSql(checks)} AS _reject_reason,
    CASE WHEN _failed_check IS NOT NULL
        THEN ${maskEmailsSql(rawText)} END AS _raw,
    ${fileColumnsSql(fileColumns)}
FROM checked`;
}

/**
 * DDL columns of an entity's landing table, in landingSelect order. `_file`
 * has the type `fileType`, an ENUM of the night's file paths in path order:
 * one byte per row instead of the path (a quarter of a 10M-row orders table
 * in memory), and version windows that order by `_file` sort faster.
 */
function landingColumns(entity: EntitySpec, fileType: string): string {
  return [
    '_export_date DATE',
    `_file ${fileType}`,
    '_line BIGINT',
    ...storedColumns(entity).map((c) => `${sqlIdentifier(c.name)} ${c.type}`),
    '_reject_column VARCHAR',
    '_reject_reason VARCHAR',
    '_raw VARCHAR',
    '_unknown_columns VARCHAR',
    '_problem VARCHAR',
    '_fix VARCHAR',
  ].join(', ');
}

export { fileColumnsSql, landingColumns, landingSelect, redactedJsonText };
export type { FileColumns, ValidationContext };
