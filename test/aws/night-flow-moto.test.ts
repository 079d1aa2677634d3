/**
 * One night through the five handlers, as the state machine calls them,
 * against moto: land -> plan -> render every target -> (Athena) -> render
 * and read the gates -> publish. moto does not execute SQL, so the test
 * plays Athena's part: each rendered CTAS is started in moto (a real
 * StartQueryExecution) and its table is registered in Glue the way a CTAS
 * would; the gate query's result rows are seeded. Everything else is the
 * handlers' own S3, Glue and Athena calls through the real SDK, configured
 * only by environment variables.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toGlueTableInput } from '../../functions/core/aws/glue-table-spec.js';
import { rawTables } from '../../functions/core/aws/raw-catalog.js';
import { readManifest } from '../../functions/core/aws/run-manifest.js';
import { motoEnvironment, startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

/** Each handler returns its own shape; the test reads what it needs. */
type Handler = (event: unknown) => Promise<any>;
interface Handlers {
  land: Handler;
  plan: Handler;
  render: Handler;
  check: Handler;
  publish: Handler;
}

const settings = {
  RAW_BUCKET: 'night-raw',
  CURATED_BUCKET: 'night-curated',
  RAW_DATABASE: 'crm_raw',
  STAGE_DATABASE: 'crm_stage',
  KPI_DATABASE: 'crm_kpi',
  PIPELINE_CONFIG: JSON.stringify({ reportingCurrency: 'EUR' }),
  ROLLBACK_RETENTION_DAYS: '30',
  // Dev mode prints through the global console (captured below); it would
  // also disable metrics unless told otherwise.
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

let moto: MotoServer;
let handlers: Handlers;
const savedEnv = { ...process.env };
const emitted: string[] = [];

async function importHandlers(): Promise<Handlers> {
  vi.resetModules();
  return {
    land: (await import('../../functions/handlers/land-exports.js')).handler as Handler,
    plan: (await import('../../functions/handlers/plan-night.js')).handler as Handler,
    render: (await import('../../functions/handlers/render-model.js')).handler as Handler,
    check: (await import('../../functions/handlers/check-gates.js')).handler as Handler,
    publish: (await import('../../functions/handlers/publish-night.js')).handler as Handler,
  };
}

/** Plays a CTAS: starts it in moto and registers its table in Glue. */
async function runCtas(queryString: string): Promise<string> {
  const { QueryExecutionId } = await moto.athena.send(
    new StartQueryExecutionCommand({
      QueryString: queryString,
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://night-curated/results/' },
    }),
  );
  const m = /^CREATE TABLE ([a-z_]+)\.([a-z0-9_]+)\nWITH \(format = 'PARQUET', external_location = '([^']+)'\)/.exec(
    queryString,
  );
  if (!m?.[1] || !m[2]) throw new Error(`not a CTAS: ${queryString.slice(0, 80)}`);
  await moto.glue.send(
    new CreateTableCommand({
      DatabaseName: m[1],
      TableInput: {
        Name: m[2],
        TableType: 'EXTERNAL_TABLE',
        StorageDescriptor: {
          Columns: [
            { Name: 'as_of', Type: 'date' },
            { Name: 'run_id', Type: 'string' },
          ],
          Location: m[3],
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    }),
  );
  return QueryExecutionId ?? '';
}

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, motoEnvironment(moto.endpoint), settings, {
    PII_KEY_SECRET_ARN: await moto.createSecret('night-pii-key', 'night-flow-test-key-0123456789'),
  });
  for (const Bucket of [settings.RAW_BUCKET, settings.CURATED_BUCKET]) {
    await moto.s3.send(new CreateBucketCommand({ Bucket }));
  }
  for (const Name of ['crm_raw', 'crm_stage', 'crm_kpi']) {
    await moto.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name } }));
  }
  for (const spec of rawTables(settings.RAW_BUCKET)) {
    await moto.glue.send(new CreateTableCommand({ DatabaseName: 'crm_raw', TableInput: toGlueTableInput(spec) }));
  }
  const exportsOfNight: Record<string, string> = {
    'customers/export_date=2026-11-01/customers.csv': 'customer_id,segment\nc1,smb\n',
    'orders/export_date=2026-11-01/orders.csv': 'order_id,customer_id,ordered_at,amount\no1,c1,2026-10-02,10.00\n',
  };
  for (const [Key, body] of Object.entries(exportsOfNight)) {
    await moto.s3.send(new PutObjectCommand({ Bucket: settings.RAW_BUCKET, Key, Body: Buffer.from(body) }));
  }
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    emitted.push(String(line));
  });
  handlers = await importHandlers();
});

