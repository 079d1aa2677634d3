/**
 * The contract's row rules rendered for Athena (Trino): the twin, in
 * meaning, of validation-sql.ts (DuckDB). The rules come from the same
 * declarative schema (contract/entities.ts) in the same blame order with
 * the same reasons; only the functions differ (regexp_like instead of
 * regexp_full_match, from_iso8601_timestamp and with_timezone instead of a
 * session time zone). A test compares the two renderings rule by rule.
 *
 * What differs on purpose: Athena has no record numbers, so `_line` is NULL
 * and rows are told apart by file and raw text; `_export_date` is the
 * file's own export date (its partition).
 */
import type { ColumnSpec, EntitySpec } from '../contract/entities.js';
import { piiHashColumn, piiHashSql } from '../pii/pii-hash.js';
import { EMAIL_PATTERN, REDACTED } from '../pii/redact-sql.js';
import { sqlIdentifier, sqlString } from './sql-text.js';
import { rawColumn, storedColumns } from './validation-sql.js';

/** Settings the rules read; validated by the pipeline config schema. */
interface AthenaValidationContext {
  readonly reportingCurrency: string;
  /** IANA zone of timestamps exported without an offset. */
  readonly timeZone: string;
}

interface Check {
  readonly column: string;
  readonly failsWhen: string;
  readonly reason: string;
  /** SQL for the reason when it depends on the row. @default the reason as text */
  readonly reasonSql?: string;
}

/** Same languages as validation-sql.ts, anchored, ASCII digits only. */
const PATTERNS = {
  date: '[0-9]{4}-[0-9]{2}-[0-9]{2}',
  timestamp:
    '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)?' +
    '(Z|[+-][0-9]{2}(:?[0-9]{2})?)?',
  money: '-?[0-9]{1,16}(\\.[0-9]{1,2})?',
  integer: '-?[0-9]{1,15}',
} as const;

const OFFSET = '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$';

/** Whole-string match: Trino's regexp_like finds a match anywhere. */
const fullMatch = (text: string, pattern: string): string =>
  `regexp_like(${text}, ${sqlString(`^(${pattern})$`)})`;

/**
 * A timestamp text as UTC TIMESTAMP: with an offset it is parsed as ISO
 * 8601; without one it is wall-clock time in the configured zone.
 */
function utcTimestamp(text: string, timeZone: string): string {
  return (
    `CAST((CASE WHEN regexp_like(${text}, ${sqlString(OFFSET)}) ` +
    `THEN try(from_iso8601_timestamp(replace(${text}, ' ', 'T'))) ` +
    `ELSE try(with_timezone(CAST(replace(${text}, 'T', ' ') AS TIMESTAMP(3)), ${sqlString(timeZone)})) ` +
    `END) AT TIME ZONE 'UTC' AS TIMESTAMP(3))`
  );
}

function typedExpression(column: ColumnSpec, ctx: AthenaValidationContext): string {
  const text = rawColumn(column.name);
  switch (column.type) {
    case 'string':
      return column.default ? `coalesce(${text}, ${sqlString(column.default)})` : text;
    case 'enum':
      return column.default
        ? `coalesce(lower(${text}), ${sqlString(column.default)})`
        : `lower(${text})`;
    case 'date':
      return `TRY_CAST(${text} AS DATE)`;
    case 'timestamp':
      return utcTimestamp(text, ctx.timeZone);
    case 'money':
      return `TRY_CAST(${text} AS DECIMAL(18,2))`;
    case 'integer':
      return `TRY_CAST(${text} AS BIGINT)`;
  }
}

const described = {
  date: 'not a valid date (YYYY-MM-DD)',
  timestamp: 'not a valid ISO 8601 timestamp',
  money: "not a valid amount (digits, '.' and at most 2 decimals)",
  integer: 'not a whole number',
} as const;

