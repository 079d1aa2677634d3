/**
 * Builds every model into the run's build schema, in dependency order. KPI
 * models get the run's `as_of` and `run_id` columns appended, so every
 * published row says which night produced it.
 */
import type { Engine } from '../engine/engine.js';
import { resetScratchDatabase } from '../engine/scratch-database.js';
import { ModelFailedError } from '../errors.js';
import { acceptedView } from '../landing/land-exports.js';
import { sqlString } from '../landing/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { renderTemplate } from '../sql/macros.js';
import type { SqlVars } from '../sql/sql-vars.js';

const BUILD = 'build';

/** Where a model's table lives during a run. */
const buildTable = (name: string): string => `${BUILD}.${name}`;

interface BuiltModel {
  readonly name: string;
  readonly rows: number;
  readonly seconds: number;
}

interface BuildOptions {
  readonly vars: SqlVars;
  readonly runId: string;
  readonly asOf: string;
  readonly onModel?: (built: BuiltModel, index: number, total: number) => void;
}

/** The SQL a model runs as on this engine (macros expanded, refs bound). */
function renderModel(engine: Engine, model: Model, vars: SqlVars): string {
  return renderTemplate(model.sql, {
    dialect: engine.dialect,
    resolveRef: buildTable,
    resolveSource: acceptedView,
    vars,
    file: model.file,
  });
}

function withRunColumns(sql: string, runId: string, asOf: string): string {
  return (
    `SELECT model.*, DATE ${sqlString(asOf)} AS as_of, ` +
    `${sqlString(runId)} AS run_id FROM (\n${sql}\n) AS model`
  );
}

/** Builds the table-producing models (audits are run by the gates). */
async function buildModels(
  engine: Engine,
  models: readonly Model[],
  options: BuildOptions,
): Promise<BuiltModel[]> {
  await resetScratchDatabase(engine, BUILD);
  const tables = models.filter((m) => m.layer !== 'audits');
  const built: BuiltModel[] = [];
  for (const [index, model] of tables.entries()) {
    const started = performance.now();
    try {
      const sql = renderModel(engine, model, options.vars);
      await engine.materialize(
        buildTable(model.name),
        model.layer === 'kpi' ? withRunColumns(sql, options.runId, options.asOf) : sql,
      );
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new ModelFailedError(model.name, `${message} (${model.file})`, { cause });
    }
    const [count] = await engine.query(
      `SELECT count(*) AS n FROM ${buildTable(model.name)}`,
    );
    const result = {
      name: model.name,
      rows: Number(count?.n ?? 0),
      seconds: (performance.now() - started) / 1000,
    };
    built.push(result);
    options.onModel?.(result, index, tables.length);
  }
  return built;
}

export { BUILD, buildModels, buildTable, renderModel };
export type { BuiltModel };
