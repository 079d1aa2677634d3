/**
 * The pipeline's own published tables: every reject with file, line, column,
 * reason and raw text; every file's row accounting; every gate's result.
 * They are built beside the KPI tables and published with them, and alone
 * when a gate fails, so the run log always says why a night did not publish.
 */
import type { Engine } from '../engine/engine.js';
import type { FileOutcome } from '../landing/land-exports.js';
import { REJECTS } from '../landing/land-exports.js';
import { boundedText } from '../landing/raw-text.js';
import { sqlString } from '../landing/sql-text.js';
import { buildTable } from './build-models.js';
import type { GateResult } from './gate-result.js';

/** A text NULL: an untyped NULL in VALUES makes an all-NULL column INTEGER. */
const nullText = 'CAST(NULL AS VARCHAR)';

/** Published by every night that gets as far as its gates, pass or fail. */
const RUN_LOG_TABLES = ['pipeline_rejects', 'pipeline_file_log', 'pipeline_gate_log'] as const;

interface RunIdentity {
  readonly runId: string;
  readonly asOf: string;
}

const runColumns = (run: RunIdentity): string =>
  `DATE ${sqlString(run.asOf)} AS as_of, ${sqlString(run.runId)} AS run_id`;

/** A VALUES table of literal rows, typed by the first row's CASTs. */
function valuesTable(rows: readonly string[], columns: string, emptyRow: string): string {
  return rows.length > 0
    ? `SELECT * FROM (VALUES ${rows.join(',\n')}) AS t(${columns})`
    : `SELECT * FROM (VALUES ${emptyRow}) AS t(${columns}) WHERE false`;
}

async function buildRejectsTable(engine: Engine, run: RunIdentity): Promise<void> {
  await engine.materialize(
    buildTable('pipeline_rejects'),
    `SELECT export_date, entity, file, line, "column", reason, ${boundedText('raw')} AS raw, ${runColumns(run)}
     FROM ${REJECTS} ORDER BY entity, file, line, "column"`,
  );
}

async function buildFileLog(
  engine: Engine,
  run: RunIdentity,
  outcomes: readonly FileOutcome[],
): Promise<void> {
  const rows = outcomes.map(
    (o) =>
      `(${sqlString(o.entity)}, DATE ${sqlString(o.exportDate)}, ${sqlString(o.file)}, ` +
      `${sqlString(o.status)}, CAST(${o.rowsRead} AS BIGINT), ` +
      `CAST(${o.rowsAccepted} AS BIGINT), CAST(${o.rowsRejected} AS BIGINT), ` +
      `${sqlString(o.unknownColumns.join(', '))}, ${o.problem ? sqlString(o.problem) : nullText}, ` +
      `${o.fix ? sqlString(o.fix) : nullText})`,
  );
  const empty =
    "('', DATE '1970-01-01', '', '', CAST(0 AS BIGINT), CAST(0 AS BIGINT), " +
    "CAST(0 AS BIGINT), '', CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR))";
  await engine.materialize(
    buildTable('pipeline_file_log'),
    `SELECT *, ${runColumns(run)} FROM (${valuesTable(
      rows,
      'entity, export_date, file, status, rows_read, rows_accepted, rows_rejected, ' +
        'unknown_columns, problem, fix',
      empty,
    )}) AS files ORDER BY entity, export_date, file`,
  );
}

async function buildGateLog(
  engine: Engine,
  run: RunIdentity,
  gates: readonly GateResult[],
): Promise<void> {
  const rows = gates.map(
    (g) =>
      `(${sqlString(g.gate)}, ${sqlString(g.severity)}, CAST(${g.violations} AS BIGINT), ` +
      `${g.passed}, ${sqlString(g.detail)})`,
  );
  await engine.materialize(
    buildTable('pipeline_gate_log'),
    `SELECT *, ${runColumns(run)} FROM (${valuesTable(
      rows,
      'gate, severity, violations, passed, detail',
      "('', '', CAST(0 AS BIGINT), true, '')",
    )}) AS gates ORDER BY gate`,
  );
}

/** Builds the three run-log tables into the build schema. */
async function buildRunLogTables(
  engine: Engine,
  run: RunIdentity,
  outcomes: readonly FileOutcome[],
  gates: readonly GateResult[],
): Promise<void> {
  await buildRejectsTable(engine, run);
  await buildFileLog(engine, run, outcomes);
  await buildGateLog(engine, run, gates);
}

export { buildRunLogTables, RUN_LOG_TABLES };
export type { RunIdentity };
