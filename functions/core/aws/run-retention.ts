/**
 * Drops the runs nobody can roll back to any more: older than the
 * retention period, and neither the published run nor the one it replaced
 * (so a rollback target survives however long the pipeline was paused).
 * A dropped run loses its history partitions, its crm_stage tables and its
 * S3 folder; its manifest stays in the raw bucket as the audit trail.
 */
import { BatchDeletePartitionCommand, BatchDeleteTableCommand } from '@aws-sdk/client-glue';
import type { GlueClient } from '@aws-sdk/client-glue';
import { PipelineError } from '../errors.js';
import { historyName, POINTER_PREFIX } from './run-layout.js';
import type { GlueDeps } from './glue-publish.js';
import { manifestKey, RUNS_PREFIX, runPrefix, runTableName } from './run-layout.js';
import { deletePrefix, getJson, listFolders } from './s3-objects.js';

interface RetentionPlan {
  /** Runs that must survive whatever their age. */
  readonly keep: ReadonlySet<string>;
  readonly retentionDays: number;
  readonly now: Date;
  /** Every target name a run may have built (its crm_stage tables). */
  readonly targets: readonly string[];
  /** Every published name (its history partitions). */
  readonly published: readonly string[];
  readonly rawBucket: string;
}

const notFound = (code: string | undefined): boolean => code === 'EntityNotFoundException';

function failIfAny(what: string, errors: readonly { code?: string; message?: string }[]): void {
  const real = errors.filter((e) => !notFound(e.code));
  if (real.length > 0) throw new PipelineError(`${what}: ${real[0]?.code} ${real[0]?.message}`);
}

async function dropTables(glue: GlueClient, database: string, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 100) {
    const out = await glue.send(
      new BatchDeleteTableCommand({ DatabaseName: database, TablesToDelete: names.slice(i, i + 100) }),
    );
    failIfAny(
      `cannot drop tables of ${database}`,
      (out.Errors ?? []).map((e) => ({ code: e.ErrorDetail?.ErrorCode, message: e.ErrorDetail?.ErrorMessage })),
    );
  }
}

async function dropPartition(glue: GlueClient, database: string, table: string, runId: string): Promise<void> {
  try {
    const out = await glue.send(
      new BatchDeletePartitionCommand({
        DatabaseName: database,
        TableName: table,
        PartitionsToDelete: [{ Values: [runId] }],
      }),
    );
    failIfAny(
      `cannot drop run ${runId} from ${table}`,
      (out.Errors ?? []).map((e) => ({ code: e.ErrorDetail?.ErrorCode, message: e.ErrorDetail?.ErrorMessage })),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'EntityNotFoundException')) throw error;
  }
}

/** When a run was claimed, from its manifest; null when unknown (never dropped). */
async function claimedAt(deps: GlueDeps, rawBucket: string, runId: string): Promise<Date | null> {
  const manifest = (await getJson(deps.s3, rawBucket, manifestKey(runId))) as { createdAt?: unknown } | null;
  const when = typeof manifest?.createdAt === 'string' ? new Date(manifest.createdAt) : null;
  return when && !Number.isNaN(when.getTime()) ? when : null;
}

/** Drops every expired run; returns the run ids dropped. */
async function dropExpiredRuns(deps: GlueDeps, plan: RetentionPlan): Promise<string[]> {
  const cutoff = plan.now.getTime() - plan.retentionDays * 86_400_000;
  const runs = (await listFolders(deps.s3, deps.catalog.curatedBucket, RUNS_PREFIX)).map((f) =>
    f.slice(RUNS_PREFIX.length, -1),
  );
  const dropped: string[] = [];
  for (const runId of runs) {
    if (plan.keep.has(runId)) continue;
    const claimed = await claimedAt(deps, plan.rawBucket, runId);
    if (!claimed || claimed.getTime() >= cutoff) continue;
    for (const name of plan.published) {
      await dropPartition(deps.glue, deps.catalog.kpiDatabase, historyName(name), runId);
    }
    await dropTables(
      deps.glue,
      deps.catalog.stageDatabase,
      plan.targets.map((t) => runTableName(t, runId)),
    );
    await deletePrefix(deps.s3, deps.catalog.curatedBucket, runPrefix(runId));
    await deletePrefix(deps.s3, deps.catalog.curatedBucket, `${POINTER_PREFIX}${runId}/`);
    dropped.push(runId);
  }
  return dropped;
}

export { dropExpiredRuns };
export type { RetentionPlan };
