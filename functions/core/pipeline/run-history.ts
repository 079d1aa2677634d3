/**
 * `pipeline_run_history`: one row per published night and entity, with the
 * rows read, accepted and rejected. It is the memory the row-count alarm
 * compares against. It changes only when a night publishes its KPI tables,
 * so a night that failed (and published only its run log) never becomes
 * the baseline, and an identical rerun publishes an identical history.
 */
import type { Engine } from '../engine/engine.js';
import { sqlString } from '../landing/sql-text.js';
import { buildTable } from './build-models.js';
import type { EntityCounts } from './entity-counts.js';
import { publishedColumns, publishedTable } from './published-tables.js';
import type { RunIdentity } from './run-log-tables.js';

const RUN_HISTORY = 'pipeline_run_history';

interface PublishedNight {
  readonly runNumber: number;
  readonly runId: string;
}

/** The night whose KPI tables are published now, or null before the first. */
async function latestPublishedNight(engine: Engine): Promise<PublishedNight | null> {
  if ((await publishedColumns(engine, RUN_HISTORY)).size === 0) return null;
  const [row] = await engine.query(
    `SELECT run_number, run_id FROM ${publishedTable(RUN_HISTORY)}
     ORDER BY run_number DESC LIMIT 1`,
  );
  return row ? { runNumber: Number(row.run_number), runId: String(row.run_id) } : null;
}

/**
 * Accepted rows per entity of the latest published night before this one
 * (another run, export date not later); null when there is none.
 */
async function previousAcceptedRows(
  engine: Engine,
  run: RunIdentity,
): Promise<Map<string, number> | null> {
  if ((await publishedColumns(engine, RUN_HISTORY)).size === 0) return null;
  const history = publishedTable(RUN_HISTORY);
  const rows = await engine.query(
    `SELECT entity, rows_accepted FROM ${history}
     WHERE run_number = (
         SELECT max(run_number) FROM ${history}
         WHERE run_id <> ${sqlString(run.runId)} AND as_of <= DATE ${sqlString(run.asOf)})`,
  );
  return rows.length === 0 ? null : new Map(rows.map((r) => [String(r.entity), Number(r.rows_accepted)]));
}

/**
 * Builds the history as it will stand once this night publishes: the
 * previous rows of other runs, plus this run's, numbered after the latest
 * (an immediate rerun keeps its number).
 */
async function buildRunHistory(
  engine: Engine,
  run: RunIdentity,
  counts: readonly EntityCounts[],
): Promise<void> {
  const latest = await latestPublishedNight(engine);
  const runNumber =
    latest === null ? 1 : latest.runId === run.runId ? latest.runNumber : latest.runNumber + 1;
  const rows = counts.map(
    (c) =>
      `SELECT CAST(${runNumber} AS BIGINT) AS run_number, ${sqlString(run.runId)} AS run_id, ` +
      `DATE ${sqlString(run.asOf)} AS as_of, ${sqlString(c.entity)} AS entity, ` +
      `CAST(${c.files} AS BIGINT) AS files, CAST(${c.rowsRead} AS BIGINT) AS rows_read, ` +
      `CAST(${c.rowsAccepted} AS BIGINT) AS rows_accepted, ` +
      `CAST(${c.rowsRejected} AS BIGINT) AS rows_rejected`,
  );
  const previous =
    latest === null
      ? []
      : [
          `SELECT run_number, run_id, as_of, entity, files, rows_read, rows_accepted, rows_rejected
           FROM ${publishedTable(RUN_HISTORY)} WHERE run_id <> ${sqlString(run.runId)}`,
        ];
  await engine.materialize(
    buildTable(RUN_HISTORY),
    `SELECT * FROM (${[...previous, ...rows].join('\nUNION ALL\n')}) AS history
     ORDER BY run_number, entity`,
  );
}

export { buildRunHistory, latestPublishedNight, previousAcceptedRows, RUN_HISTORY };
