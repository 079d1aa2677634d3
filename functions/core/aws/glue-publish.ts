/**
 * Publishing on AWS: every published name moves to a new run in ONE Glue
 * write, so a reader sees all of the previous night or all of the new one.
 *
 * Layout in the KPI database, all kept by this module (not by CloudFormation,
 * because column types come from what each run's CTAS produced):
 * - `<name>__history`: every kept run's rows, one partition per run
 *   (`publish_run_id`), pointing at the run's own S3 folder; the data is
 *   never copied.
 * - `pipeline_current_run`: one row (run_id, as_of, published_at) read from
 *   `published/<runId>/`; its location is the pointer.
 * - `<name>`: a view joining `<name>__history` to `pipeline_current_run`.
 *
 * Publishing = register the run's partitions and (re)write the views if a
 * schema changed (readers still see the old run), then one UpdateTable of
 * the pointer's location, guarded by the table's VersionId so two publishes
 * cannot interleave. Rolling back is publishing an older run that is still
 * kept. docs/athena-engine.md lists what remains of a window.
 */
import {
  BatchCreatePartitionCommand,
  CreateTableCommand,
  GetTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import type { GlueClient, StorageDescriptor, Table, TableInput } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { PipelineError } from '../errors.js';
import { viewTableInput } from './glue-views.js';
import type { PublishItem } from '../engine/engine.js';
import { RUN_HISTORY } from '../plan/run-history.js';
import { historyName, POINTER_PREFIX, POINTER_TABLE, runTableName } from './run-layout.js';
import type { AthenaCatalog } from './run-layout.js';
import { putText } from './s3-objects.js';

/** One published name and the run's data behind it. */
interface PublishedTable {
  readonly name: string;
  readonly description: string;
  /** The run's data: columns, location, SerDe (from its CTAS table or log). */
  readonly storage: StorageDescriptor;
  /** Column comments for BI tools (model header text). */
  readonly comment: (column: string) => string | undefined;
}

interface GlueDeps {
  readonly glue: GlueClient;
  readonly s3: S3Client;
  readonly catalog: AthenaCatalog;
}

/** Partition column of every history table. */
const RUN_KEY = 'publish_run_id';

/** Glue's limits on comments and descriptions. */
const COMMENT_MAX = 255;
const DESCRIPTION_MAX = 2048;
const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A Glue table, or null when it does not exist. */
async function getTable(glue: GlueClient, database: string, name: string): Promise<Table | null> {
  try {
    return (await glue.send(new GetTableCommand({ DatabaseName: database, Name: name }))).Table ?? null;
  } catch (error) {
    if (error instanceof Error && error.name === 'EntityNotFoundException') return null;
    throw error;
  }
}

/** The parts of a table that decide whether it must be rewritten. */
const shape = (t: TableInput | Table): string =>
  JSON.stringify([
    t.Description,
    t.ViewOriginalText,
    t.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type, c.Comment]),
    t.StorageDescriptor?.SerdeInfo?.SerializationLibrary,
    t.StorageDescriptor?.InputFormat,
    t.PartitionKeys?.map((k) => [k.Name, k.Type]),
  ]);

/** Creates the table, or rewrites it when its shape changed; idempotent. */
async function putTable(glue: GlueClient, database: string, input: TableInput): Promise<void> {
  const existing = await getTable(glue, database, input.Name as string);
  if (!existing) {
    await glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }));
  } else if (shape(existing) !== shape(input)) {
    await glue.send(
      new UpdateTableCommand({ DatabaseName: database, TableInput: input, VersionId: existing.VersionId }),
    );
  }
}

function commented(table: PublishedTable): NonNullable<StorageDescriptor['Columns']> {
  return (table.storage.Columns ?? []).map((c) => {
    const comment = c.Name ? table.comment(c.Name) : undefined;
    return { Name: c.Name, Type: c.Type, ...(comment ? { Comment: cut(comment, COMMENT_MAX) } : {}) };
  });
}

