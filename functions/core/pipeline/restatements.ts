/**
 * `pipeline_restatements`: every figure of the headline-level tables that
 * differs from the one published before, so finance can see why last
 * month's report moved (an order dated three months ago arrived tonight).
 * One row per changed cell (table, row key, column, previous and new value)
 * and per row that disappeared. New rows (a new month) are new figures, not
 * restatements. An identical rerun republishes the restatements of the run
 * it repeats, so reruns publish identical tables.
 */
import type { Engine } from '../engine/engine.js';
import { sqlIdentifier, sqlString } from '../landing/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { buildTable } from './build-models.js';
import { buildColumns, publishedColumns, publishedTable } from './published-tables.js';
import { latestPublishedNight } from './run-history.js';
import type { RunIdentity } from './run-log-tables.js';

const RESTATEMENTS = 'pipeline_restatements';

/** The tables whose figures finance signs off. */
const RESTATED_TABLES = [
  'kpi_headline_monthly',
  'kpi_customer_reconciliation',
  'kpi_cohort_retention',
] as const;

/** Columns every KPI table carries that say which night, not what figure. */
const RUN_COLUMNS = new Set(['as_of', 'run_id']);

const EMPTY = `SELECT CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS VARCHAR) AS row_key,
    CAST(NULL AS VARCHAR) AS column_name, CAST(NULL AS VARCHAR) AS previous_value,
    CAST(NULL AS VARCHAR) AS new_value, CAST(NULL AS BOOLEAN) AS previous_is_complete,
    CAST(NULL AS VARCHAR) AS previous_run_id
    WHERE false`;

/** A floating-point figure is compared to 9 decimals: smaller moves are not worth a restatement line. */
function comparable(alias: string, column: string, type: string): string {
  const ref = `${alias}.${sqlIdentifier(column)}`;
  return /^(DOUBLE|FLOAT|REAL)$/i.test(type) ? `round(${ref}, 9)` : ref;
}

/** The changed cells and vanished rows of one table, as a SELECT. */
function tableDiff(
  table: string,
  key: readonly string[],
  columns: ReadonlyMap<string, string>,
  hasCompleteFlag: boolean,
): string {
  const on = key.map((k) => `n.${sqlIdentifier(k)} = o.${sqlIdentifier(k)}`).join(' AND ');
  const rowKey = (alias: string): string =>
    key
      .map((k) => `${sqlString(`${k}=`)} || CAST(${alias}.${sqlIdentifier(k)} AS VARCHAR)`)
      .join(" || ', ' || ");
  const complete = hasCompleteFlag ? 'o.is_complete' : 'CAST(NULL AS BOOLEAN)';
  const head = (alias: string): string =>
    `SELECT ${sqlString(table)} AS table_name, ${rowKey(alias)} AS row_key`;
  const changed = [...columns]
    .filter(([c]) => !key.includes(c) && !RUN_COLUMNS.has(c))
    .map(
      ([c, type]) =>
        `${head('n')}, ${sqlString(c)} AS column_name, ` +
        `CAST(o.${sqlIdentifier(c)} AS VARCHAR) AS previous_value, ` +
        `CAST(n.${sqlIdentifier(c)} AS VARCHAR) AS new_value, ` +
        `${complete} AS previous_is_complete, o.run_id AS previous_run_id
    FROM ${buildTable(table)} AS n JOIN ${publishedTable(table)} AS o ON ${on}
    WHERE ${comparable('o', c, type)} IS DISTINCT FROM ${comparable('n', c, type)}`,
    );
  const vanished =
    `${head('o')}, '(row)' AS column_name, 'present' AS previous_value, ` +
    `CAST(NULL AS VARCHAR) AS new_value, ${complete} AS previous_is_complete, ` +
    `o.run_id AS previous_run_id
    FROM ${publishedTable(table)} AS o LEFT JOIN ${buildTable(table)} AS n ON ${on}
    WHERE n.${sqlIdentifier(key[0] ?? '')} IS NULL`;
  return [...changed, vanished].join('\nUNION ALL\n');
}

/** The diff of every restated table that is published and built tonight. */
async function restatementsSql(engine: Engine, models: readonly Model[]): Promise<string> {
  const parts: string[] = [];
  for (const table of RESTATED_TABLES) {
    const key = models.find((m) => m.name === table)?.header.key ?? [];
    const built = await buildColumns(engine, table);
    const published = await publishedColumns(engine, table);
    const shared = new Map([...built].filter(([c]) => published.has(c)));
    if (key.length === 0 || !key.every((k) => shared.has(k)) || !shared.has('run_id')) continue;
    parts.push(tableDiff(table, key, shared, shared.has('is_complete')));
  }
  return parts.length > 0 ? parts.join('\nUNION ALL\n') : EMPTY;
}

/** Builds `pipeline_restatements` for this night into the build schema. */
async function buildRestatements(
  engine: Engine,
  models: readonly Model[],
  run: RunIdentity,
): Promise<void> {
  const latest = await latestPublishedNight(engine);
  const rerun =
    latest?.runId === run.runId && (await publishedColumns(engine, RESTATEMENTS)).size > 0;
  await engine.materialize(
    buildTable(RESTATEMENTS),
    rerun
      ? `SELECT * FROM ${publishedTable(RESTATEMENTS)}`
      : `SELECT changes.*, DATE ${sqlString(run.asOf)} AS as_of, ${sqlString(run.runId)} AS run_id
         FROM (${await restatementsSql(engine, models)}) AS changes
         ORDER BY table_name, row_key, column_name`,
  );
}

export { buildRestatements, RESTATEMENTS };
