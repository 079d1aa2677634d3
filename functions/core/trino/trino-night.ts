/**
 * One night of the Athena plan, executed on Trino: the steps the state
 * machine runs in production, with Trino where Athena would run SQL and
 * the same S3 and Glue calls (moto's locally, or a real account's).
 *
 *   upload exports -> land (manifest) -> every level of planLevels, each
 *   target one CTAS -> the gate query -> check gates -> publish (Glue
 *   pointer switch) -> the monthly report from the published views
 *
 * Every statement is rendered by the modules the Lambdas use
 * (renderTargetQuery, renderGateQuery), so what runs here is what Athena
 * gets. Only two adapters stand in for production: the upload (a night's
 * files arrive in the raw bucket by `aws s3 sync` or AppFlow there) and
 * the stack's resources (provisionWarehouse, which CDK creates there).
 */
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineConfig } from '../config/pipeline-config.js';
import { checkGates } from '../aws/gate-check.js';
import type { GateCheck } from '../aws/gate-check.js';
import { baselineRunId } from '../aws/glue-publish.js';
import { mapLimit } from '../aws/map-limit.js';
import { publishNight } from '../aws/night-publish.js';
import type { PublishOutcome } from '../aws/night-publish.js';
import { storePiiKey } from '../aws/pii-key-table.js';
import type { AthenaCatalog } from '../aws/run-layout.js';
import { fileGateInputs } from '../aws/run-manifest.js';
import type { RunManifest } from '../aws/run-manifest.js';
import type { ModelQuery } from '../aws/run-log-objects.js';
import { readStageColumns } from '../aws/stage-columns.js';
import { GATES_TARGET } from '../aws/run-layout.js';
import { renderGateQuery } from '../plan/gates.js';
import { athenaRun, describedTables, planLevels, renderTargetQuery } from '../plan/targets.js';
import type { AthenaRun } from '../plan/targets.js';
import { GateFailedError } from '../errors.js';
import { landNight } from '../aws/land-night.js';
import { loadModels } from '../models/model-graph.js';
import { SILENT_PROGRESS, timed as timedStage } from '../engine/progress.js';
import type { ProgressSink } from '../engine/progress.js';
import type { TrinoClient } from './trino-client.js';
import { rowObjects } from './trino-engine.js';
import { uploadExports } from './upload-exports.js';
import { provisionWarehouse } from './warehouse-resources.js';

interface TrinoNightDeps {
  /** Only statements are sent: a wrapper that counts them will do. */
  readonly trino: Pick<TrinoClient, 'run'>;
  readonly s3: S3Client;
  readonly glue: GlueClient;
}

interface TrinoNightOptions {
  readonly exportsDir: string;
  readonly sqlDir: string;
  readonly config: PipelineConfig;
  readonly rawBucket: string;
  readonly catalog: AthenaCatalog;
  /** The personal-data key (Secrets Manager's in production). */
  readonly piiKey: string;
  /** @default the latest export date present */
  readonly exportDate?: string;
  /** @default false */
  readonly force?: boolean;
  /** Targets of one level built at once (crm:modelConcurrency). @default 4 */
  readonly concurrency?: number;
  /** Days a superseded run stays for rollback. @default 30 */
  readonly retentionDays?: number;
  readonly progress?: ProgressSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

interface TrinoNightSummary {
  readonly manifest: RunManifest;
  readonly builds: readonly ModelQuery[];
  readonly gates: GateCheck;
  readonly publish: PublishOutcome;
  readonly stageSeconds: Readonly<Record<string, number>>;
}

/** Builds every target of the plan, level by level; returns what each cost. */
async function buildTargets(
  deps: TrinoNightDeps,
  run: AthenaRun,
  concurrency: number,
  progress: ProgressSink,
): Promise<ModelQuery[]> {
  const builds: ModelQuery[] = [];
  const levels = planLevels(run.models);
  for (const [i, level] of levels.entries()) {
    const built = await mapLimit(level.models, concurrency, async (name) => {
      const columns = await readStageColumns(deps.glue, describedTables(run, name));
      const result = await deps.trino.run(renderTargetQuery(run, name, columns), name);
      progress.info(
        `[level ${i + 1}/${levels.length}] ${name}: ${result.processedRows} rows read, ` +
          `${result.processedBytes} bytes in ${(result.elapsedMillis / 1000).toFixed(2)}s`,
      );
      return {
        model: name,
        queryExecutionId: result.queryId,
        dataScannedInBytes: result.processedBytes,
        engineExecutionTimeInMillis: result.elapsedMillis,
      };
    });
    builds.push(...built);
  }
  return builds;
}

/** Runs one night; throws GateFailedError (publishing nothing) when a gate fails. */
async function runTrinoNight(deps: TrinoNightDeps, options: TrinoNightOptions): Promise<TrinoNightSummary> {
  const progress = options.progress ?? SILENT_PROGRESS;
  const now = options.now ?? (() => new Date());
  const stageSeconds: Record<string, number> = {};
  const timed = <T>(stage: string, work: () => Promise<T>): Promise<T> =>
    timedStage(stageSeconds, stage, progress, work);
  const { catalog, rawBucket } = options;

  const manifest = await timed('land', async () => {
    await provisionWarehouse(deps.s3, deps.glue, { rawBucket, catalog });
    const synced = await uploadExports(deps.s3, options.exportsDir, rawBucket);
    progress.info(`raw bucket ${rawBucket}: ${synced.uploaded} files uploaded, ${synced.deleted} deleted`);
    await storePiiKey(deps.s3, catalog.curatedBucket, options.piiKey);
    return landNight(deps.s3, {
      rawBucket,
      config: options.config,
      exportDate: options.exportDate,
      force: options.force,
      baselineRunId: await baselineRunId(deps.glue, catalog),
      now: now(),
    });
  });
  progress.info(`run ${manifest.runId}: ${manifest.files.length} files, export date ${manifest.asOf}`);
  const models = await loadModels(options.sqlDir);
  const run = athenaRun(catalog, manifest, models);
  const builds = await timed('transform', () => buildTargets(deps, run, options.concurrency ?? 4, progress));

  const gates = await timed('gates', async () => {
    const result = await deps.trino.run(renderGateQuery(run), GATES_TARGET);
    return checkGates(
      { gateRows: async () => rowObjects(result), s3: deps.s3, catalog },
      {
        runId: manifest.runId,
        asOf: manifest.asOf,
        gateQueryExecutionId: result.queryId,
        builds,
        policy: {
          maxRejectShare: manifest.config.maxRejectShare,
          maxRowCountDrop: manifest.config.maxRowCountDrop,
          force: manifest.force,
        },
        files: fileGateInputs(manifest),
        now: now(),
      },
    );
  });
  if (!gates.passed) {
    for (const f of gates.failures) progress.info(`gate ${f.gate} failed: ${f.detail}`);
    throw new GateFailedError(gates.failures);
  }
  const publish = await timed('publish', () =>
    publishNight(
      { glue: deps.glue, s3: deps.s3, catalog },
      {
        runId: manifest.runId,
        asOf: manifest.asOf,
        currency: manifest.config.reportingCurrency,
        models,
        rawBucket,
        retentionDays: options.retentionDays ?? 30,
        now: now(),
      },
    ),
  );
  return { manifest, builds, gates, publish, stageSeconds };
}

export { runTrinoNight };
export type { TrinoNightDeps, TrinoNightOptions, TrinoNightSummary };
