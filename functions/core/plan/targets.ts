/**
 * The one night plan: what a night builds on every engine, as one
 * dependency graph. A landed table per contract entity, the run logs
 * (rejects, file log, run history), every model of sql/, the restatements
 * against the published night, and the gate measures (plan/gates.ts).
 * Every engine walks `planLevels` level by level: DuckDB in process
 * (duckdb/night/run-nightly.ts), Trino over REST (trino/trino-night.ts), Step
 * Functions on Athena. Only the landed tables are built per engine (the
 * engine's own reader of the export files: DuckDB's CSV reader, Athena's
 * raw tables); every other target's SELECT is rendered here, in the
 * engine's dialect, over the tables `RunTables` names.
 */
import { entities } from '../contract/entities.js';
import type { EntitySpec } from '../contract/entities.js';
import { ModelGraphError } from '../errors.js';
import { piiKeyTableName } from '../aws/pii-key-layout.js';
import { runLocation, runTable } from '../aws/run-layout.js';
import type { AthenaCatalog } from '../aws/run-layout.js';
import type { ManifestFile, RunManifest } from '../aws/run-manifest.js';
import { entityRawRows } from './landing-sql.js';
import { fileLogSelect, rejectsSelect } from './run-logs.js';
import { athenaLandedSelect } from './validation-sql.js';
import { sqlIdentifier, sqlString } from '../sql/sql-text.js';
import { storedColumns } from './contract-checks.js';
import { dependencyLevels } from '../models/model-graph.js';
import type { Model } from '../models/model-graph.js';
import { RESTATED_TABLES, RESTATEMENTS } from './restatement-sql.js';
import { renderTemplate } from '../sql/macros.js';
import type { Dialect } from '../sql/macros.js';
import { buildSqlVars } from '../sql/sql-vars.js';
import { ctasStatement } from './ctas.js';
import { gateTargetNames, renderGateTarget } from './gates.js';
import { restatementInputs, restatementsTargetSelect } from './restatements.js';
import { RUN_HISTORY, runHistorySelect } from './run-history.js';
import type { StageColumns } from './restatements.js';

/** Where one engine keeps a night's targets. */
interface RunTables {
  /** Tonight's table of a target. */
  readonly tonight: (target: string) => string;
  /**
   * The baseline night's table of a target (the night published when this
   * one started, `manifest.baselineRunId`); null before the first.
   */
  readonly baseline: ((target: string) => string) | null;
}

/**
 * A file of the night as the plan reads it: an `ok` file has its rows in
 * its entity's landed table; any other status is a whole-file outcome
 * (empty, unreadable, unsupported, ...) with no rows, listed in the file log.
 */
type PlanFile = Pick<ManifestFile, 'entity' | 'key' | 'exportDate' | 'unknownColumns' | 'problem' | 'fix'> & {
  readonly status: string;
};

/** What rendering a night reads of its manifest (Athena's RunManifest has it all). */
type NightManifest = Pick<RunManifest, 'runId' | 'asOf' | 'config' | 'baselineRunId' | 'force'> & {
  readonly files: readonly PlanFile[];
};

/** Which night a row belongs to: stamped on every table a night publishes. */
type RunIdentity = Pick<NightManifest, 'runId' | 'asOf'>;

/** Everything rendering needs; all of it validated before it gets here. */
interface NightRun {
  readonly dialect: Dialect;
  readonly manifest: NightManifest;
  /** Every model of sql/, from loadModels. */
  readonly models: readonly Model[];
  readonly tables: RunTables;
}

/** A night on Athena or Trino: run-scoped tables in the stage database. */
interface AthenaRun extends NightRun {
  readonly catalog: AthenaCatalog;
  readonly manifest: RunManifest;
}

/** The Athena (and Trino) binding of a run: `crm_stage.<target>__<runId>`. */
function athenaRun(catalog: AthenaCatalog, manifest: RunManifest, models: readonly Model[]): AthenaRun {
  const { runId, baselineRunId } = manifest;
  return {
    dialect: 'athena',
    catalog,
    manifest,
    models,
    tables: {
      tonight: (target) => runTable(catalog, target, runId),
      baseline: baselineRunId === null ? null : (target) => runTable(catalog, target, baselineRunId),
    },
  };
}

type PlanTarget =
  | { readonly kind: 'landing'; readonly name: string; readonly entity: EntitySpec }
  | { readonly kind: 'run-log'; readonly name: 'pipeline_rejects' | 'pipeline_file_log' }
  | { readonly kind: 'history'; readonly name: typeof RUN_HISTORY }
  | { readonly kind: 'model'; readonly name: string; readonly model: Model }
  | { readonly kind: 'restatements'; readonly name: string }
  | { readonly kind: 'gates'; readonly name: string };

