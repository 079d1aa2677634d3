/**
 * Publishing against moto's Glue and S3: the pointer switch, the views and
 * history partitions it relies on, rollback, a schema change, runs that
 * must not be published, dropping expired runs, and which run is the next
 * night's baseline.
 */
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
} from '@aws-sdk/client-glue';
import type { Column } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVerdict } from '../../functions/core/aws/gate-verdict.js';
import { baselineRunId, enginePublisher } from '../../functions/core/aws/glue-publish.js';
import { AthenaEngine } from '../../functions/core/aws/athena-engine.js';
import { publishNight } from '../../functions/core/aws/night-publish.js';
import type { PublishRequest } from '../../functions/core/aws/night-publish.js';
import { manifestKey } from '../../functions/core/aws/run-layout.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import type { Model } from '../../functions/core/models/model-graph.js';
import { FakeAthena } from './helpers/fake-athena.js';
import { startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

const catalog = { rawDatabase: 'crm_raw', stageDatabase: 'crm_stage', kpiDatabase: 'crm_kpi', curatedBucket: 'pub-curated' };
const RAW = 'pub-raw';
const DAY = 86_400_000;
const now = new Date('2026-11-02T03:00:00Z');
const run = (n: number): string => `r20261101_00000000${String(n).padStart(2, '0')}_1`;

let moto: MotoServer;
let models: Model[];
let kpis: string[];

/** What a night's CTAS left behind: a manifest, tables in crm_stage, files, a verdict. */
async function builtRun(runId: string, options: { claimedDaysAgo?: number; passed?: boolean; extraColumn?: boolean } = {}) {
  const createdAt = new Date(now.getTime() - (options.claimedDaysAgo ?? 0) * DAY).toISOString();
  await moto.s3.send(
    new PutObjectCommand({ Bucket: RAW, Key: manifestKey(runId), Body: Buffer.from(JSON.stringify({ runId, createdAt })) }),
  );
  const columns: Column[] = [
    { Name: 'month_start_date', Type: 'date' },
    { Name: 'revenue', Type: 'decimal(18,2)' },
    ...(options.extraColumn ? [{ Name: 'segment', Type: 'varchar(12)' }] : []),
    { Name: 'as_of', Type: 'date' },
    { Name: 'run_id', Type: 'string' },
  ];
  for (const name of [...kpis, 'pipeline_rejects', 'pipeline_file_log', 'pipeline_run_history', 'pipeline_restatements', 'stg_orders']) {
    const location = `s3://${catalog.curatedBucket}/runs/${runId}/${name}/`;
    await moto.glue.send(
      new CreateTableCommand({
        DatabaseName: 'crm_stage',
        TableInput: {
          Name: `${name}__${runId}`,
          StorageDescriptor: {
            Columns: columns,
            Location: location,
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
          },
        },
      }),
    );
    await moto.s3.send(
      new PutObjectCommand({ Bucket: catalog.curatedBucket, Key: `runs/${runId}/${name}/part-0.parquet`, Body: Buffer.from('PAR1') }),
    );
  }
  await writeVerdict(moto.s3, catalog.curatedBucket, {
    runId,
    asOf: '2026-11-01',
    passed: options.passed ?? true,
    failures: options.passed === false ? [{ gate: 'unique_key:stg_orders', violations: 2, detail: 'key' }] : [],
    checkedAt: now.toISOString(),
  });
}

const request = (runId: string, retentionDays = 30): PublishRequest => ({
  runId,
  asOf: '2026-11-01',
  currency: 'EUR',
  models,
  rawBucket: RAW,
  retentionDays,
  now,
});
const deps = () => ({ glue: moto.glue, s3: moto.s3, catalog });

async function pointer(): Promise<string | undefined> {
  const out = await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'pipeline_current_run' }));
  return out.Table?.StorageDescriptor?.Location;
}

async function partitions(table: string): Promise<string[]> {
  const out = await moto.glue.send(new GetPartitionsCommand({ DatabaseName: 'crm_kpi', TableName: table }));
  return (out.Partitions ?? []).map((p) => `${p.Values?.[0]} ${p.StorageDescriptor?.Location}`).sort();
}

beforeAll(async () => {
  moto = await startMoto();
  models = await loadModels(join(import.meta.dirname, '..', '..', 'sql'));
  kpis = models.filter((m) => m.layer === 'kpi').map((m) => m.name);
  for (const Bucket of [RAW, catalog.curatedBucket]) await moto.s3.send(new CreateBucketCommand({ Bucket }));
  for (const Name of ['crm_stage', 'crm_kpi']) {
    await moto.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name } }));
  }
});

afterAll(async () => {
  await moto?.stop();
});

