/**
 * One night of the pipeline on any engine: discover the exports, land and
 * validate them, build the models, run the gates, and publish everything at
 * once, or nothing if a model or gate fails.
 */
import { createHash } from 'node:crypto';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { entities } from '../contract/entities.js';
import type { Engine } from '../engine/engine.js';
import { GateFailedError, PipelineError } from '../errors.js';
import { discoverExports, latestExportDate } from '../landing/discover-exports.js';
import { landExports } from '../landing/land-exports.js';
import type { FileOutcome } from '../landing/land-exports.js';
import { loadModels, transitiveSources } from '../models/model-graph.js';
import type { Model } from '../models/model-graph.js';
import { buildSqlVars } from '../sql/sql-vars.js';
import { buildModels, buildTable } from './build-models.js';
import type { BuiltModel } from './build-models.js';
import { runQualityGates } from './quality-gates.js';
import type { GateResult } from './quality-gates.js';
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
  readonly progress?: ProgressSink;
}

interface EntityCounts {
  readonly entity: string;
  readonly files: number;
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
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
 * the id still changes when any input file or setting changes.
 */
function deterministicRunId(
  asOf: string,
  files: readonly { relativePath: string; bytes: number }[],
  config: PipelineConfig,
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(config));
  for (const f of files) hash.update(`${f.relativePath}\u0000${f.bytes}\n`);
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

function entityCounts(outcomes: readonly FileOutcome[]): EntityCounts[] {
  return entities.map((e) => {
    const mine = outcomes.filter((o) => o.entity === e.name);
    const sum = (pick: (o: FileOutcome) => number): number =>
      mine.reduce((total, o) => total + pick(o), 0);
    return {
      entity: e.name,
      files: mine.length,
      rowsRead: sum((o) => o.rowsRead),
      rowsAccepted: sum((o) => o.rowsAccepted),
      rowsRejected: sum((o) => o.rowsRejected),
    };
  });
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

/** Runs one night; throws (publishing nothing) on a failed model or gate. */
async function runNightly(engine: Engine, options: NightlyOptions): Promise<NightlySummary> {
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
    return { asOf, files, unknownFolders: all.unknownFolders };
  });
  const { asOf, files } = discovery;
  const runId = deterministicRunId(asOf, files, options.config);
  const vars = buildSqlVars(options.config, asOf);
  progress.info(`run ${runId}: ${files.length} files, export date ${asOf}`);

  const outcomes = await timed(stageSeconds, 'land', progress, () =>
    landExports(engine, files, {
      exportDate: asOf,
      reportingCurrency: options.config.reportingCurrency,
      timeZone: options.config.timeZone,
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
  const gates = await timed(stageSeconds, 'gates', progress, () =>
    runQualityGates(engine, models, outcomes, vars),
  );
  await buildRunLogTables(engine, { runId, asOf }, outcomes, gates);
  const failed = gates.filter((g) => !g.passed);
  if (failed.length > 0) throw new GateFailedError(failed.map((g) => ({ gate: g.gate, violations: g.violations })));

  const publishedNames = [
    ...models.filter((m) => m.layer === 'kpi').map((m) => m.name),
    ...RUN_LOG_TABLES,
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
  const counts = entityCounts(outcomes);
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

export { runNightly };
export type { EntityCounts, MissingInput, NightlyOptions, NightlySummary, ProgressSink };
