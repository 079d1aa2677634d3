/**
 * The SQL of `pipeline_restatements`, one text for both engines: every
 * figure of the headline-level tables that differs from the night published
 * before, one row per changed cell (table, row key, column, previous and new
 * value) and per row that disappeared. New rows (a new month) are new
 * figures, not restatements. Only where a table is read differs by engine:
 * DuckDB diffs `build.<table>` against `main.<table>`, Athena
 * `crm_stage.<table>__<runId>` against `crm_stage.<table>__<previousRunId>`.
 */
import { sqlIdentifier, sqlString } from '../sql/sql-text.js';
import type { Model } from '../models/model-graph.js';
import type { RunIdentity } from './targets.js';

const RESTATEMENTS = 'pipeline_restatements';

/** The tables whose figures finance signs off. */
const RESTATED_TABLES = [
  'kpi_headline_monthly',
  'kpi_customer_reconciliation',
  'kpi_cohort_retention',
] as const;

/** Columns every KPI table carries that say which night, not what figure. */
const RUN_COLUMNS = new Set(['as_of', 'run_id']);

/** The restatement columns before `as_of` and `run_id`, in their published order. */
const CHANGE_COLUMNS = [
  'table_name',
  'row_key',
  'column_name',
  'previous_value',
  'new_value',
  'previous_is_complete',
  'previous_run_id',
] as const;

/** One restated table: its key and the columns (name to type) of both nights; empty when absent. */
interface RestatedTable {
  readonly name: string;
  readonly key: readonly string[];
  readonly built: ReadonlyMap<string, string>;
  readonly previous: ReadonlyMap<string, string>;
}

/** Where the diff reads tonight's build of a table and the previously published one. */
interface DiffSides {
  readonly built: (table: string) => string;
  readonly previous: (table: string) => string;
}

/** A string literal typed VARCHAR on both engines (Trino would type it varchar(n)). */
const text = (value: string): string => `CAST(${sqlString(value)} AS VARCHAR)`;

const EMPTY = `SELECT CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS VARCHAR) AS row_key,
    CAST(NULL AS VARCHAR) AS column_name, CAST(NULL AS VARCHAR) AS previous_value,
    CAST(NULL AS VARCHAR) AS new_value, CAST(NULL AS BOOLEAN) AS previous_is_complete,
    CAST(NULL AS VARCHAR) AS previous_run_id
    WHERE false`;

/**
 * A floating-point figure is compared to 9 decimals: smaller moves are not
 * worth a restatement line. Types come in DuckDB's spelling (DOUBLE, FLOAT,
 * REAL) or Glue's (double, float).
 */
function comparable(alias: string, column: string, type: string): string {
  const ref = `${alias}.${sqlIdentifier(column)}`;
  return /^(DOUBLE|FLOAT|REAL)$/i.test(type) ? `round(${ref}, 9)` : ref;
}

/**
 * A figure as published text. A floating-point one is written as the
 * DECIMAL of its 9 compared decimals: the engines print a DOUBLE
 * differently (DuckDB 0.16666666666666666, Trino 1.6666666666666666E-1)
 * and a DECIMAL alike (0.166666667), trailing zeros cut (0.3, 12).
 */
function figureText(alias: string, column: string, type: string): string {
  const ref = `${alias}.${sqlIdentifier(column)}`;
  return /^(DOUBLE|FLOAT|REAL)$/i.test(type)
    ? `regexp_replace(CAST(CAST(round(${ref}, 9) AS DECIMAL(38, 9)) AS VARCHAR), '\\.?0+$', '')`
    : `CAST(${ref} AS VARCHAR)`;
}

