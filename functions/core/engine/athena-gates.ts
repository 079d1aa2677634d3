/**
 * The quality gates of an Athena night as one SELECT the state machine
 * runs: each gate is a branch of a UNION ALL returning one row of measures
 * (gate, violations, detail, rows_accepted, rows_rejected, rows_missing),
 * so a whole night's gates cost one query and one result read. The gates
 * are those of pipeline/quality-gates.ts: every landed row accounted for,
 * every model's key unique and not null, every audit returns no rows, the
 * referential checks, and the previous published night's accepted rows per
 * entity for the row-count gate. The query measures; check-gates judges
 * with the DuckDB pipeline's own rules (athena-gate-rules.ts), which also
 * derive the reject-share gates from the row accounting.
 */
import { z } from 'zod';
import { entities } from '../contract/entities.js';
import { sqlIdentifier, sqlString } from '../landing/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { referenceGateName, referencesOf, referenceSql } from '../pipeline/referential-gates.js';
import { runTable } from '../aws/run-layout.js';
import { assertQuerySize } from './athena-ctas.js';
import type { AthenaRun } from './athena-targets.js';
import { landedName, renderAthenaModel } from './athena-targets.js';
import type { Row } from './engine.js';

/** The target name render-model receives to render the gate query. */
const GATES_TARGET = 'quality_gates';

/** The counts a gate row may carry besides its violations (BIGINT, NULL when not measured). */
const MEASURES = ['rows_accepted', 'rows_rejected', 'rows_missing'] as const;
type Measure = (typeof MEASURES)[number];

/** Kinds of gate rows the rules module reads by name prefix. */
const ROW_ACCOUNTING = 'row_accounting:';
const ROW_COUNT_DROP = 'row_count_drop:';

function gateBranch(
  gate: string,
  violations: string,
  detail: string,
  from: string,
  measures: Partial<Record<Measure, string>> = {},
): string {
  const counts = MEASURES.map((m) => `${measures[m] ?? 'CAST(NULL AS BIGINT)'} AS ${m}`).join(', ');
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
    `${ROW_ACCOUNTING}${entity}`,
    'count_if((_reject_reason IS NULL) <> (_reject_column IS NULL))',
    'every landed row is accepted, or rejected with a column and a reason',
    runTable(run.catalog, landedName(entity), run.manifest.runId),
    {
      rows_accepted: 'count_if(_reject_reason IS NULL)',
      rows_rejected: 'count_if(_reject_reason IS NOT NULL)',
    },
  );
}

/** Rows and distinct values referring to nothing (pipeline/referential-gates.ts). */
function referenceGates(run: AthenaRun): string[] {
  const table = (model: string): string => runTable(run.catalog, model, run.manifest.runId);
  return referencesOf(run.models).map((ref) =>
    gateBranch(
      referenceGateName(ref),
      'values_missing',
      `every ${ref.column} is in ${ref.target}`,
      `(\n${referenceSql(ref, table)}\n) AS r`,
      { rows_missing: 'rows_missing' },
    ),
  );
}

/**
 * The baseline's accepted rows per entity, from its file log, when it is
 * not a later night than this one; NULL otherwise (then no drop is judged).
 */
function baselineGates(run: AthenaRun): string[] {
  const { baselineRunId, asOf } = run.manifest;
  if (baselineRunId === null) return [];
  const fileLog = runTable(run.catalog, 'pipeline_file_log', baselineRunId);
  return entities.map((e) =>
    gateBranch(
      `${ROW_COUNT_DROP}${e.name}`,
      'CAST(0 AS BIGINT)',
      `accepted rows of the previous published night, run ${baselineRunId}`,
      `${fileLog} WHERE entity = ${sqlString(e.name)} AND as_of <= DATE ${sqlString(asOf)}`,
      { rows_accepted: 'sum(rows_accepted)' },
    ),
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
    ...referenceGates(run),
    ...baselineGates(run),
  ];
}

const wrap = (branches: readonly string[]): string =>
  `SELECT gate, violations, detail, ${MEASURES.join(', ')} FROM (\n${branches.join(
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
  rows_missing: count.nullable(),
});

/** One row of the gate query: what was measured, not yet judged. */
interface GateRow {
  readonly gate: string;
  readonly violations: number;
  readonly detail: string;
  readonly rowsAccepted: number | null;
  readonly rowsRejected: number | null;
  readonly rowsMissing: number | null;
}

/** Parses the rows of gate queries; throws on a row of another shape. */
function parseGateRows(rows: readonly Row[]): GateRow[] {
  return rows.map((row) => {
    const r = gateRowSchema.parse(row);
    return {
      gate: r.gate,
      violations: r.violations,
      detail: r.detail ?? '',
      rowsAccepted: r.rows_accepted,
      rowsRejected: r.rows_rejected,
      rowsMissing: r.rows_missing,
    };
  });
}

export { GATES_TARGET, parseGateRows, renderGateQuery, ROW_ACCOUNTING, ROW_COUNT_DROP };
export type { GateRow };
