/**
 * The contract's column rules (contract/entities.ts) as SQL, written once
 * for both landing SELECTs: validation-sql.ts (DuckDB) and
 * plan/validation-sql.ts (Athena). It decides how a raw text is typed,
 * which checks a column gets, in which blame order and with which reason,
 * and how a row's first failed check is found and reported. A CheckDialect
 * supplies the forms the engines spell differently (regex matching,
 * timestamp parsing, the export date).
 */
import type { ColumnSpec, EntitySpec } from '../contract/entities.js';
import { piiHashColumn } from '../pii/pii-hash.js';
import { sqlIdentifier, sqlString } from '../sql/sql-text.js';

/** One rule: the column it blames, when it fails, and the reason. */
interface Check {
  readonly column: string;
  readonly failsWhen: string;
  readonly reason: string;
  /** SQL for the reason when it depends on the row. @default the reason as text */
  readonly reasonSql?: string;
}

/** Column types whose raw text must match a pattern. */
type PatternedType = 'date' | 'timestamp' | 'money' | 'integer';

/** Whole-text languages of the patterned types, unanchored. */
type FormatPatterns = Readonly<Record<PatternedType, string>>;

/** How one engine, for one run, spells what the rules need. */
interface CheckDialect {
  /** The patterns, written with the engine's ASCII digit class. */
  readonly patterns: FormatPatterns;
  /** SQL that is TRUE when `text` matches the whole of `pattern`. */
  readonly fullMatch: (text: string, pattern: string) => string;
  /** A raw timestamp text as a UTC TIMESTAMP; NULL when it does not parse. */
  readonly utcTimestamp: (text: string) => string;
  /**
   * The DATE a row is judged against: a literal of the night, named in the
   * reason (`known`), or a column, named in the reason row by row.
   */
  readonly exportDate: { readonly sql: string; readonly known?: string };
  /**
   * The first instant after a date in the reporting time zone, as a UTC
   * TIMESTAMP: where "after the export date" begins.
   */
  readonly dayAfterStartsAt: (date: string) => string;
}

const FORMAT_REASONS = {
  date: 'not a valid date (YYYY-MM-DD)',
  timestamp: 'not a valid ISO 8601 timestamp',
  money: "not a valid amount (digits, '.' and at most 2 decimals)",
  integer: 'not a whole number',
} as const satisfies Record<PatternedType, string>;

/** A timestamp's UTC offset (`Z`, `+01`, `+0100`, `+01:00`), unanchored. */
const offsetPattern = (digit: string): string =>
  `(Z|[+-]${digit}{2}(:?${digit}{2})?)`;

/** The contract's formats, with `digit` as the class of one ASCII digit. */
function formatPatterns(digit: string): FormatPatterns {
  return {
    date: `${digit}{4}-${digit}{2}-${digit}{2}`,
    timestamp:
      `${digit}{4}-${digit}{2}-${digit}{2}` +
      `([T ]${digit}{2}:${digit}{2}(:${digit}{2}(\\.${digit}{1,9})?)?)?` +
      `${offsetPattern(digit)}?`,
    money: `-?${digit}{1,16}(\\.${digit}{1,2})?`,
    integer: `-?${digit}{1,15}`,
  };
}

/** Raw text column, as the readers produce it: trimmed, NULL when empty. */
const rawColumn = (name: string): string => sqlIdentifier(`r_${name}`);

/** A column's typed value; NULL when its raw text does not parse. */
function typedExpression(column: ColumnSpec, dialect: CheckDialect): string {
  const text = rawColumn(column.name);
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
      return dialect.utcTimestamp(text);
    case 'money':
      return `TRY_CAST(${text} AS DECIMAL(18,2))`;
    case 'integer':
      return `TRY_CAST(${text} AS BIGINT)`;
  }
}

/** The check that a present value has the column's type, if it has one. */
function formatCheck(column: ColumnSpec, dialect: CheckDialect): Check | null {
  const text = rawColumn(column.name);
  switch (column.type) {
    case 'string':
      return null;
    case 'enum': {
      const values = column.values ?? [];
      return {
        column: column.name,
        failsWhen:
          `${text} IS NOT NULL AND lower(${text}) ` +
          `NOT IN (${values.map(sqlString).join(', ')})`,
        reason: `not one of ${values.join(', ')}`,
      };
    }
    default:
      return {
        column: column.name,
        failsWhen:
          `${text} IS NOT NULL AND (NOT ` +
          `${dialect.fullMatch(text, dialect.patterns[column.type])} ` +
          `OR ${sqlIdentifier(column.name)} IS NULL)`,
        reason: FORMAT_REASONS[column.type],
      };
  }
}