/** The changed cells and vanished rows of one table, as a SELECT. */
function tableDiff(
  table: string,
  key: readonly string[],
  columns: ReadonlyMap<string, string>,
  sides: DiffSides,
): string {
  const built = sides.built(table);
  const previous = sides.previous(table);
  const on = key.map((k) => `n.${sqlIdentifier(k)} = o.${sqlIdentifier(k)}`).join(' AND ');
  const rowKey = (alias: string): string =>
    key
      .map((k) => `${sqlString(`${k}=`)} || CAST(${alias}.${sqlIdentifier(k)} AS VARCHAR)`)
      .join(" || ', ' || ");
  const complete = columns.has('is_complete') ? 'o.is_complete' : 'CAST(NULL AS BOOLEAN)';
  const head = (alias: string): string => `SELECT ${text(table)} AS table_name, ${rowKey(alias)} AS row_key`;
  // One join per table, crossed with the list of its figures: a join per
  // figure would be three query stages each, and Trino (Athena) refuses a
  // query of more than 150 stages (seen at 206 on Trino 476).
  const figures = [...columns].filter(([c]) => !key.includes(c) && !RUN_COLUMNS.has(c));
  const perFigure = (value: (column: string, type: string) => string): string =>
    `CASE f.column_name ${figures.map(([c, type]) => `WHEN ${sqlString(c)} THEN ${value(c, type)}`).join(' ')} END`;
  const changed =
    figures.length === 0
      ? []
      : [
          `SELECT table_name, row_key, column_name, previous_value, new_value, previous_is_complete, previous_run_id
    FROM (${head('n')}, f.column_name, ` +
            `${perFigure((c, type) => figureText('o', c, type))} AS previous_value, ` +
            `${perFigure((c, type) => figureText('n', c, type))} AS new_value, ` +
            `${perFigure((c, type) => `(${comparable('o', c, type)} IS DISTINCT FROM ${comparable('n', c, type)})`)} AS changed, ` +
            `${complete} AS previous_is_complete, o.run_id AS previous_run_id
        FROM ${built} AS n JOIN ${previous} AS o ON ${on}
        CROSS JOIN (VALUES ${figures.map(([c]) => `(${text(c)})`).join(', ')}) AS f(column_name)
    ) AS figures
    WHERE changed`,
        ];
  const vanished =
    `${head('o')}, ${text('(row)')} AS column_name, ${text('present')} AS previous_value, ` +
    `CAST(NULL AS VARCHAR) AS new_value, ${complete} AS previous_is_complete, ` +
    `o.run_id AS previous_run_id
    FROM ${previous} AS o LEFT JOIN ${built} AS n ON ${on}
    WHERE n.${sqlIdentifier(key[0] ?? '')} IS NULL`;
  return [...changed, vanished].join('\nUNION ALL\n');
}

/** The restated tables with the key their model declares (empty when the model is absent). */
function restatedKeys(models: readonly Model[]): { name: string; key: readonly string[] }[] {
  return RESTATED_TABLES.map((name) => ({
    name,
    key: models.find((m) => m.name === name)?.header.key ?? [],
  }));
}

/** The columns both nights have, when they include the key and `run_id`; null otherwise. */
function diffableColumns(table: RestatedTable): Map<string, string> | null {
  const shared = new Map([...table.built].filter(([c]) => table.previous.has(c)));
  const keyed = table.key.length > 0 && table.key.every((k) => shared.has(k));
  return keyed && shared.has('run_id') ? shared : null;
}

/** Orders the rows and stamps them with the night that publishes them. */
const stamped = (select: string, run: RunIdentity): string =>
  `SELECT ${CHANGE_COLUMNS.map((c) => `changes.${c}`).join(', ')}, ` +
  `DATE ${sqlString(run.asOf)} AS as_of, ${text(run.runId)} AS run_id
         FROM (${select}) AS changes
         ORDER BY table_name, row_key, column_name`;

/** No restatements, typed like a diff: the first night's table. */
const noRestatements = (run: RunIdentity): string => stamped(EMPTY, run);

/**
 * This night's restatements: the diff of every restated table that both
 * nights have; no rows (typed) when there is none, as on the first night.
 */
function restatementsSelect(
  tables: readonly RestatedTable[],
  sides: DiffSides,
  run: RunIdentity,
): string {
  const parts = tables.flatMap((table) => {
    const columns = diffableColumns(table);
    return columns ? [tableDiff(table.name, table.key, columns, sides)] : [];
  });
  return parts.length > 0 ? stamped(parts.join('\nUNION ALL\n'), run) : noRestatements(run);
}

/**
 * The restatements of the run an identical rerun repeats (reading it again
 * would find nothing changed), stamped with this night.
 */
const republishedSelect = (previousRestatements: string, run: RunIdentity): string =>
  stamped(`SELECT ${CHANGE_COLUMNS.join(', ')} FROM ${previousRestatements}`, run);

export {
  noRestatements,
  RESTATED_TABLES,
  RESTATEMENTS,
  republishedSelect,
  restatedKeys,
  restatementsSelect,
};
export type { RestatedTable };
