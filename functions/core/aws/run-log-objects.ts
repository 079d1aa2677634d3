/**
 * The two run-log tables a Lambda writes itself, as JSON Lines objects in
 * the run's folder, because their rows exist only in the Lambda (the gate
 * verdicts it read, the query statistics the state machine passed it):
 * `pipeline_gate_log` (same columns as on DuckDB) and `pipeline_model_log`
 * (bytes scanned per model). publish-night publishes them like the others.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Column, StorageDescriptor } from '@aws-sdk/client-glue';
import type { GateResult } from '../plan/gate-result.js';
import { runLocation, runPrefix } from './run-layout.js';
import type { AthenaCatalog } from './run-layout.js';
import { putText } from './s3-objects.js';

/** What one model's query cost, as the state machine reports it. */
interface ModelQuery {
  readonly model: string;
  readonly queryExecutionId: string;
  readonly dataScannedInBytes: number;
  readonly engineExecutionTimeInMillis: number;
}

interface LogTable {
  readonly name: 'pipeline_gate_log' | 'pipeline_model_log';
  readonly description: string;
  readonly columns: readonly Column[];
}

const runColumns: Column[] = [
  { Name: 'as_of', Type: 'date', Comment: 'export date of the night' },
  { Name: 'run_id', Type: 'string', Comment: 'id of the run' },
];

const GATE_LOG: LogTable = {
  name: 'pipeline_gate_log',
  description: 'Every quality gate of the night and its result; an error gate with violations stops publishing.',
  columns: [
    { Name: 'gate', Type: 'string', Comment: 'gate name: kind:subject' },
    { Name: 'severity', Type: 'string', Comment: 'error blocks publishing, warning does not' },
    { Name: 'violations', Type: 'bigint', Comment: 'rows breaking the gate' },
    { Name: 'passed', Type: 'boolean', Comment: 'true when the gate let the night through' },
    { Name: 'detail', Type: 'string', Comment: 'what the gate checks' },
    ...runColumns,
  ],
};

const MODEL_LOG: LogTable = {
  name: 'pipeline_model_log',
  description: 'Every Athena query of the night (landing, models, run logs): bytes scanned and engine time.',
  columns: [
    { Name: 'model', Type: 'string', Comment: 'target built by the query' },
    { Name: 'query_execution_id', Type: 'string', Comment: 'Athena query id' },
    { Name: 'data_scanned_bytes', Type: 'bigint', Comment: 'bytes Athena scanned (what it bills)' },
    { Name: 'engine_execution_ms', Type: 'bigint', Comment: 'engine time, milliseconds' },
    ...runColumns,
  ],
};

/** The Lambda-written run-log tables. */
const LOG_TABLES: readonly LogTable[] = [GATE_LOG, MODEL_LOG];

/** Where a Lambda-written table's data sits (JSON Lines), and how Athena reads it. */
function logStorage(
  catalog: AthenaCatalog,
  runId: string,
  table: { readonly name: string; readonly columns: readonly Column[] },
): StorageDescriptor {
  return {
    Columns: table.columns.map((c) => ({ ...c })),
    Location: runLocation(catalog, runId, table.name),
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: {} },
  };
}

/** Rows as JSON Lines, one object per line, as the JsonSerDe reads them. */
const jsonLines = (rows: readonly object[]): string => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

/** Writes both logs of a run to `runs/<runId>/<table>/part-0.json`. */
async function writeRunLogs(
  s3: S3Client,
  catalog: AthenaCatalog,
  run: { runId: string; asOf: string },
  gates: readonly GateResult[],
  models: readonly ModelQuery[],
): Promise<void> {
  const ids = { as_of: run.asOf, run_id: run.runId };
  const body = {
    pipeline_gate_log: jsonLines(
      gates.map((g) => ({
        gate: g.gate,
        severity: g.severity,
        violations: g.violations,
        passed: g.passed,
        detail: g.detail,
        ...ids,
      })),
    ),
    pipeline_model_log: jsonLines(
      models.map((m) => ({
        model: m.model,
        query_execution_id: m.queryExecutionId,
        data_scanned_bytes: m.dataScannedInBytes,
        engine_execution_ms: m.engineExecutionTimeInMillis,
        ...ids,
      })),
    ),
  };
  for (const table of LOG_TABLES) {
    await putText(
      s3,
      catalog.curatedBucket,
      `${runPrefix(run.runId)}${table.name}/part-0.json`,
      body[table.name],
      'application/x-ndjson',
    );
  }
}

export { jsonLines, LOG_TABLES, logStorage, runColumns, writeRunLogs };
export type { LogTable, ModelQuery };
