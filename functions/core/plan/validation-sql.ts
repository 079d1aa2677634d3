/**
 * The contract's rules rendered for Athena (Trino). Which checks there are,
 * their blame order and reasons come from contract-checks.ts, shared with
 * validation-sql.ts (DuckDB); this module supplies Trino's spelling
 * (regexp_like, from_iso8601_timestamp and with_timezone instead of a
 * session time zone). A test compares the two renderings rule by rule.
 *
 * What differs on purpose: Athena has no record numbers, so `_line` is NULL
 * and rows are told apart by file and raw text; `_export_date` is the
 * file's own export date (its partition), so a reason naming it is built
 * per row.
 */
import type { EntitySpec } from '../contract/entities.js';
import { piiHashColumn, piiHashSql } from '../pii/pii-hash.js';
import { EMAIL_PATTERN, REDACTED } from '../pii/redact-sql.js';
import {
  checkedRowsCtes,
  entityChecks,
  formatPatterns,
  offsetPattern,
  rawColumn,
  rejectColumnSql,
  rejectReasonSql,
  typedExpression,
} from './contract-checks.js';
import type { Check, CheckDialect } from './contract-checks.js';
import { sqlIdentifier, sqlString } from '../sql/sql-text.js';
import { storedColumns } from './contract-checks.js';

/** Settings the rules read; validated by the pipeline config schema. */
interface AthenaValidationContext {
  readonly reportingCurrency: string;
  /** IANA zone of timestamps exported without an offset. */
  readonly timeZone: string;
}

/** The contract's formats, in ASCII digits only (`[0-9]`, not `\d`). */
const PATTERNS = formatPatterns('[0-9]');

/** A timestamp text that ends in a UTC offset. */
const OFFSET = `${offsetPattern('[0-9]')}$`;

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

/** Trino's spelling of the rules; each row is judged by its own export date. */
function athenaDialect(ctx: AthenaValidationContext): CheckDialect {
  return {
    patterns: PATTERNS,
    // Anchored: Trino's regexp_like finds a match anywhere.
    fullMatch: (text, pattern) =>
      `regexp_like(${text}, ${sqlString(`^(${pattern})$`)})`,
    utcTimestamp: (text) => utcTimestamp(text, ctx.timeZone),
    dayAfterStartsAt: (date) =>
      `CAST(with_timezone(CAST(${date} + INTERVAL '1' DAY AS TIMESTAMP(3)), ` +
      `${sqlString(ctx.timeZone)}) AT TIME ZONE 'UTC' AS TIMESTAMP(3))`,
    exportDate: { sql: '_export_date' },
  };
}

/** Every check of an entity, in the order a row is blamed (as on DuckDB). */
function athenaEntityChecks(
  entity: EntitySpec,
  ctx: AthenaValidationContext,
): Check[] {
  return entityChecks(entity, athenaDialect(ctx), ctx.reportingCurrency);
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
  const dialect = athenaDialect(ctx);
  const stored = storedColumns(entity);
  const typeOf = (name: string): string => stored.find((s) => s.name === name)?.type ?? 'VARCHAR';
  const typed = entity.columns.map((c) =>
    c.pii
      ? `${piiHashSql('athena', rawColumn(c.name), piiKeyTable)} AS ${sqlIdentifier(piiHashColumn(c.name))}`
      : `CAST(${typedExpression(c, dialect)} AS ${typeOf(c.name)}) AS ${sqlIdentifier(c.name)}`,
  );
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
${checkedRowsCtes(typed, checks)},
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
        ELSE ${rejectColumnSql(checks)} END AS VARCHAR) AS _reject_column,
    CAST(CASE WHEN ${superseded}
        THEN ${sqlString(`${entity.key.join(', ')} repeated in the same export: superseded by `)} || _kept_file
        ELSE ${rejectReasonSql(checks)} END AS VARCHAR) AS _reject_reason,
    CAST(CASE WHEN _failed_check IS NOT NULL OR ${superseded}
        THEN ${maskEmails('_raw_text')} END AS VARCHAR) AS _raw,
    ${FILE_COLUMNS.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(',\n    ')}
FROM versions`;
}

export { athenaEntityChecks, athenaLandedSelect, FILE_COLUMNS, PATTERNS };
export type { AthenaValidationContext };
