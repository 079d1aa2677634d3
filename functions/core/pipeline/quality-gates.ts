/**
 * Quality gates that must pass before anything is published: every model's
 * declared key is unique and not null, every audit query returns no rows,
 * and every landed file accounts for all of its rows.
 */
import type { Engine } from '../engine/engine.js';
import { sqlIdentifier, sqlString } from '../landing/sql-text.js';
import { acceptedView, REJECTS } from '../landing/land-exports.js';
import type { FileOutcome } from '../landing/land-exports.js';
import type { Model } from '../models/model-graph.js';
import type { SqlVars } from '../sql/sql-vars.js';
import { buildTable, renderModel } from './build-models.js';

interface GateResult {
  readonly gate: string;
  readonly violations: number;
  readonly passed: boolean;
  readonly detail: string;
}

function result(gate: string, violations: number, detail: string): GateResult {
  return { gate, violations, passed: violations === 0, detail };
}

async function count(engine: Engine, sql: string): Promise<number> {
  const [row] = await engine.query(`SELECT count(*) AS n FROM (\n${sql}\n) AS v`);
  return Number(row?.n ?? 0);
}

/** Rows whose key is NULL or shared with another row. */
function keyViolationsSql(model: Model): string {
  const keys = model.header.key.map(sqlIdentifier);
  const table = buildTable(model.name);
  return `SELECT ${keys.join(', ')} FROM ${table}
    WHERE ${keys.map((k) => `${k} IS NULL`).join(' OR ')}
    UNION ALL
    SELECT ${keys.join(', ')} FROM ${table}
    GROUP BY ${keys.join(', ')} HAVING count(*) > 1`;
}

async function keyGates(engine: Engine, models: readonly Model[]): Promise<GateResult[]> {
  const results: GateResult[] = [];
  for (const model of models.filter((m) => m.layer !== 'audits')) {
    const violations = await count(engine, keyViolationsSql(model));
    results.push(
      result(
        `unique_key:${model.name}`,
        violations,
        `key (${model.header.key.join(', ')}) unique and not null`,
      ),
    );
  }
  return results;
}

async function auditGates(
  engine: Engine,
  models: readonly Model[],
  vars: SqlVars,
): Promise<GateResult[]> {
  const results: GateResult[] = [];
  for (const audit of models.filter((m) => m.layer === 'audits')) {
    const violations = await count(engine, renderModel(engine, audit, vars));
    results.push(result(`audit:${audit.name}`, violations, audit.header.purpose));
  }
  return results;
}

/** Per file: rows read = rows accepted + rows rejected, from the tables. */
async function accountingGate(
  engine: Engine,
  outcomes: readonly FileOutcome[],
): Promise<GateResult> {
  let violations = 0;
  const broken: string[] = [];
  for (const outcome of outcomes.filter((o) => o.status === 'ok')) {
    const file = sqlString(outcome.file);
    const [row] = await engine.query(
      `SELECT
        (SELECT count(*) FROM ${acceptedView(outcome.entity)} WHERE _file = ${file}) AS accepted,
        (SELECT count(DISTINCT line) FROM ${REJECTS} WHERE file = ${file}) AS rejected`,
    );
    const accepted = Number(row?.accepted ?? 0);
    const rejected = Number(row?.rejected ?? 0);
    if (accepted + rejected !== outcome.rowsRead || accepted !== outcome.rowsAccepted) {
      violations += 1;
      broken.push(`${outcome.file}: read ${outcome.rowsRead}, accepted ${accepted}, rejected ${rejected}`);
    }
  }
  return result(
    'row_accounting',
    violations,
    violations === 0 ? 'rows read = accepted + rejected for every file' : broken.join('; '),
  );
}

/** Runs every gate; the caller publishes only if all passed. */
async function runQualityGates(
  engine: Engine,
  models: readonly Model[],
  outcomes: readonly FileOutcome[],
  vars: SqlVars,
): Promise<GateResult[]> {
  return [
    await accountingGate(engine, outcomes),
    ...(await keyGates(engine, models)),
    ...(await auditGates(engine, models, vars)),
  ];
}

export { runQualityGates };
export type { GateResult };
