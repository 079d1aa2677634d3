/**
 * The check-gates step: reads the gate query's rows, judges them with the night's policy (thresholds and
 * force, from its manifest), writes the gate and model logs of the run and
 * stores the verdict publish-night requires.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { judgeGates } from '../plan/gate-rules.js';
import type { FileGateInput } from '../plan/input-gates.js';
import type { JudgedGate, GatePolicy } from '../plan/gate-rules.js';
import { parseGateRows } from '../plan/gates.js';
import type { Row } from '../engine/engine.js';
import { writeVerdict } from './gate-verdict.js';
import type { GateFailure } from './gate-verdict.js';
import type { AthenaCatalog } from './run-layout.js';
import { writeRunLogs } from './run-log-objects.js';
import type { ModelQuery } from './run-log-objects.js';

interface GateCheckDeps {
  /** The rows of the finished gate query (Athena: GetQueryResults pages; Trino: its result). */
  readonly gateRows: (queryExecutionId: string) => Promise<Row[]>;
  readonly s3: S3Client;
  readonly catalog: AthenaCatalog;
}

interface GateCheckInput {
  readonly runId: string;
  readonly asOf: string;
  readonly gateQueryExecutionId: string;
  readonly builds: readonly ModelQuery[];
  readonly policy: GatePolicy;
  /** The manifest's files, for the readable and unsupported file gates. */
  readonly files: readonly FileGateInput[];
  readonly now: Date;
}

interface GateCheck {
  readonly passed: boolean;
  readonly failures: GateFailure[];
  readonly gates: JudgedGate[];
}

/** Reads, decides and records the gates of a run. */
async function checkGates(deps: GateCheckDeps, input: GateCheckInput): Promise<GateCheck> {
  const rows = parseGateRows(await deps.gateRows(input.gateQueryExecutionId));
  const gates = judgeGates(rows, input.policy, input.files);
  const failures: GateFailure[] = gates
    .filter((g) => !g.passed)
    .map((g) => ({ gate: g.gate, violations: g.violations, detail: g.detail }));
  // A gate query that returned nothing checked nothing: never a pass.
  if (rows.length === 0) {
    failures.push({ gate: 'gate_query', violations: 1, detail: `query ${input.gateQueryExecutionId} returned no gate rows` });
  }
  const run = { runId: input.runId, asOf: input.asOf };
  await writeRunLogs(deps.s3, deps.catalog, run, gates, input.builds);
  const passed = failures.length === 0;
  await writeVerdict(deps.s3, deps.catalog.curatedBucket, {
    ...run,
    passed,
    failures,
    checkedAt: input.now.toISOString(),
  });
  return { passed, failures, gates };
}

export { checkGates };
export type { GateCheck, GateCheckDeps, GateCheckInput };
