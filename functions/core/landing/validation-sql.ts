/**
 * Generates, from an entity's declarative schema, the DuckDB SQL that types
 * every raw text column and finds the first rule a row breaks. Validation
 * runs inside the engine so it keeps pace with DuckDB's CSV reader; no row is
 * parsed in JavaScript.
 */
import type { ColumnSpec, EntitySpec } from '../contract/entities.js';
import { piiHashColumn, piiHashSql } from '../pii/pii-hash.js';
import { maskEmailsSql, REDACTED } from '../pii/redact-sql.js';
import { sqlIdentifier, sqlString } from './sql-text.js';

/** Values the rules compare against, validated before they get here. */
interface ValidationContext {
  readonly exportDate: string;
  readonly reportingCurrency: string;
}

/** One rule: the column it blames, when it fails, and the reason. */
interface Check {
  readonly column: string;
  readonly failsWhen: string;
  readonly reason: string;
}

const SQL_TYPES = {
  string: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  money: 'DECIMAL(18,2)',
  integer: 'BIGINT',
  enum: 'VARCHAR',
} as const;

const PATTERNS = {
  date: '\\d{4}-\\d{2}-\\d{2}',
  timestamp:
    '\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?' +
    '(Z|[+-]\\d{2}(:?\\d{2})?)?',
  money: '-?\\d{1,16}(\\.\\d{1,2})?',
  integer: '-?\\d{1,15}',
} as const;

/** Raw text column name, as produced by the file readers. */
const rawColumn = (name: string): string => sqlIdentifier(`r_${name}`);

/** The raw text column: already trimmed by the reader, NULL when empty. */
const cleaned = rawColumn;

function typedExpression(column: ColumnSpec): string {
  const text = cleaned(column.name);
  switch (column.type) {
    case 'string':
      return column.default
        ? `coalesce(${text}, ${sqlString(column.default)})`
        : text;
    case 'enum':
      return column.default
        ? `coalesce(lower(${text}), ${sqlString(column.default)})`
        : `lower(${text})`;
    case 'date':
      return `TRY_CAST(${text} AS DATE)`;
    case 'timestamp':
      return `CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)`;
    case 'money':
      return `TRY_CAST(${text} AS DECIMAL(18,2))`;
    case 'integer':
      return `TRY_CAST(${text} AS BIGINT)`;
  }
}

function formatCheck(column: ColumnSpec): Check | null {
  const text = cleaned(column.name);
  const typed = sqlIdentifier(column.name);
  const described = {
    date: 'not a valid date (YYYY-MM-DD)',
    timestamp: 'not a valid ISO 8601 timestamp',
    money: "not a valid amount (digits, '.' and at most 2 decimals)",
    integer: 'not a whole number',
  } as const;
  switch (column.type) {
    case 'string':
      return null;
    case 'enum':
      return {
        column: column.name,
        failsWhen: `${text} IS NOT NULL AND lower(${text}) NOT IN (${(
          column.values ?? []
        )
          .map(sqlString)
          .join(', ')})`,
        reason: `not one of ${(column.values ?? []).join(', ')}`,
      };
    default:
      return {
        column: column.name,
        failsWhen:
          `${text} IS NOT NULL AND (NOT regexp_full_match(${text}, ` +
          `${sqlString(PATTERNS[column.type])}) OR ${typed} IS NULL)`,
        reason: described[column.type],
      };
  }
}

function columnChecks(column: ColumnSpec, ctx: ValidationContext): Check[] {
  const typed = sqlIdentifier(column.name);
  const checks: Check[] = [];
  const format = formatCheck(column);
  if (format) checks.push(format);
  if (column.required) {
    checks.push({
      column: column.name,
      failsWhen: `${cleaned(column.name)} IS NULL`,
      reason: 'required value is missing',
    });
  }
  if (column.min !== undefined && column.max !== undefined) {
    checks.push({
      column: column.name,
      failsWhen: `${typed} NOT BETWEEN ${column.min} AND ${column.max}`,
      reason: `must be between ${column.min} and ${column.max}`,
    });
  }
  if (column.notAfterExportDate) {
    checks.push({
      column: column.name,
      failsWhen:
        `${typed} >= CAST(DATE ${sqlString(ctx.exportDate)} ` +
        `+ INTERVAL '1' DAY AS TIMESTAMP)`,
      reason: `is after the export date ${ctx.exportDate}`,
    });
  }
  if (column.isCurrency) {
    checks.push({
      column: column.name,
      failsWhen: `upper(${typed}) <> ${sqlString(ctx.reportingCurrency)}`,
      reason: `is not the reporting currency ${ctx.reportingCurrency}`,
    });
  }
  return checks;
}

