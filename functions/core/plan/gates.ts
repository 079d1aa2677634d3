/**
 * The quality gates of a night, on every engine: each gate is a branch of
 * a UNION ALL returning one row of measures (gate, violations, detail,
 * rows_accepted, rows_rejected, rows_missing). The branches are built as a
 * few targets of the plan (gate_measures_<n>), and the one gate query
 * reads their rows, so a night's gates cost one result read. The gates:
 * every landed row accounted for, every model's key unique and not null,
 * every audit returns no rows, the referential checks, and the previous
 * published night's accepted rows per entity for the row-count gate. The
 * query measures; plan/gate-rules.ts judges, and derives the reject-share
 * gates from the row accounting.
 */
import { z } from 'zod';
import { entities } from '../contract/entities.js';
import { sqlIdentifier, sqlString } from '../sql/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { referenceGateName, referencesOf, referenceSql } from './referential-gates.js';
import type { Reference } from './referential-gates.js';
import { GATES_TARGET } from '../aws/run-layout.js';
import { assertQuerySize } from './ctas.js';
import { inputsKey, inputsKeySql, RUN_HISTORY } from './run-history.js';
import type { NightRun } from './targets.js';
import { landedName, renderModelSelect } from './targets.js';
import type { Row } from '../engine/engine.js';


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

function keyGate(run: NightRun, model: Model): string {
  const keys = model.header.key.map(sqlIdentifier);
  const table = run.tables.tonight(model.name);
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

/**
 * Every landed row is accepted or rejected with a reason, and every file the
 * manifest gives rows to read produced at least one row: a file the raw
 * table does not show (a partition outside the projection's range, a path
 * Glue does not map) would otherwise vanish without a trace.
 */
function accountingGate(run: NightRun, entity: string): string {
  const landed = run.tables.tonight(landedName(entity));
  const files = run.manifest.files.filter((f) => f.entity === entity && f.status === 'ok').map((f) => f.key);
  const unseen =
    files.length === 0
      ? ''
      : ` + (SELECT count(*) FROM (VALUES ${files.map((f) => `(CAST(${sqlString(f)} AS VARCHAR))`).join(', ')}) ` +
        `AS listed(file) WHERE file NOT IN (SELECT CAST(_file AS VARCHAR) FROM ${landed} WHERE _file IS NOT NULL))`;
  return gateBranch(
    `${ROW_ACCOUNTING}${entity}`,
    `count(*) FILTER (WHERE (_reject_reason IS NULL) <> (_reject_column IS NULL))${unseen}`,
    'every landed row is accepted, or rejected with a column and a reason, and every listed file produced rows',
    landed,
    {
      rows_accepted: 'count(*) FILTER (WHERE _reject_reason IS NULL)',
      rows_rejected: 'count(*) FILTER (WHERE _reject_reason IS NOT NULL)',
    },
  );
}

/** Rows and distinct values referring to nothing (referential-gates.ts). */
function referenceGate(run: NightRun, ref: Reference): string {
  const table = run.tables.tonight;
  return gateBranch(
    referenceGateName(ref),
    'values_missing',
    `every ${ref.column} is in ${ref.target}`,
    `(\n${referenceSql(ref, table)}\n) AS r`,
    { rows_missing: 'rows_missing' },
  );
}

/**
 * The accepted rows of an entity on the latest published night before this
 * one (other inputs, export date not later), from the baseline's run
 * history; NULL when there is none (then no drop is judged). No gate
 * before the first published night.
 */
function baselineGate(run: NightRun, entity: string): string | null {
  const { baseline } = run.tables;
  if (baseline === null) return null;
  const { runId, asOf } = run.manifest;
  const history = baseline(RUN_HISTORY);
  const previous =
    `(SELECT max(run_number) FROM ${history} WHERE ${inputsKeySql('run_id')} <> ${sqlString(inputsKey(runId))} ` +
    `AND as_of <= DATE ${sqlString(asOf)})`;
  return gateBranch(
    `${ROW_COUNT_DROP}${entity}`,
    'CAST(0 AS BIGINT)',
    'accepted rows of the previous published night',
    `${history} WHERE entity = ${sqlString(entity)} AND run_number = ${previous}`,
    { rows_accepted: 'sum(rows_accepted)' },
  );
}

/** One gate of the night: its branch, or null when tonight has nothing to measure (no baseline yet). */
type GateSpec = (run: NightRun) => string | null;

/** Every gate of the night, in a stable order that depends on the models only. */
function gateSpecs(models: readonly Model[]): GateSpec[] {
  return [
    ...entities.map((e): GateSpec => (run) => accountingGate(run, e.name)),
    ...entities.map((e): GateSpec => (run) => baselineGate(run, e.name)),
    ...models.filter((m) => m.layer !== 'audits').map((m): GateSpec => (run) => keyGate(run, m)),
    ...models
      .filter((m) => m.layer === 'audits')
      .map(
        (audit): GateSpec =>
          (run) =>
            gateBranch(`audit:${audit.name}`, 'count(*)', audit.header.purpose, `(\n${renderModelSelect(run, audit)}\n) AS v`),
      ),
    ...referencesOf(models).map((ref): GateSpec => (run) => referenceGate(run, ref)),
  ];
}

/**
 * Gates measured per gate target. A gate is a few query stages; Athena and
 * Trino refuse a query of more than 150 (QUERY_HAS_TOO_MANY_STAGES, seen on
 * Trino with all 75 gates in one query), so the gates are measured in
 * CTAS targets of this many and the gate query only reads their rows.
 */
const GATES_PER_TARGET = 12;

const GATE_TARGET_PREFIX = 'gate_measures_';

/** The gate targets of a night: `gate_measures_1`, `_2`, ... */
function gateTargetNames(models: readonly Model[]): string[] {
  const n = Math.ceil(gateSpecs(models).length / GATES_PER_TARGET);
  return Array.from({ length: n }, (_, i) => `${GATE_TARGET_PREFIX}${i + 1}`);
}

/** No gate: a typed empty row set, so a target always has its columns. */
const noGates = gateBranch('', 'CAST(0 AS BIGINT)', '', '(SELECT 1 AS x) AS none WHERE false');

/** The SELECT of one gate target: its gates' measures. */
function renderGateTarget(run: NightRun, name: string): string {
  const index = Number(name.slice(GATE_TARGET_PREFIX.length)) - 1;
  const branches = gateSpecs(run.models)
    .slice(index * GATES_PER_TARGET, (index + 1) * GATES_PER_TARGET)
    .map((spec) => spec(run))
    .filter((b): b is string => b !== null);
  return branches.length > 0 ? branches.join('\nUNION ALL\n') : noGates;
}

/** The night's one gate query: one row per gate, read from the gate targets. */
function renderGateQuery(run: NightRun): string {
  const reads = gateTargetNames(run.models).map(
    (name) => `SELECT gate, violations, detail, ${MEASURES.join(', ')} FROM ${run.tables.tonight(name)}`,
  );
  return assertQuerySize(
    `SELECT gate, violations, detail, ${MEASURES.join(', ')} FROM (\n${reads.join('\nUNION ALL\n')}\n) AS gates ORDER BY gate`,
    GATES_TARGET,
  );
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

export {
  gateTargetNames,
  parseGateRows,
  renderGateQuery,
  renderGateTarget,
  ROW_ACCOUNTING,
  ROW_COUNT_DROP,
};
export type { GateRow };