afterAll(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  await moto?.stop();
});

describe('Function: the five handlers, one night', () => {
  it('lands, plans, renders, checks and publishes a night', async () => {
    // Act: land and plan.
    const land = await handlers.land({});
    const run = { runId: land.runId, asOf: land.asOf };
    const plan = (await handlers.plan(run)) as { levels: { models: string[] }[] };

    // Act: every level, every target: render, then "Athena".
    const builds: { model: string; queryExecutionId: string; dataScannedInBytes: number; engineExecutionTimeInMillis: number }[][] = [];
    const gateMeasures: string[] = [];
    for (const level of plan.levels) {
      const built = [];
      for (const model of level.models) {
        const { queryString } = (await handlers.render({ ...run, model })) as { queryString: string };
        if (model.startsWith('gate_measures_')) gateMeasures.push(queryString);
        built.push({ model, queryExecutionId: await runCtas(queryString), dataScannedInBytes: 1000, engineExecutionTimeInMillis: 5 });
      }
      builds.push(built);
    }

    // Act: the gates, with every gate passing.
    const { queryString: gateQuery } = (await handlers.render({ ...run, model: 'quality_gates' })) as { queryString: string };
    // The gate query reads the gate targets; the gates are named in theirs.
    const gates = [...gateMeasures.join('\n').matchAll(/CAST\('([a-z_]+:[a-z0-9_.]+)' AS VARCHAR\) AS gate/g)].map((m) => m[1] ?? '');
    expect(gateQuery).toContain(`crm_stage.gate_measures_1__${land.runId}`);
    const { QueryExecutionId: gateQueryExecutionId } = await moto.athena.send(
      new StartQueryExecutionCommand({ QueryString: gateQuery, WorkGroup: 'primary', ResultConfiguration: { OutputLocation: 's3://night-curated/results/' } }),
    );
    await moto.seedAthenaResults([
      {
        columns: [
          { name: 'gate', type: 'varchar' },
          { name: 'violations', type: 'bigint' },
          { name: 'detail', type: 'varchar' },
          { name: 'rows_accepted', type: 'bigint' },
          { name: 'rows_rejected', type: 'bigint' },
          { name: 'rows_missing', type: 'bigint' },
        ],
        rows: [
          ['gate', 'violations', 'detail', 'rows_accepted', 'rows_rejected', 'rows_missing'],
          ...gates.map((g) => [
            g,
            '0',
            'ok',
            ...(g === 'row_accounting:orders' ? ['1', '0'] : ['\u0000', '\u0000']),
            g.startsWith('references:') ? '0' : '\u0000',
          ]),
        ],
      },
    ]);
    const verdict = await handlers.check({ ...run, gateQueryExecutionId, builds, landing: land });
    const published = (await handlers.publish(run)) as { published: string[]; previousRunId: string | null };

    // Assess: the land step's summary (2 files, both landable).
    expect(land).toMatchObject({ files: 2, filesToLand: 2, filesNotLanded: 0, unknownFolders: [] });
    expect(String(land.runId)).toMatch(/^r20261101_[0-9a-f]{10}_1$/);
    // The plan starts with the 12 landing targets.
    expect(plan.levels[0]?.models).toEqual(expect.arrayContaining(['landed_customers', 'landed_orders']));
    expect(gates.length).toBeGreaterThan(20);
    expect(gates).toContain('references:stg_orders.customer_id');
    expect(verdict).toEqual({ ...run, passed: true, failures: [] });
    // Every KPI model, the two CTAS run logs and the two Lambda-written logs.
    expect(published.published).toEqual(
      expect.arrayContaining(['kpi_cohort_retention', 'pipeline_rejects', 'pipeline_restatements', 'pipeline_gate_log', 'pipeline_model_log']),
    );
    expect(published.previousRunId).toBeNull();
    const view = await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'kpi_cohort_retention' }));
    expect(view.Table?.TableType).toBe('VIRTUAL_VIEW');
    const pointer = await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'pipeline_current_run' }));
    expect(pointer.Table?.StorageDescriptor?.Location).toBe(`s3://night-curated/published/${land.runId}/`);
    const modelLog = await moto.s3.send(
      new GetObjectCommand({ Bucket: 'night-curated', Key: `runs/${land.runId}/pipeline_model_log/part-0.json` }),
    );
    const logged = (await modelLog.Body?.transformToString())?.trim().split('\n') ?? [];
    expect(logged).toHaveLength(builds.flat().length);
    // Metrics (EMF lines): rows landed per entity, bytes per model, tables published.
    const metricNames = emitted.flatMap((line) => {
      try {
        return (JSON.parse(line)._aws?.CloudWatchMetrics?.[0]?.Metrics ?? []).map((m: { Name: string }) => m.Name);
      } catch {
        return [];
      }
    });
    expect(new Set(metricNames)).toEqual(
      new Set(['ExportFiles', 'ExportFilesNotLanded', 'RowsLanded', 'RowsRejected', 'BytesScanned', 'GatesFailed', 'TablesPublished', 'NightPublished', 'RunsDropped']),
    );
  });

  it('takes the published night as the next run\'s row-count baseline, and records a forced run', async () => {
    // Prepare: the first test published a night.
    const pointer = await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'pipeline_current_run' }));
    const publishedRunId = /published\/([^/]+)\/$/.exec(pointer.Table?.StorageDescriptor?.Location ?? '')?.[1];

    // Act
    const land = await handlers.land({ force: true });
    // The second gate target measures the baseline (after the 12 row accountings).
    const { queryString } = (await handlers.render({ runId: land.runId, asOf: land.asOf, model: 'gate_measures_2' })) as {
      queryString: string;
    };

    // Assess
    const manifest = await readManifest(moto.s3, settings.RAW_BUCKET, land.runId);
    expect(publishedRunId).toMatch(/^r20261101_/);
    expect(manifest).toMatchObject({ baselineRunId: publishedRunId, force: true });
    expect(queryString).toContain(`FROM crm_stage.pipeline_run_history__${publishedRunId} WHERE entity = 'orders'`);
  });

  it('rejects an event the state machine got wrong, naming the field', async () => {
    // Act
    const error = await handlers.render({ runId: 'r1', asOf: '2026-11-01', model: 'stg_orders' }).catch((e) => e);

    // Assess
    expect(error.name).toBe('EventInvalidError');
    expect(error.message).toMatch(/^render-model: the event is invalid: runId: must look like r20261101_0123456789_1/);
  });

  it('refuses to publish a run that was never checked', async () => {
    // Prepare
    const land = await handlers.land({});

    // Act
    const error = await handlers.publish({ runId: land.runId, asOf: land.asOf }).catch((e) => e);

    // Assess
    expect(error.name).toBe('RunStateError');
    expect(error.message).toBe(`run ${land.runId} has no gate verdict: its gates were never checked`);
  });

  it('fails at cold start naming a missing environment variable', async () => {
    // Prepare
    delete process.env.CURATED_BUCKET;

    vi.resetModules();

    // Act
    const error = await import('../../functions/handlers/publish-night.js').catch((e) => e);
    process.env.CURATED_BUCKET = settings.CURATED_BUCKET;

    // Assess
    expect(error.message).toBe('Environment variable CURATED_BUCKET is required');
  });
});
