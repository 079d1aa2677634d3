/**
 * The run logs DuckDB publishes with every night that gets as far as its
 * gates, pass or fail: every reject and every file's row accounting (plan
 * targets, plan/run-logs.ts) and every gate's verdict. The gate log is
 * built here from the judged gates, as the check-gates Lambda writes it on
 * AWS (aws/run-log-objects.ts): its rows exist only once the gate query's
 * measures are judged.
 */
import type { Engine } from '../../engine/engine.js';
import { sqlString } from '../../sql/sql-text.js';
import { buildTable } from './build-plan.js';
import type { GateResult } from '../../plan/gate-result.js';
import type { RunIdentity } from '../../plan/targets.js';

/** Published by every night that gets as far as its gates, pass or fail. */
const RUN_LOG_TABLES = ['pipeline_rejects', 'pipeline_file_log', 'pipeline_gate_log'] as const;

/** Builds `pipeline_gate_log` into the build schema. */
async function buildGateLog(engine: Engine, run: RunIdentity, gates: readonly GateResult[]): Promise<void> {
  const rows = gates.map(
    (g) =>
      `(${sqlString(g.gate)}, ${sqlString(g.severity)}, CAST(${g.violations} AS BIGINT), ` +
      `${g.passed}, ${sqlString(g.detail)})`,
  );
  const values =
    rows.length > 0
      ? `SELECT * FROM (VALUES ${rows.join(',\n')}) AS t(gate, severity, violations, passed, detail)`
      : "SELECT * FROM (VALUES ('', '', CAST(0 AS BIGINT), true, '')) AS t(gate, severity, violations, passed, detail) WHERE false";
  await engine.materialize(
    buildTable('pipeline_gate_log'),
    `SELECT *, DATE ${sqlString(run.asOf)} AS as_of, ${sqlString(run.runId)} AS run_id FROM (${values}) AS gates ORDER BY gate`,
  );
}

export { buildGateLog, RUN_LOG_TABLES };