function columnChecks(column: ColumnSpec, ctx: AthenaValidationContext): Check[] {
  const text = rawColumn(column.name);
  const typed = sqlIdentifier(column.name);
  const checks: Check[] = [];
  if (column.type === 'enum') {
    const values = column.values ?? [];
    checks.push({
      column: column.name,
      failsWhen: `${text} IS NOT NULL AND lower(${text}) NOT IN (${values.map(sqlString).join(', ')})`,
      reason: `not one of ${values.join(', ')}`,
    });
  } else if (column.type !== 'string') {
    checks.push({
      column: column.name,
      failsWhen: `${text} IS NOT NULL AND (NOT ${fullMatch(text, PATTERNS[column.type])} OR ${typed} IS NULL)`,
      reason: described[column.type],
    });
  }
  if (column.required) {
    checks.push({ column: column.name, failsWhen: `${text} IS NULL`, reason: 'required value is missing' });
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
      failsWhen: `${typed} >= CAST(_export_date + INTERVAL '1' DAY AS TIMESTAMP(3))`,
      reason: 'is after the export date',
      reasonSql: `'is after the export date ' || CAST(_export_date AS VARCHAR)`,
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

/** Every check of an entity, in the order a row is blamed (as on DuckDB). */
function athenaEntityChecks(entity: EntitySpec, ctx: AthenaValidationContext): Check[] {
  return [
    ...entity.columns.flatMap((c) => columnChecks(c, ctx)),
    ...entity.rowRules.map((rule) => ({
      column: rule.column,
      failsWhen: `(${rule.violatedWhen})`,
      reason: rule.reason,
    })),
  ];
}

/** Replaces every email address in a text (Trino replaces all matches). */
const maskEmails = (text: string): string =>
  `regexp_replace(${text}, ${sqlString(EMAIL_PATTERN)}, ${sqlString(REDACTED)})`;

/**
 * Columns the raw rows carry into the landed table unchanged. Every text
 * output is CAST to VARCHAR: a bare literal is varchar(n) in Trino, and a
 * CTAS would store `''` as an invalid varchar(0).
 */
const FILE_COLUMNS = ['_unknown_columns', '_problem', '_fix'] as const;

/**
 * The SELECT that turns raw rows into an entity's landed rows: typed
 * columns (personal data as its keyed hash), the first broken rule, and the
 * superseded versions of keys repeated within one export. `rawRows` yields
 * `_file`, `_export_date`, `_record_error`, `_record_column`, `r_<column>`
 * texts (trimmed, NULL when empty), `_raw_text` and FILE_COLUMNS.
 * `piiKeyTable` is the qualified table holding the hashing key.
 */
function athenaLandedSelect(
  entity: EntitySpec,
  rawRows: string,
  ctx: AthenaValidationContext,
  piiKeyTable: string,
): string {
  const checks = athenaEntityChecks(entity, ctx);
  const stored = storedColumns(entity);
  const typeOf = (name: string): string => stored.find((s) => s.name === name)?.type ?? 'VARCHAR';
  const typed = entity.columns.map((c) =>
    c.pii
      ? `${piiHashSql('athena', rawColumn(c.name), piiKeyTable)} AS ${sqlIdentifier(piiHashColumn(c.name))}`
      : `CAST(${typedExpression(c, ctx)} AS ${typeOf(c.name)}) AS ${sqlIdentifier(c.name)}`,
  );
  const firstFailure = [
    'WHEN _record_error IS NOT NULL THEN 0',
    ...checks.map((check, i) => `WHEN ${check.failsWhen} THEN ${i + 1}`),
  ].join('\n            ');
  const pick = (field: 'column' | 'reason'): string =>
    [
      `WHEN 0 THEN ${field === 'column' ? "coalesce(_record_column, '(record)')" : '_record_error'}`,
      ...checks.map(
        (check, i) =>
          `WHEN ${i + 1} THEN ${field === 'reason' && check.reasonSql ? check.reasonSql : sqlString(check[field])}`,
      ),
    ].join(' ');
  const keys = entity.key.map(sqlIdentifier);
  const dedupe = entity.uniquePerExport === true;
  const order = [
    ...(entity.columns.some((c) => c.name === 'updated_at') ? ['"updated_at" DESC NULLS LAST'] : []),
    '_file DESC',
    '_raw_text DESC',
  ].join(', ');
  const window = `PARTITION BY ${[...keys, '_export_date', '_failed_check'].join(', ')} ORDER BY ${order}`;
  const superseded = dedupe ? '(_failed_check IS NULL AND _version > 1)' : 'false';
  return `
WITH raw_rows AS (
${rawRows}
),
typed AS (
    SELECT
        raw_rows.*,
        ${typed.join(',\n        ')}
    FROM raw_rows
),
checked AS (
    SELECT
        typed.*,
        CASE
            ${firstFailure}
        END AS _failed_check
    FROM typed
),
versions AS (
    SELECT
        checked.*,
        ${dedupe ? `row_number() OVER (${window})` : 'CAST(1 AS BIGINT)'} AS _version,
        ${dedupe ? `first_value(_file) OVER (${window})` : 'CAST(NULL AS VARCHAR)'} AS _kept_file
    FROM checked
)
SELECT
    _export_date,
    _file,
    CAST(NULL AS BIGINT) AS _line,
    ${stored.map((c) => sqlIdentifier(c.name)).join(',\n    ')},
    CAST(CASE WHEN ${superseded} THEN ${sqlString(entity.key.join(', '))}
        ELSE CASE _failed_check ${pick('column')} END END AS VARCHAR) AS _reject_column,
    CAST(CASE WHEN ${superseded}
        THEN ${sqlString(`${entity.key.join(', ')} repeated in the same export: superseded by `)} || _kept_file
        ELSE CASE _failed_check ${pick('reason')} END END AS VARCHAR) AS _reject_reason,
    CAST(CASE WHEN _failed_check IS NOT NULL OR ${superseded}
        THEN ${maskEmails('_raw_text')} END AS VARCHAR) AS _raw,
    ${FILE_COLUMNS.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(',\n    ')}
FROM versions`;
}

export { athenaEntityChecks, athenaLandedSelect, FILE_COLUMNS, PATTERNS };
export type { AthenaValidationContext };