describe('Function: publishNight', () => {
  it('publishes a first night: history partitions, views and the pointer', async () => {
    // Prepare
    await builtRun(run(1));

    // Act
    const outcome = await publishNight(deps(), request(run(1)));

    // Assess
    expect(outcome.previousRunId).toBeNull();
    expect(outcome.published).toEqual([
      ...kpis,
      'kpi_catalog',
      'pipeline_rejects',
      'pipeline_file_log',
      'pipeline_run_history',
      'pipeline_restatements',
      'pipeline_gate_log',
      'pipeline_model_log',
    ]);
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(1)}/`);
    const csv = await moto.s3.send(new GetObjectCommand({ Bucket: 'pub-curated', Key: `published/${run(1)}/current_run.csv` }));
    expect(await csv.Body?.transformToString()).toBe(`${run(1)},2026-11-01,2026-11-02 03:00:00.000\n`);
    expect(await partitions('kpi_cohort_retention__history')).toEqual([
      `${run(1)} s3://pub-curated/runs/${run(1)}/kpi_cohort_retention/`,
    ]);
    expect(await partitions('pipeline_gate_log__history')).toEqual([
      `${run(1)} s3://pub-curated/runs/${run(1)}/pipeline_gate_log/`,
    ]);
    const view = (await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'kpi_cohort_retention' }))).Table;
    expect(view?.TableType).toBe('VIRTUAL_VIEW');
    const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(view?.ViewOriginalText ?? '')?.[1] ?? '';
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual({
      originalSql:
        'SELECT h."month_start_date", h."revenue", h."as_of", h."run_id" FROM crm_kpi.kpi_cohort_retention__history AS h ' +
        'JOIN crm_kpi.pipeline_current_run AS c ON h.publish_run_id = c.run_id',
      catalog: 'awsdatacatalog',
      schema: 'crm_kpi',
      columns: [
        { name: 'month_start_date', type: 'date' },
        { name: 'revenue', type: 'decimal(18,2)' },
        { name: 'as_of', type: 'date' },
        { name: 'run_id', type: 'varchar' },
      ],
      runAsInvoker: true,
    });
    // No Description: Trino 476 takes a view with one for no view.
    expect(view?.Description).toBeUndefined();
    // Column comments come from the model header, as in docs/kpis.md.
    const history = (await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'kpi_cohort_retention__history' }))).Table;
    const comment = history?.StorageDescriptor?.Columns?.find((c) => c.Name === 'as_of')?.Comment;
    expect(comment).toBe('export date of the night that published the row');
  });

  it('publishes kpi_catalog: every KPI column with its built type, described as on DuckDB', async () => {
    // Prepare: the first test published run 1.
    const object = await moto.s3.send(
      new GetObjectCommand({ Bucket: 'pub-curated', Key: `runs/${run(1)}/kpi_catalog/part-0.json` }),
    );

    // Act
    const rows = ((await object.Body?.transformToString()) ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    // Assess: every KPI table has the four columns its CTAS table has, in order.
    const sales = rows.filter((r) => r.table_name === 'kpi_sales_monthly');
    expect(sales.map((r) => [r.column_name, r.column_position, r.data_type])).toEqual([
      ['month_start_date', 1, 'DATE'],
      ['revenue', 2, 'DECIMAL(18,2)'],
      ['as_of', 3, 'DATE'],
      ['run_id', 4, 'VARCHAR'],
    ]);
    expect(sales[1]).toMatchObject({ unit: 'EUR', as_of: '2026-11-01', run_id: run(1) });
    expect(new Set(rows.map((r) => r.table_name))).toEqual(new Set([...kpis, 'kpi_catalog']));
    expect(rows.find((r) => r.table_name === 'kpi_catalog' && r.column_name === 'is_key')).toMatchObject({
      data_type: 'BOOLEAN',
      is_key: false,
    });
    const history = (await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'kpi_catalog__history' }))).Table;
    expect(history?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(history?.StorageDescriptor?.Columns?.slice(0, 3).map((c) => `${c.Name} ${c.Type}`)).toEqual([
      'table_name string',
      'column_name string',
      'column_position int',
    ]);
    expect(await partitions('kpi_catalog__history')).toEqual([`${run(1)} s3://pub-curated/runs/${run(1)}/kpi_catalog/`]);
  });

  it('moves every name to the next night in one pointer write, keeping the previous run', async () => {
    // Prepare: the next night adds a column to every table.
    await builtRun(run(2), { extraColumn: true });

    // Act
    const outcome = await publishNight(deps(), request(run(2)));

    // Assess
    expect(outcome.previousRunId).toBe(run(1));
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(2)}/`);
    expect(await partitions('kpi_sales_monthly__history')).toEqual([
      `${run(1)} s3://pub-curated/runs/${run(1)}/kpi_sales_monthly/`,
      `${run(2)} s3://pub-curated/runs/${run(2)}/kpi_sales_monthly/`,
    ]);
    const view = (await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_kpi', Name: 'kpi_sales_monthly' }))).Table;
    expect(view?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`)).toEqual([
      'month_start_date date',
      'revenue decimal(18,2)',
      'segment varchar(12)',
      'as_of date',
      'run_id string',
    ]);
  });

  it('rolls back by publishing a kept run again', async () => {
    // Act
    const outcome = await publishNight(deps(), request(run(1)));

    // Assess
    expect(outcome.previousRunId).toBe(run(2));
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(1)}/`);
  });

  it('refuses a run whose gates failed, and leaves the published night as it was', async () => {
    // Prepare
    await builtRun(run(3), { passed: false });

    // Act
    const error = await publishNight(deps(), request(run(3))).catch((e) => e);

    // Assess
    expect(error.name).toBe('RunStateError');
    expect(error.message).toBe(`run ${run(3)} failed its gates, so it cannot be published: unique_key:stg_orders (2)`);
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(1)}/`);
  });

  it('refuses a run with a missing table before touching anything', async () => {
    // Prepare: a verdict, but the build never happened.
    await writeVerdict(moto.s3, catalog.curatedBucket, {
      runId: run(4),
      asOf: '2026-11-01',
      passed: true,
      failures: [],
      checkedAt: now.toISOString(),
    });

    // Act
    const error = await publishNight(deps(), request(run(4))).catch((e) => e);

    // Assess
    expect(error.message).toBe(
      `run ${run(4)} has no table crm_stage.${kpis[0]}__${run(4)}: it was not built, so nothing is published`,
    );
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(1)}/`);
  });

  it('drops runs past retention, but never the published run or the one it replaced', async () => {
    // Prepare: run 5 is 40 days old and unpublished; runs 1 and 2 are made old too.
    await builtRun(run(5), { claimedDaysAgo: 40 });
    for (const old of [run(1), run(2)]) {
      await moto.s3.send(
        new PutObjectCommand({
          Bucket: RAW,
          Key: manifestKey(old),
          Body: Buffer.from(JSON.stringify({ runId: old, createdAt: new Date(now.getTime() - 50 * DAY).toISOString() })),
        }),
      );
    }

    // Act: publish run 2 again (run 1 was current): 1 is the previous, 2 the current.
    const outcome = await publishNight(deps(), request(run(2)));

    // Assess: run 5 (40 > 30 days) is gone everywhere; 1 and 2 stay; 3 is too young.
    expect(outcome.droppedRuns).toEqual([run(5)]);
    const left = await moto.s3.send(new ListObjectsV2Command({ Bucket: 'pub-curated', Prefix: `runs/${run(5)}/` }));
    expect(left.KeyCount ?? 0).toBe(0);
    const stage = await moto.glue.send(new GetTablesCommand({ DatabaseName: 'crm_stage' }));
    const names = (stage.TableList ?? []).map((t) => t.Name ?? '');
    expect(names.filter((n) => n.endsWith(run(5)))).toEqual([]);
    expect(names.filter((n) => n.endsWith(run(1))).length).toBe(kpis.length + 5);
    expect((await partitions('kpi_sales_monthly__history')).map((p) => p.split(' ')[0])).toEqual([run(1), run(2)]);
  });

  it('publishes through AthenaEngine.publish with the same pointer switch (tooling)', async () => {
    // Prepare
    await moto.glue.send(
      new CreateTableCommand({
        DatabaseName: 'crm_stage',
        TableInput: {
          Name: 'kpi_tool_build',
          StorageDescriptor: { Columns: [{ Name: 'n', Type: 'bigint' }], Location: 's3://pub-curated/tooling/kpi_tool/b1/' },
        },
      }),
    );
    const engine = new AthenaEngine({
      api: new FakeAthena({}),
      workGroup: 'crm-etl',
      buildLocation: 's3://pub-curated/tooling/',
      publisher: enginePublisher(deps(), { runId: run(9), asOf: '2026-11-01' }, () => now),
    });

    // Act
    await engine.publish([{ name: 'kpi_tool', buildTable: 'crm_stage.kpi_tool_build' }]);

    // Assess
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(9)}/`);
    expect(await partitions('kpi_tool__history')).toEqual([`${run(9)} s3://pub-curated/tooling/kpi_tool/b1/`]);
  });

  it("takes the published run as the next night's baseline only if its run history was built", async () => {
    // Prepare: the published run (the tooling one above) has no pipeline_run_history.
    expect(await pointer()).toBe(`s3://pub-curated/published/${run(9)}/`);
    const before = await baselineRunId(moto.glue, catalog);
    await builtRun(run(6));

    // Act
    await publishNight(deps(), request(run(6)));

    // Assess
    expect(before).toBeNull();
    expect(await baselineRunId(moto.glue, catalog)).toBe(run(6));
  });
});
