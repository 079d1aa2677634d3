/**
 * Builds the night plan on DuckDB: every target of `planLevels` but the
 * landed tables (the landing step wrote those), level by level, into the
 * run's build database, each from the SELECT the plan renders in DuckDB's
 * dialect. Nothing is published here.
 */
import type { Engine } from '../../engine/engine.js';
import { resetScratchDatabase } from '../../engine/scratch-database.js';
import { ModelFailedError } from '../../errors.js';
import { describedTables, planLevels, renderTargetSelect, targetGraph } from '../../plan/targets.js';
import type { NightRun } from '../../plan/targets.js';
import { qualifiedColumns } from './published-tables.js';

const BUILD = 'build';

/** Where a target's table lives during a run. */
const buildTable = (name: string): string => `${BUILD}.${name}`;

interface BuiltModel {
  readonly name: string;
  readonly rows: number;
  readonly seconds: number;
}

/** Called after each model of sql/ is built (the other targets build silently). */
type OnModel = (built: BuiltModel, index: number, total: number) => void;

/** Builds every target DuckDB renders from the plan; returns what each model cost. */
async function buildPlan(engine: Engine, run: NightRun, onModel?: OnModel): Promise<BuiltModel[]> {
  await resetScratchDatabase(engine, BUILD);
  const kinds = new Map(targetGraph(run.models).map(({ target }) => [target.name, target]));
  const names = planLevels(run.models)
    .flatMap((level) => level.models)
    .filter((name) => kinds.get(name)?.kind !== 'landing');
  const modelCount = names.filter((name) => kinds.get(name)?.kind === 'model').length;
  const built: BuiltModel[] = [];
  for (const name of names) {
    const target = kinds.get(name);
    const started = performance.now();
    const columns = new Map(
      await Promise.all(
        describedTables(run, name).map(async (table) => [table, await qualifiedColumns(engine, table)] as const),
      ),
    );
    try {
      await engine.materialize(run.tables.tonight(name), renderTargetSelect(run, name, columns));
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const where = target?.kind === 'model' ? target.model.file : 'the night plan';
      throw new ModelFailedError(name, `${message} (${where})`, { cause });
    }
    if (target?.kind !== 'model') continue;
    const [count] = await engine.query(`SELECT count(*) AS n FROM ${run.tables.tonight(name)}`);
    const result = { name, rows: Number(count?.n ?? 0), seconds: (performance.now() - started) / 1000 };
    built.push(result);
    onModel?.(result, built.length - 1, modelCount);
  }
  return built;
}

export { BUILD, buildPlan, buildTable };
export type { BuiltModel };
