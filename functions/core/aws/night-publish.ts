/**
 * The publish step of an Athena night: checks the run passed its gates,
 * gathers what each published name will show (the run's CTAS tables, the
 * KPI catalog and Lambda-written logs), moves the pointer, then drops
 * expired runs. A
 * failure to clean up never undoes a publish: it is reported, and the next
 * night retries it.
 */
import { GetTableCommand } from '@aws-sdk/client-glue';
import { describeColumn } from '../docs/kpi-reference.js';
import { RunStateError } from '../errors.js';
import { RUN_HISTORY } from '../plan/run-history.js';
import { targetGraph } from '../plan/targets.js';
import type { Model } from '../models/model-graph.js';
import { RESTATED_TABLES, RESTATEMENTS } from '../plan/restatement-sql.js';
import { publishRun } from './glue-publish.js';
import { writeKpiCatalog } from './kpi-catalog-object.js';
import type { GlueDeps, PublishedTable } from './glue-publish.js';
import { requirePassedVerdict } from './gate-verdict.js';
import { runTableName } from './run-layout.js';
import { LOG_TABLES, logStorage } from './run-log-objects.js';
import { dropExpiredRuns } from './run-retention.js';

/** The CTAS-built run logs published beside the KPI tables. */
const CTAS_RUN_LOGS: Readonly<Record<string, string>> = {
  pipeline_rejects: 'Every rejected row of the night: file, column, reason and raw text (line is NULL on Athena).',
  pipeline_file_log: 'Per export file: status and rows read = accepted + rejected.',
  [RUN_HISTORY]:
    'Per published night and entity: run number, files, rows read / accepted / rejected (the row-count gate\'s memory).',
  [RESTATEMENTS]:
    `Every figure of ${RESTATED_TABLES.join(', ')} that differs from the night published before: ` +
    'table, row key, column, previous and new value; vanished rows too.',
};

interface PublishRequest {
  readonly runId: string;
  readonly asOf: string;
  /** The run's reporting currency: the unit of the catalog's money columns. */
  readonly currency: string;
  readonly models: readonly Model[];
  readonly rawBucket: string;
  readonly retentionDays: number;
  readonly now: Date;
}

interface PublishOutcome {
  readonly runId: string;
  readonly previousRunId: string | null;
  readonly published: string[];
  readonly droppedRuns: string[];
  /** Set when clean-up failed after a successful publish. */
  readonly retentionError?: string;
}

async function ctasTable(
  deps: GlueDeps,
  runId: string,
  name: string,
  description: string,
  comment: PublishedTable['comment'],
): Promise<PublishedTable> {
  const table = runTableName(name, runId);
  try {
    const out = await deps.glue.send(
      new GetTableCommand({ DatabaseName: deps.catalog.stageDatabase, Name: table }),
    );
    const storage = out.Table?.StorageDescriptor;
    if (!storage?.Location) throw new RunStateError(`${deps.catalog.stageDatabase}.${table} has no location`);
    return { name, description, storage, comment };
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'EntityNotFoundException') {
      throw new RunStateError(
        `run ${runId} has no table ${deps.catalog.stageDatabase}.${table}: it was not built, so nothing is published`,
        { cause },
      );
    }
    throw cause;
  }
}

/**
 * What each published name shows for this run: its KPI tables, their
 * catalog (written now, from their built column types) and its run logs.
 */
async function publishedTables(deps: GlueDeps, request: PublishRequest): Promise<PublishedTable[]> {
  const kpis = request.models.filter((m) => m.layer === 'kpi');
  const tables: PublishedTable[] = [];
  for (const model of kpis) {
    tables.push(
      await ctasTable(
        deps,
        request.runId,
        model.name,
        `${model.header.purpose} Grain: ${model.header.grain}.`,
        (column) => describeColumn(model, column),
      ),
    );
  }
  tables.push(await writeKpiCatalog(deps, request, request.models, tables));
  for (const [name, description] of Object.entries(CTAS_RUN_LOGS)) {
    tables.push(await ctasTable(deps, request.runId, name, description, () => undefined));
  }
  for (const log of LOG_TABLES) {
    const comments = new Map(log.columns.map((c) => [c.Name, c.Comment]));
    tables.push({
      name: log.name,
      description: log.description,
      storage: logStorage(deps.catalog, request.runId, log),
      comment: (column) => comments.get(column),
    });
  }
  return tables;
}

/** Publishes a run that passed its gates (or re-publishes a kept one: a rollback). */
async function publishNight(deps: GlueDeps, request: PublishRequest): Promise<PublishOutcome> {
  await requirePassedVerdict(deps.s3, deps.catalog.curatedBucket, request.runId);
  const tables = await publishedTables(deps, request);
  const { previousRunId } = await publishRun(deps, request, tables, request.now);
  const published = tables.map((t) => t.name);
  try {
    const droppedRuns = await dropExpiredRuns(deps, {
      keep: new Set([request.runId, ...(previousRunId ? [previousRunId] : [])]),
      retentionDays: request.retentionDays,
      now: request.now,
      targets: targetGraph(request.models).map((g) => g.target.name),
      published,
      rawBucket: request.rawBucket,
    });
    return { runId: request.runId, previousRunId, published, droppedRuns };
  } catch (error) {
    return {
      runId: request.runId,
      previousRunId,
      published,
      droppedRuns: [],
      retentionError: error instanceof Error ? error.message : String(error),
    };
  }
}

export { publishNight };
export type { PublishOutcome, PublishRequest };
