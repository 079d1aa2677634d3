/**
 * What an Athena night builds, as one dependency graph: a landed table per
 * contract entity (validation as SQL over the raw tables), the run-log
 * tables, every model of sql/, the restatements against the published
 * run, and the gate measures (plan/gates.ts). The state machine builds it level by level, each target one CTAS
 * into a run-scoped table and location that this module renders;
 * identifiers come only from this graph.
 */
import { entities } from '../contract/entities.js';
import type { EntitySpec } from '../contract/entities.js';
import { ModelGraphError } from '../errors.js';
import { piiKeyTableName } from '../aws/pii-key-layout.js';
import { runLocation, runTable } from '../aws/run-layout.js';
import type { AthenaCatalog } from '../aws/run-layout.js';
import type { RunManifest } from '../aws/run-manifest.js';
import { entityRawRows } from './landing-sql.js';
import { fileLogSelect, rejectsSelect } from './run-logs.js';
import { athenaLandedSelect } from './validation-sql.js';
import { sqlIdentifier, sqlString } from '../landing/sql-text.js';
import { storedColumns } from '../landing/validation-sql.js';
import type { Model } from '../models/model-graph.js';
import { RESTATED_TABLES, RESTATEMENTS } from '../pipeline/restatement-sql.js';
import { renderTemplate } from '../sql/macros.js';
import { buildSqlVars } from '../sql/sql-vars.js';
import { ctasStatement } from './ctas.js';
import { gateTargetNames, renderGateTarget } from './gates.js';
import { athenaRestatementsSelect, restatementInputs } from './restatements.js';
import type { StageColumns } from './restatements.js';

/** Everything rendering needs; all of it validated before it gets here. */
interface AthenaRun {
  readonly catalog: AthenaCatalog;
  readonly manifest: RunManifest;
  /** Every model of sql/, from loadModels. */
  readonly models: readonly Model[];
}

type AthenaTarget =
  | { readonly kind: 'landing'; readonly name: string; readonly entity: EntitySpec }
  | { readonly kind: 'run-log'; readonly name: 'pipeline_rejects' | 'pipeline_file_log' }
  | { readonly kind: 'model'; readonly name: string; readonly model: Model }
  | { readonly kind: 'restatements'; readonly name: string }
  | { readonly kind: 'gates'; readonly name: string };

/** The landed table target of an entity. */
const landedName = (entity: string): string => `landed_${entity}`;

/** Every target with the targets it reads (audits are gates, not targets). */
function targetGraph(models: readonly Model[]): { target: AthenaTarget; deps: string[] }[] {
  const landing = entities.map((entity) => ({
    target: { kind: 'landing' as const, name: landedName(entity.name), entity },
    deps: [],
  }));
  const landedNames = landing.map((l) => l.target.name);
  const runLogs = (['pipeline_rejects', 'pipeline_file_log'] as const).map((name) => ({
    target: { kind: 'run-log' as const, name },
    deps: landedNames,
  }));
  const built = models
    .filter((m) => m.layer !== 'audits')
    .map((model) => ({
      target: { kind: 'model' as const, name: model.name, model },
      deps: [...model.refs, ...model.sources.map(landedName)],
    }));
  const restatements = {
    target: { kind: 'restatements' as const, name: RESTATEMENTS },
    deps: RESTATED_TABLES.filter((table) => models.some((m) => m.name === table)),
  };
  // Gates measure the landed tables and every model (plan/gates.ts).
  const gates = gateTargetNames(models).map((name) => ({
    target: { kind: 'gates' as const, name },
    deps: [...landedNames, ...built.map((b) => b.target.name)],
  }));
  const all = [...landing, ...runLogs, ...built, restatements, ...gates];
  const names = new Set<string>();
  for (const { target } of all) {
    if (names.has(target.name)) throw new ModelGraphError(`two Athena targets are named ${target.name}`);
    names.add(target.name);
  }
  return all;
}

/**
 * Target names grouped by dependency level: a target's level is one more
 * than the highest level it reads, so a level's targets can run in parallel.
 */