/** The check that a date or timestamp is not after the export date. */
function exportDateCheck(column: ColumnSpec, dialect: CheckDialect): Check {
  const { sql, known } = dialect.exportDate;
  const reason = 'is after the export date';
  return {
    column: column.name,
    failsWhen: `${sqlIdentifier(column.name)} >= ${dialect.dayAfterStartsAt(sql)}`,
    ...(known === undefined
      ? { reason, reasonSql: `${sqlString(`${reason} `)} || CAST(${sql} AS VARCHAR)` }
      : { reason: `${reason} ${known}` }),
  };
}

/** A column's checks, in the order it is blamed. */
function columnChecks(
  column: ColumnSpec,
  dialect: CheckDialect,
  reportingCurrency: string,
): Check[] {
  const typed = sqlIdentifier(column.name);
  const checks: Check[] = [];
  const format = formatCheck(column, dialect);
  if (format) checks.push(format);
  if (column.required) {
    checks.push({
      column: column.name,
      failsWhen: `${rawColumn(column.name)} IS NULL`,
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
  if (column.notAfterExportDate) checks.push(exportDateCheck(column, dialect));
  if (column.isCurrency) {
    checks.push({
      column: column.name,
      failsWhen: `upper(${typed}) <> ${sqlString(reportingCurrency)}`,
      reason: `is not the reporting currency ${reportingCurrency}`,
    });
  }
  return checks;
}

/** Every check of an entity, in the order a row is blamed. */
function entityChecks(
  entity: EntitySpec,
  dialect: CheckDialect,
  reportingCurrency: string,
): Check[] {
  return [
    ...entity.columns.flatMap((c) => columnChecks(c, dialect, reportingCurrency)),
    ...entity.rowRules.map((rule) => ({
      column: rule.column,
      failsWhen: `(${rule.violatedWhen})`,
      reason: rule.reason,
    })),
  ];
}

/**
 * The `typed` and `checked` CTEs over `raw_rows`: the typed columns, then
 * `_failed_check`, the number of a row's first failed check (0: its
 * record's own `_record_error`; NULL: the row is accepted).
 */
function checkedRowsCtes(
  typedColumns: readonly string[],
  checks: readonly Check[],
): string {
  const firstFailure = [
    'WHEN _record_error IS NOT NULL THEN 0',
    ...checks.map((check, i) => `WHEN ${check.failsWhen} THEN ${i + 1}`),
  ];
  return `typed AS (
    SELECT
        raw_rows.*,
        ${typedColumns.join(',\n        ')}
    FROM raw_rows
),
checked AS (
    SELECT
        typed.*,
        CASE
            ${firstFailure.join('\n            ')}
        END AS _failed_check
    FROM typed
)`;
}

/** Per `_failed_check` number, what a rejected row reports. */
function blameCase(
  whenRecord: string,
  checks: readonly Check[],
  then: (check: Check) => string,
): string {
  const branches = [
    `WHEN 0 THEN ${whenRecord}`,
    ...checks.map((check, i) => `WHEN ${i + 1} THEN ${then(check)}`),
  ];
  return `CASE _failed_check ${branches.join(' ')} END`;
}

/** The column a rejected row blames. */
const rejectColumnSql = (checks: readonly Check[]): string =>
  blameCase("coalesce(_record_column, '(record)')", checks, (check) =>
    sqlString(check.column),
  );

/** The reason a rejected row is given. */
const rejectReasonSql = (checks: readonly Check[]): string =>
  blameCase('_record_error', checks, (check) =>
    check.reasonSql ?? sqlString(check.reason),
  );

/** The SQL type a landed table stores for each contract type. */
const SQL_TYPES = {
  string: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  money: 'DECIMAL(18,2)',
  integer: 'BIGINT',
  enum: 'VARCHAR',
} as const;

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

export {
  checkedRowsCtes,
  entityChecks,
  formatPatterns,
  offsetPattern,
  rawColumn,
  rejectColumnSql,
  rejectReasonSql,
  SQL_TYPES,
  storedColumns,
  typedExpression,
};
export type { Check, CheckDialect, FormatPatterns };