async function putHistory(deps: GlueDeps, table: PublishedTable, runId: string): Promise<void> {
  const database = deps.catalog.kpiDatabase;
  const columns = commented(table);
  await putTable(deps.glue, database, {
    Name: historyName(table.name),
    Description: cut(`Every kept run of ${table.name}, one partition per run. ${table.description}`, DESCRIPTION_MAX),
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE' },
    PartitionKeys: [{ Name: RUN_KEY, Type: 'string', Comment: 'run the rows were built by' }],
    StorageDescriptor: {
      ...table.storage,
      Columns: columns,
      Location: `s3://${deps.catalog.curatedBucket}/runs/`,
    },
  });
  const out = await deps.glue.send(
    new BatchCreatePartitionCommand({
      DatabaseName: database,
      TableName: historyName(table.name),
      PartitionInputList: [{ Values: [runId], StorageDescriptor: { ...table.storage, Columns: columns } }],
    }),
  );
  const failed = (out.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
  if (failed.length > 0) {
    const detail = failed[0]?.ErrorDetail;
    throw new PipelineError(
      `cannot register run ${runId} of ${table.name}: ${detail?.ErrorCode} ${detail?.ErrorMessage}`,
    );
  }
  const view = `SELECT ${columns.map((c) => `h."${c.Name}"`).join(', ')} FROM ${database}.${historyName(
    table.name,
  )} AS h JOIN ${database}.${POINTER_TABLE} AS c ON h.${RUN_KEY} = c.run_id`;
  await putTable(
    deps.glue,
    database,
    viewTableInput(
      database,
      table.name,
      view,
      columns.map((c) => ({ name: c.Name ?? '', hiveType: c.Type ?? '', comment: c.Comment })),
    ),
  );
}

function pointerInput(deps: GlueDeps, runId: string): TableInput {
  return {
    Name: POINTER_TABLE,
    Description: 'The published night: every published view shows this run only.',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', classification: 'csv' },
    StorageDescriptor: {
      Columns: [
        { Name: 'run_id', Type: 'string', Comment: 'the published run' },
        { Name: 'as_of', Type: 'date', Comment: 'its export date: the data is as of this day' },
        { Name: 'published_at', Type: 'timestamp', Comment: 'when it was published (UTC)' },
      ],
      Location: `s3://${deps.catalog.curatedBucket}/${POINTER_PREFIX}${runId}/`,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        Parameters: { 'field.delim': ',' },
      },
    },
  };
}

/** The run a pointer location names, or null. */
function pointedRun(location: string | undefined): string | null {
  return /\/published\/([^/]+)\/$/.exec(location ?? '')?.[1] ?? null;
}

/** The run published now (the pointer's), or null before the first publish. */
async function publishedRunId(glue: GlueClient, kpiDatabase: string): Promise<string | null> {
  return pointedRun((await getTable(glue, kpiDatabase, POINTER_TABLE))?.StorageDescriptor?.Location);
}

/**
 * A night's baseline (row counts, restatements): the run published now, if
 * its run history was built. A run published before pipeline_run_history
 * existed cannot be one, so the first night after that upgrade has none.
 */
async function baselineRunId(glue: GlueClient, catalog: AthenaCatalog): Promise<string | null> {
  const runId = await publishedRunId(glue, catalog.kpiDatabase);
  if (runId === null) return null;
  return (await getTable(glue, catalog.stageDatabase, runTableName(RUN_HISTORY, runId))) ? runId : null;
}

/**
 * Publishes a run: prepares every history table and view, then moves the
 * pointer. Returns the run that was published before (null the first time).
 */
async function publishRun(
  deps: GlueDeps,
  run: { runId: string; asOf: string },
  tables: readonly PublishedTable[],
  now: Date,
): Promise<{ previousRunId: string | null }> {
  for (const table of tables) await putHistory(deps, table, run.runId);
  const stamp = now.toISOString().replace('T', ' ').replace('Z', '');
  await putText(
    deps.s3,
    deps.catalog.curatedBucket,
    `${POINTER_PREFIX}${run.runId}/current_run.csv`,
    `${run.runId},${run.asOf},${stamp}\n`,
    'text/csv',
  );
  const database = deps.catalog.kpiDatabase;
  const existing = await getTable(deps.glue, database, POINTER_TABLE);
  const input = pointerInput(deps, run.runId);
  if (!existing) {
    await deps.glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }));
    return { previousRunId: null };
  }
  // The switch: one table version, or a ConcurrentModificationException.
  await deps.glue.send(
    new UpdateTableCommand({ DatabaseName: database, TableInput: input, VersionId: existing.VersionId }),
  );
  return { previousRunId: pointedRun(existing.StorageDescriptor?.Location) };
}

/**
 * AthenaEngine's publish for tooling: publishes the named build tables
 * (`database.table`) as one run with the same pointer switch. The caller
 * ran the gates; no descriptions are set.
 */
function enginePublisher(
  deps: GlueDeps,
  run: { runId: string; asOf: string },
  now: () => Date,
): (items: readonly PublishItem[]) => Promise<void> {
  return async (items) => {
    const tables: PublishedTable[] = [];
    for (const item of items) {
      const [database = '', name = ''] = item.buildTable.split('.');
      const storage = (await getTable(deps.glue, database, name))?.StorageDescriptor;
      if (!storage?.Location) throw new PipelineError(`cannot publish ${item.name}: ${item.buildTable} has no location`);
      tables.push({ name: item.name, description: `${item.name} (published by tooling)`, storage, comment: () => undefined });
    }
    await publishRun(deps, run, tables, now());
  };
}

export { baselineRunId, enginePublisher, getTable, publishedRunId, publishRun, putTable };
export type { GlueDeps, PublishedTable };
