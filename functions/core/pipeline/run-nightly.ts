/**
 * One night of the pipeline on any engine: discover the exports, land and
 * validate them, build the models, run the gates, and publish everything at
 * once, or nothing if a model or gate fails.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { entities } from '../contract/entities.js';
import type { Engine } from '../engine/engine.js';
import { ConfigInvalidError, GateFailedError, PipelineError } from '../errors.js';
import { discoverExports, isIsoDate, latestExportDate } from '../landing/discover-exports.js';
import { landExports } from '../landing/land-exports.js';
import type { FileOutcome } from '../landing/land-exports.js';
import { loadModels, transitiveSources } from '../models/model-graph.js';
import { DEMO_PII_KEY } from '../pii/pii-hash.js';
import type { Model } from '../models/model-graph.js';
import { buildSqlVars } from '../sql/sql-vars.js';
import { buildModels, buildTable } from './build-models.js';
import type { BuiltModel } from './build-models.js';
import { entityCounts } from './entity-counts.js';
import type { EntityCounts } from './entity-counts.js';
import { runQualityGates } from './quality-gates.js';
import type { GateResult } from './quality-gates.js';
import { buildKpiCatalog, KPI_CATALOG } from './publish-catalog.js';
import { buildRestatements, RESTATEMENTS } from './restatements.js';
import { buildRunHistory, previousAcceptedRows, RUN_HISTORY } from './run-history.js';
import { buildRunLogTables, RUN_LOG_TABLES } from './run-log-tables.js';

/** Where a run reports progress; the CLI prints it, tests ignore it. */
interface ProgressSink {
  stage(name: string): void;
  info(message: string): void;
}

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
  readonly stageSeconds: Readonly<Record<string, number>>;
}

const silent: ProgressSink = { stage: () => {}, info: () => {} };

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

async function timed<T>(
  seconds: Record<string, number>,
  stage: string,
  progress: ProgressSink,
  work: () => Promise<T>,
): Promise<T> {
  progress.stage(stage);
  const started = performance.now();
  try {
    return await work();
  } finally {
    seconds[stage] = (performance.now() - started) / 1000;
  }
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

/**
 * Runs one night; throws (publishing nothing) on a failed model, and on a
 * failed gate (publishing only the run log).
 */
async function runNightly(engine: Engine, options: NightlyOptions): Promise<NightlySummary> {
  assertExportDate(options.exportDate);
  const progress = options.progress ?? silent;
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
  const vars = buildSqlVars(options.config, asOf);
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
  const built = await timed(stageSeconds, 'transform', progress, () =>
    buildModels(engine, models, {
      vars,
      runId,
      asOf,
      onModel: (m, i, n) =>
        progress.info(`[${i + 1}/${n}] ${m.name}: ${m.rows} rows in ${m.seconds.toFixed(2)}s`),
    }),
  );
  const run = { runId, asOf };
  const counts = entityCounts(outcomes);
  const gates = await timed(stageSeconds, 'gates', progress, async () =>
    runQualityGates(
      engine,
      models,
      {
        outcomes,
        counts,
        policy: {
          maxRejectShare: options.config.maxRejectShare,
          maxRowCountDrop: options.config.maxRowCountDrop,
          force: options.force ?? false,
          previous: await previousAcceptedRows(engine, run),
        },
      },
      vars,
    ),
  );
  await buildRunLogTables(engine, run, outcomes, gates);
  if (gates.some((g) => !g.passed)) await publishFailure(engine, gates, progress);
  await buildRestatements(engine, models, run);
  await buildRunHistory(engine, run, counts);
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
    unknownFolders: discovery.unknownFolders,
    models: built,
    gates,
    published,
    stageSeconds,
  };
}

export { runNightly, timed };
export type { EntityCounts, MissingInput, NightlyOptions, NightlySummary, ProgressSink };
