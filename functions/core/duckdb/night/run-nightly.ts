/**
 * One night of the pipeline on DuckDB, in process: discover the exports,
 * land and validate them (DuckDB's landing step), build every other target
 * of the night plan (plan/targets.ts: run logs, history, models,
 * restatements, gate measures), judge the gates, and publish everything at
 * once; nothing if a model fails, and only the run log if a gate fails.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { PipelineConfig } from '../../config/pipeline-config.js';
import { entities } from '../../contract/entities.js';
import type { Engine } from '../../engine/engine.js';
import { SILENT_PROGRESS, timed } from '../../engine/progress.js';
import type { ProgressSink } from '../../engine/progress.js';
import { ConfigInvalidError, GateFailedError, PipelineError } from '../../errors.js';
import { discoverExports, isIsoDate, latestExportDate } from '../../exports/discover-exports.js';
import { landExports } from '../landing/land-exports.js';
import type { FileOutcome } from '../../exports/file-outcome.js';
import { loadModels, transitiveSources } from '../../models/model-graph.js';
import { DEMO_PII_KEY } from '../../pii/pii-hash.js';
import type { Model } from '../../models/model-graph.js';
import { judgeGates } from '../../plan/gate-rules.js';
import { parseGateRows, renderGateQuery } from '../../plan/gates.js';
import { RUN_HISTORY } from '../../plan/run-history.js';
import type { NightRun, PlanFile } from '../../plan/targets.js';
import { buildPlan, buildTable } from './build-plan.js';
import type { BuiltModel } from './build-plan.js';
import { duckDbRun } from './duckdb-run.js';
import { entityCounts } from '../../plan/entity-counts.js';
import type { EntityCounts } from '../../plan/entity-counts.js';
import type { GateResult } from '../../plan/gate-result.js';
import { buildKpiCatalog, KPI_CATALOG } from './publish-catalog.js';
import { RESTATEMENTS } from '../../plan/restatement-sql.js';
import { latestPublishedNight } from './published-night.js';
import { publishedTable } from './published-tables.js';
import { rejectReasons } from './reject-reasons.js';
import type { RejectReason } from './reject-reasons.js';
import { buildGateLog, RUN_LOG_TABLES } from './run-log-tables.js';

/** Where a run reports progress; the CLI prints it, tests ignore it. */
interface NightlyOptions {
  readonly exportsDir: string;
  readonly sqlDir: string;
  readonly config: PipelineConfig;
  /** @default the latest export date present */
  readonly exportDate?: string;
  /**
   * Key of the personal-data hash (`email` -> `email_hash`). null: none
   * configured, so a night whose exports have personal data fails with a
   * message saying how to set one. @default DEMO_PII_KEY, a published key
   * for the tests and the bundled demo; the CLI passes CRM_KPI_PII_KEY.
   */
  readonly piiKey?: string | null;
  /**
   * Publish even when an entity's row count dropped by more than
   * maxRowCountDrop (the drop is still logged as a warning). @default false
   */
  readonly force?: boolean;
  readonly progress?: ProgressSink;
}

/** A KPI table some of whose input entities had no rows this night. */
interface MissingInput {
  readonly table: string;
  readonly rows: number;
  readonly entities: readonly string[];
}

interface NightlySummary {
  readonly runId: string;
  readonly asOf: string;
  readonly files: readonly FileOutcome[];
  readonly entities: readonly EntityCounts[];
  readonly unknownFolders: readonly string[];
  readonly models: readonly BuiltModel[];
  readonly gates: readonly GateResult[];
  readonly published: readonly { name: string; rows: number }[];
  /** KPIs published without (some of) their input: empty or partly NULL. */
  readonly missingInputs: readonly MissingInput[];
  /** Why rows were rejected, per entity, most rows first. */
  readonly rejectReasons: readonly RejectReason[];
  readonly stageSeconds: Readonly<Record<string, number>>;
}


/**
 * Same inputs, same id: a rerun of a night publishes identical rows, and
 * the id changes when any input file or setting changes. Files count by
 * their content, so a corrected export of the same size is a new night
 * (about 2 s for the 1.5 GB of a 1M-customer night).
 */
async function deterministicRunId(
  asOf: string,
  files: readonly { relativePath: string; path: string; bytes: number }[],
  config: PipelineConfig,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(config));
  for (const f of files) {
    hash.update(`${f.relativePath}\u0000${f.bytes}\n`);
    for await (const chunk of createReadStream(f.path)) hash.update(chunk as Buffer);
  }
  return `${asOf}-${hash.digest('hex').slice(0, 10)}`;
}

function missingInputs(
  models: readonly Model[],
  counts: readonly EntityCounts[],
  published: readonly { name: string; rows: number }[],
): MissingInput[] {
  const empty = new Set(counts.filter((c) => c.rowsAccepted === 0).map((c) => c.entity));
  return models
    .filter((m) => m.layer === 'kpi')
    .map((m) => ({
      table: m.name,
      rows: published.find((p) => p.name === m.name)?.rows ?? 0,
      entities: transitiveSources(m, models).filter((e) => empty.has(e)),
    }))
    .filter((m) => m.entities.length > 0);
}

/** Throws unless the export date is a real YYYY-MM-DD date. */
function assertExportDate(date: string | undefined): void {
  if (date !== undefined && !isIsoDate(date)) {
    throw new ConfigInvalidError(`export date ${JSON.stringify(date)} is not a real YYYY-MM-DD date`);
  }
}

/**
 * A failed gate publishes the run log alone (one atomic publish), so it
 * says why; the KPI tables, restatements and history stay as they were.
 */