function planLevels(models: readonly Model[]): { models: string[] }[] {
  const graph = targetGraph(models);
  const deps = new Map(graph.map((g) => [g.target.name, g.deps]));
  const level = new Map<string, number>();
  const visit = (name: string, path: readonly string[]): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (path.includes(name)) throw new ModelGraphError(`dependency cycle: ${[...path, name].join(' -> ')}`);
    const mine = deps.get(name);
    if (!mine) throw new ModelGraphError(`${path.at(-1) ?? '?'} reads ${name}, which is no target`);
    const value = mine.reduce((max, d) => Math.max(max, visit(d, [...path, name]) + 1), 0);
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  for (const { target } of graph) {
    const l = visit(target.name, []);
    (levels[l] ??= []).push(target.name);
  }
  return levels.map((names) => ({ models: names.sort() }));
}

function findTarget(models: readonly Model[], name: string): AthenaTarget {
  const found = targetGraph(models).find((g) => g.target.name === name);
  if (!found) throw new ModelGraphError(`no Athena target named ${name}`);
  return found.target;
}

/** The accepted rows of a landed table: what `source('<entity>')` reads. */
function acceptedRows(run: AthenaRun, entity: string): string {
  const spec = entities.find((e) => e.name === entity);
  if (!spec) throw new ModelGraphError(`source('${entity}') is not a contract entity`);
  const columns = storedColumns(spec).map((c) => sqlIdentifier(c.name));
  return (
    `(SELECT ${[...columns, '_export_date', '_file', '_line'].join(', ')} ` +
    `FROM ${runTable(run.catalog, landedName(entity), run.manifest.runId)} WHERE _reject_reason IS NULL)`
  );
}

/** A model's SELECT on Athena: macros expanded, refs bound to this run. */
function renderAthenaModel(run: AthenaRun, model: Model): string {
  const { runId, asOf, config } = run.manifest;
  const sql = renderTemplate(model.sql, {
    dialect: 'athena',
    resolveRef: (name) => runTable(run.catalog, name, runId),
    resolveSource: (entity) => acceptedRows(run, entity),
    vars: buildSqlVars(config, asOf),
    file: model.file,
  });
  if (model.layer !== 'kpi') return sql;
  return (
    `SELECT model.*, DATE ${sqlString(asOf)} AS as_of, ` +
    `CAST(${sqlString(runId)} AS VARCHAR) AS run_id FROM (\n${sql}\n) AS model`
  );
}

function targetSelect(run: AthenaRun, target: AthenaTarget, columns: StageColumns): string {
  const landed = (entity: string): string => runTable(run.catalog, landedName(entity), run.manifest.runId);
  switch (target.kind) {
    case 'landing':
      return athenaLandedSelect(
        target.entity,
        entityRawRows(target.entity, run.manifest.files, {
          rawDatabase: run.catalog.rawDatabase,
          rawBucket: run.manifest.rawBucket,
        }),
        run.manifest.config,
        piiKeyTableName(run.catalog),
      );
    case 'run-log':
      return target.name === 'pipeline_rejects'
        ? rejectsSelect(run.manifest, landed)
        : fileLogSelect(run.manifest, landed);
    case 'model':
      return renderAthenaModel(run, target.model);
    case 'restatements':
      return athenaRestatementsSelect(run, columns);
    case 'gates':
      return renderGateTarget(run, target.name);
  }
}

/**
 * The crm_stage tables whose Glue columns rendering a target needs
 * (render-model reads them first); only the restatements need any.
 */
function describedTables(run: AthenaRun, name: string): string[] {
  return findTarget(run.models, name).kind === 'restatements' ? restatementInputs(run) : [];
}

/**
 * The one statement that builds a target for a run: a CTAS into the run's
 * table and S3 folder (the query the state machine hands to Athena).
 * `columns` holds the columns of the tables `describedTables` names.
 */
function renderTargetQuery(run: AthenaRun, name: string, columns: StageColumns = new Map()): string {
  const target = findTarget(run.models, name);
  const { runId } = run.manifest;
  return ctasStatement(
    runTable(run.catalog, target.name, runId),
    runLocation(run.catalog, runId, target.name),
    targetSelect(run, target, columns),
  );
}

export { describedTables, landedName, planLevels, renderAthenaModel, renderTargetQuery, targetGraph };
export type { AthenaRun, AthenaTarget };
