/**
 * The quality gates of an Athena night as one SELECT the state machine
 * runs: each gate is a branch of a UNION ALL returning one
 * row (gate, violations, detail, rows_accepted, rows_rejected), so a whole
 * night's gates cost one query and one result read. The gates are those of
 * pipeline/quality-gates.ts: every model's key unique and not null, every
 * audit returns no rows, and every landed row accounted for.
 */
import { z } from 'zod';
import { entities } from '../contract/entities.js';
import { sqlIdentifier, sqlString } from '../landing/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { gateResult } from '../pipeline/gate-result.js';
import type { GateResult } from '../pipeline/gate-result.js';
import { runTable } from '../aws/run-layout.js';
import { assertQuerySize } from './athena-ctas.js';
import type { AthenaRun } from './athena-targets.js';
import { landedName, renderAthenaModel } from './athena-targets.js';
import type { Row } from './engine.js';

/** The target name render-model receives to render the gate query. */
const GATES_TARGET = 'quality_gates';

/** One gate's verdict; landing gates also carry the entity's row counts. */
interface AthenaGateResult extends GateResult {
  readonly rowsAccepted: number | null;
  readonly rowsRejected: number | null;
}

const noCounts = 'CAST(NULL AS BIGINT) AS rows_accepted, CAST(NULL AS BIGINT) AS rows_rejected';

function gateBranch(gate: string, violations: string, detail: string, from: string, counts = noCounts): string {
  return (
    `SELECT CAST(${sqlString(gate)} AS VARCHAR) AS gate, ${violations} AS violations, ` +
    `CAST(${sqlString(detail)} AS VARCHAR) AS detail, ${counts} FROM ${from}`
  );
}

function keyGate(run: AthenaRun, model: Model): string {
  const keys = model.header.key.map(sqlIdentifier);
  const table = runTable(run.catalog, model.name, run.manifest.runId);
  const violating =
    `(SELECT ${keys.join(', ')} FROM ${table} WHERE ${keys.map((k) => `${k} IS NULL`).join(' OR ')} ` +
    `UNION ALL SELECT ${keys.join(', ')} FROM ${table} GROUP BY ${keys.join(', ')} HAVING count(*) > 1) AS v`;
  return gateBranch(
    `unique_key:${model.name}`,
    'count(*)',
    `key (${model.header.key.join(', ')}) unique and not null`,
    violating,
  );
}

function accountingGate(run: AthenaRun, entity: string): string {
  return gateBranch(
    `row_accounting:${entity}`,
    'count_if((_reject_reason IS NULL) <> (_reject_column IS NULL))',
    'every landed row is accepted, or rejected with a column and a reason',
    runTable(run.catalog, landedName(entity), run.manifest.runId),
    'count_if(_reject_reason IS NULL) AS rows_accepted, count_if(_reject_reason IS NOT NULL) AS rows_rejected',
  );
}

/** Every gate branch of the night, in a stable order. */
function gateBranches(run: AthenaRun): string[] {
  return [
    ...entities.map((e) => accountingGate(run, e.name)),
    ...run.models.filter((m) => m.layer !== 'audits').map((m) => keyGate(run, m)),
    ...run.models
      .filter((m) => m.layer === 'audits')
      .map((audit) =>
        gateBranch(
          `audit:${audit.name}`,
          'count(*)',
          audit.header.purpose,
          `(\n${renderAthenaModel(run, audit)}\n) AS v`,
        ),
      ),
  ];
}

const wrap = (branches: readonly string[]): string =>
  `SELECT gate, violations, detail, rows_accepted, rows_rejected FROM (\n${branches.join(
    '\nUNION ALL\n',
  )}\n) AS gates ORDER BY gate`;

/** The night's one gate query: one row per gate. */
function renderGateQuery(run: AthenaRun): string {
  return assertQuerySize(wrap(gateBranches(run)), GATES_TARGET);
}

const count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);
const gateRowSchema = z.object({
  gate: z.string().min(1),
  violations: count,
  detail: z.string().nullable(),
  rows_accepted: count.nullable(),
  rows_rejected: count.nullable(),
});

/** Parses the rows of gate queries; throws on a row of another shape. */
function parseGateRows(rows: readonly Row[]): AthenaGateResult[] {
  return rows.map((row) => {
    const r = gateRowSchema.parse(row);
    return {
      ...gateResult(r.gate, r.violations, r.detail ?? ''),
      rowsAccepted: r.rows_accepted,
      rowsRejected: r.rows_rejected,
    };
  });
}

export { GATES_TARGET, parseGateRows, renderGateQuery };
export type { AthenaGateResult };