async function publishFailure(
  engine: Engine,
  gates: readonly GateResult[],
  progress: ProgressSink,
): Promise<never> {
  await engine.publish(RUN_LOG_TABLES.map((name) => ({ name, buildTable: buildTable(name) })));
  const failed = gates.filter((g) => !g.passed);
  for (const g of failed) progress.info(`gate ${g.gate} failed: ${g.detail}`);
  throw new GateFailedError(failed.map((g) => ({ gate: g.gate, violations: g.violations })));
}

/** The landing step's files as the plan reads them: only files with rows are landed (`ok`). */
function planFiles(outcomes: readonly FileOutcome[]): PlanFile[] {
  return outcomes.map((o) => ({
    entity: o.entity,
    key: o.file,
    exportDate: o.exportDate,
    status: o.rowsRead > 0 ? 'ok' : o.status,
    unknownColumns: [...o.unknownColumns],
    problem: o.problem,
    fix: o.fix,
  }));
}

/** The gate query's measures, judged by the rules every engine shares. */
async function judgeNight(engine: Engine, run: NightRun, outcomes: readonly FileOutcome[]): Promise<GateResult[]> {
  const rows = parseGateRows(await engine.query(renderGateQuery(run)));
  const { config, force } = run.manifest;
  return judgeGates(
    rows,
    { maxRejectShare: config.maxRejectShare, maxRowCountDrop: config.maxRowCountDrop, force },
    outcomes,
    'rerun with --force',
  );
}

/**
 * Runs one night; throws (publishing nothing) on a failed model, and on a
 * failed gate (publishing only the run log).
 */
async function runNightly(engine: Engine, options: NightlyOptions): Promise<NightlySummary> {
  assertExportDate(options.exportDate);
  const progress = options.progress ?? SILENT_PROGRESS;
  const stageSeconds: Record<string, number> = {};
  const discovery = await timed(stageSeconds, 'discover', progress, async () => {
    const all = await discoverExports(options.exportsDir);
    const asOf = options.exportDate ?? latestExportDate(all.files);
    if (!asOf) {
      throw new PipelineError(
        `no exports found under ${options.exportsDir} ` +
          '(expected <entity>/export_date=YYYY-MM-DD/<file>)',
      );
    }
    const files = all.files.filter((f) => f.exportDate <= asOf);
    for (const entity of entities.filter((e) => e.requiredForNight)) {
      if (!files.some((f) => f.entity === entity.name)) {
        throw new PipelineError(
          `no ${entity.name} export on or before ${asOf} under ${options.exportsDir}: ` +
            'customers and orders are required for a night',
        );
      }
    }
    const runId = await deterministicRunId(asOf, files, options.config);
    return { asOf, files, runId, unknownFolders: all.unknownFolders };
  });
  const { asOf, files, runId } = discovery;
  progress.info(`run ${runId}: ${files.length} files, export date ${asOf}`);

  const outcomes = await timed(stageSeconds, 'land', progress, () =>
    landExports(engine, files, {
      reportingCurrency: options.config.reportingCurrency,
      timeZone: options.config.timeZone,
      piiKey: options.piiKey === undefined ? DEMO_PII_KEY : options.piiKey,
      onFile: (o) =>
        progress.info(
          `landed ${o.file}: ${o.rowsAccepted} accepted, ${o.rowsRejected} rejected` +
            (o.problem ? ` (${o.problem})` : ''),
        ),
    }),
  );
  const models = await loadModels(options.sqlDir);
  const baseline = await latestPublishedNight(engine);
  const night = duckDbRun(
    {
      runId,
      asOf,
      config: options.config,
      files: planFiles(outcomes),
      baselineRunId: baseline?.runId ?? null,
      force: options.force ?? false,
    },
    models,
  );
  const built = await timed(stageSeconds, 'transform', progress, () =>
    buildPlan(engine, night, (m, i, n) =>
      progress.info(`[${i + 1}/${n}] ${m.name}: ${m.rows} rows in ${m.seconds.toFixed(2)}s`),
    ),
  );
  const run = { runId, asOf };
  const counts = entityCounts(outcomes);
  const gates = await timed(stageSeconds, 'gates', progress, () => judgeNight(engine, night, outcomes));
  await buildGateLog(engine, run, gates);
  if (gates.some((g) => !g.passed)) await publishFailure(engine, gates, progress);
  await buildKpiCatalog(engine, models, { ...run, currency: options.config.reportingCurrency });

  const publishedNames = [
    ...models.filter((m) => m.layer === 'kpi').map((m) => m.name),
    KPI_CATALOG,
    ...RUN_LOG_TABLES,
    RESTATEMENTS,
    RUN_HISTORY,
  ];
  const published = await Promise.all(
    publishedNames.map(async (name) => {
      const [row] = await engine.query(`SELECT count(*) AS n FROM ${buildTable(name)}`);
      return { name, rows: Number(row?.n ?? 0) };
    }),
  );
  await timed(stageSeconds, 'publish', progress, () =>
    engine.publish(publishedNames.map((name) => ({ name, buildTable: buildTable(name) }))),
  );
  return {
    runId,
    asOf,
    files: outcomes,
    entities: counts,
    missingInputs: missingInputs(models, counts, published),
    rejectReasons: await rejectReasons(engine, publishedTable('pipeline_rejects')),
    unknownFolders: discovery.unknownFolders,
    models: built,
    gates,
    published,
    stageSeconds,
  };
}

export { runNightly };
export type { EntityCounts, MissingInput, NightlyOptions, NightlySummary };