/** The landed table target of an entity. */
const landedName = (entity: string): string => `landed_${entity}`;

/** Every target with the targets it reads (audits are gates, not targets). */
function targetGraph(models: readonly Model[]): { target: PlanTarget; deps: string[] }[] {
  const landing = entities.map((entity) => ({
    target: { kind: 'landing' as const, name: landedName(entity.name), entity },
    deps: [],
  }));
  const landedNames = landing.map((l) => l.target.name);
  const runLogs = (['pipeline_rejects', 'pipeline_file_log'] as const).map((name) => ({
    target: { kind: 'run-log' as const, name },
    deps: landedNames,
  }));
  const history = { target: { kind: 'history' as const, name: RUN_HISTORY as typeof RUN_HISTORY }, deps: ['pipeline_file_log'] };
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
  const all = [...landing, ...runLogs, history, ...built, restatements, ...gates];
  const names = new Set<string>();
  for (const { target } of all) {
    if (names.has(target.name)) throw new ModelGraphError(`two targets of the night plan are named ${target.name}`);
    names.add(target.name);
  }
  return all;
}

/** Target names grouped by dependency level (models/model-graph.ts dependencyLevels). */
function planLevels(models: readonly Model[]): { models: string[] }[] {
  const graph = targetGraph(models).map(({ target, deps }) => ({ name: target.name, deps }));
  return dependencyLevels(graph).map((names) => ({ models: names }));
}

function findTarget(models: readonly Model[], name: string): PlanTarget {
  const found = targetGraph(models).find((g) => g.target.name === name);
  if (!found) throw new ModelGraphError(`no target of the night plan named ${name}`);
  return found.target;
}

/** The accepted rows of a landed table: what `source('<entity>')` reads. */
function acceptedRows(run: NightRun, entity: string): string {
  const spec = entities.find((e) => e.name === entity);
  if (!spec) throw new ModelGraphError(`source('${entity}') is not a contract entity`);
  const columns = storedColumns(spec).map((c) => sqlIdentifier(c.name));
  return (
    `(SELECT ${[...columns, '_export_date', '_file', '_line'].join(', ')} ` +
    `FROM ${run.tables.tonight(landedName(entity))} WHERE _reject_reason IS NULL)`
  );
}

/**
 * A model's SELECT in the run's dialect: macros expanded, refs bound to
 * this run; KPI tables get the run's `as_of` and `run_id` columns, so
 * every published row says which night produced it.
 */
function renderModelSelect(run: NightRun, model: Model): string {
  const { runId, asOf, config } = run.manifest;
  const sql = renderTemplate(model.sql, {
    dialect: run.dialect,
    resolveRef: run.tables.tonight,
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

/** The landed rows of an entity on Athena and Trino: validation as SQL over the raw tables. */
function athenaLandingSelect(run: AthenaRun, entity: EntitySpec): string {
  return athenaLandedSelect(
    entity,
    entityRawRows(entity, run.manifest.files, {
      rawDatabase: run.catalog.rawDatabase,
      rawBucket: run.manifest.rawBucket,
    }),
    run.manifest.config,
    piiKeyTableName(run.catalog),
  );
}

/**
 * The SELECT that builds a target on any engine; `columns` holds the
 * columns of the tables `describedTables` names. Landed tables are the
 * engine's own (see the header): asking for one here is a bug.
 */
function renderTargetSelect(run: NightRun, name: string, columns: StageColumns = new Map()): string {
  const target = findTarget(run.models, name);
  const landed = (entity: string): string => run.tables.tonight(landedName(entity));
  switch (target.kind) {
    case 'landing':
      throw new ModelGraphError(`${name} is built by the engine's landing step, not rendered by the plan`);
    case 'run-log':
      return target.name === 'pipeline_rejects'
        ? rejectsSelect(run.manifest, landed)
        : fileLogSelect(run.manifest, landed);
    case 'history':
      return runHistorySelect(run);
    case 'model':
      return renderModelSelect(run, target.model);
    case 'restatements':
      return restatementsTargetSelect(run, columns);
    case 'gates':
      return renderGateTarget(run, target.name);
  }
}

/**
 * The tables (qualified as `RunTables` names them) whose columns rendering
 * a target needs, read from the engine first; only the restatements need
 * any.
 */
function describedTables(run: NightRun, name: string): string[] {
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
    target.kind === 'landing' ? athenaLandingSelect(run, target.entity) : renderTargetSelect(run, name, columns),
  );
}

export {
  athenaRun,
  describedTables,
  landedName,
  planLevels,
  renderModelSelect,
  renderTargetQuery,
  renderTargetSelect,
  targetGraph,
};
export type { AthenaRun, NightManifest, NightRun, PlanFile, PlanTarget, RunIdentity, RunTables };