/** Every check of an entity, in the order a row is blamed. */
function entityChecks(entity: EntitySpec, ctx: ValidationContext): Check[] {
  return [
    ...entity.columns.flatMap((c) => columnChecks(c, ctx)),
    ...entity.rowRules.map((rule) => ({
      column: rule.column,
      failsWhen: `(${rule.violatedWhen})`,
      reason: rule.reason,
    })),
  ];
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
 * What a landed table stores per contract column: the typed value, or for
 * personal data only its keyed hash (`email` -> `email_hash`).
 */
function storedColumns(entity: EntitySpec): { name: string; type: string }[] {
  return entity.columns.map((c) =>
    c.pii
      ? { name: piiHashColumn(c.name), type: 'VARCHAR' }
      : { name: c.name, type: SQL_TYPES[c.type] },
  );
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
): string {
  const checks = entityChecks(entity, ctx);
  const typedColumns = entity.columns.map(
    (c) => `CAST(${typedExpression(c)} AS ${SQL_TYPES[c.type]}) AS ${sqlIdentifier(c.name)}`,
  );
  const hashColumns = entity.columns
    .filter((c) => c.pii)
    .map(
      (c) =>
        `${hashPii ? piiHashSql('duckdb', rawColumn(c.name)) : 'CAST(NULL AS VARCHAR)'} ` +
        `AS ${sqlIdentifier(piiHashColumn(c.name))}`,
    );
  const firstFailure = [
    `WHEN _record_error IS NOT NULL THEN 0`,
    ...checks.map((check, i) => `WHEN ${check.failsWhen} THEN ${i + 1}`),
  ].join('\n            ');
  const pick = (field: 'column' | 'reason'): string =>
    [
      `WHEN 0 THEN ${field === 'column' ? "coalesce(_record_column, '(record)')" : '_record_error'}`,
      ...checks.map((check, i) => `WHEN ${i + 1} THEN ${sqlString(check[field])}`),
    ].join(' ');
  return `
WITH raw_rows AS (
    ${rawRows}
),
typed AS (
    SELECT
        raw_rows.*,
        ${[...typedColumns, ...hashColumns].join(',\n        ')}
    FROM raw_rows
),
checked AS (
    SELECT
        typed.*,
        CASE
            ${firstFailure}
        END AS _failed_check
    FROM typed
)
SELECT
    DATE ${sqlString(ctx.exportDate)} AS _export_date,
    ${sqlString(file)} AS _file,
    CAST(_line AS BIGINT) AS _line,
    ${storedColumns(entity)
      .map((c) => `CASE WHEN _failed_check IS NULL THEN ${sqlIdentifier(c.name)} END AS ${sqlIdentifier(c.name)}`)
      .join(',\n    ')},
    CASE _failed_check ${pick('column')} END AS _reject_column,
    CASE _failed_check ${pick('reason')} END AS _reject_reason,
    CASE WHEN _failed_check IS NOT NULL
        THEN ${maskEmailsSql(rawText)} END AS _raw
FROM checked`;
}

/** DDL columns of an entity's landing table, in landingSelect order. */
function landingColumns(entity: EntitySpec): string {
  return [
    '_export_date DATE',
    '_file VARCHAR',
    '_line BIGINT',
    ...storedColumns(entity).map((c) => `${sqlIdentifier(c.name)} ${c.type}`),
    '_reject_column VARCHAR',
    '_reject_reason VARCHAR',
    '_raw VARCHAR',
  ].join(', ');
}

export { landingColumns, landingSelect, rawColumn, redactedJsonText, storedColumns };
export type { ValidationContext };
