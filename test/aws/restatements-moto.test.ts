/**
 * render-model renders `pipeline_restatements` from the columns Glue holds
 * for tonight's tables and the published run's (moto's Glue, the real SDK,
 * configured by environment variables as in Lambda): the columns both
 * nights have are compared, DOUBLEs rounded, and a table that is missing
 * from Glue is read as absent.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import type { Column } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { manifestKey } from '../../functions/core/aws/run-layout.js';
import type { RunManifest } from '../../functions/core/aws/run-manifest.js';
import { readStageColumns } from '../../functions/core/aws/stage-columns.js';
import { checkTrinoGrammar } from '../../functions/core/sql/trino-grammar.js';
import { motoEnvironment, startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

type Handler = (event: unknown) => Promise<{ queryString: string }>;

const settings = {
  RAW_BUCKET: 'restate-raw',
  CURATED_BUCKET: 'restate-curated',
  RAW_DATABASE: 'crm_raw',
  STAGE_DATABASE: 'crm_stage',
  KPI_DATABASE: 'crm_kpi',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};
const PUBLISHED = 'r20261031_aaaaaaaaaa_1';
const TONIGHT = 'r20261101_bbbbbbbbbb_1';

let moto: MotoServer;
let render: Handler;
const savedEnv = { ...process.env };

async function stageTable(name: string, columns: Column[]): Promise<void> {
  await moto.glue.send(
    new CreateTableCommand({
      DatabaseName: 'crm_stage',
      TableInput: {
        Name: name,
        TableType: 'EXTERNAL_TABLE',
        StorageDescriptor: {
          Columns: columns,
          Location: `s3://${settings.CURATED_BUCKET}/runs/${name}/`,
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    }),
  );
}

async function putManifest(runId: string, asOf: string, baselineRunId: string | null): Promise<void> {
  const manifest: RunManifest = {
    version: 1,
    runId,
    asOf,
    createdAt: '2026-11-02T02:30:00.000Z',
    rawBucket: settings.RAW_BUCKET,
    config: parseConfig({}),
    files: [],
    unknownFolders: [],
    force: false,
    baselineRunId,
  };
  await moto.s3.send(
    new PutObjectCommand({ Bucket: settings.RAW_BUCKET, Key: manifestKey(runId), Body: JSON.stringify(manifest) }),
  );
}

const headline = (extra: Column[]): Column[] => [
  { Name: 'month', Type: 'date' },
  { Name: 'is_complete', Type: 'boolean' },
  { Name: 'revenue', Type: 'decimal(18,2)' },
  { Name: 'retention_rate', Type: 'double' },
  ...extra,
  { Name: 'as_of', Type: 'date' },
  { Name: 'run_id', Type: 'string' },
];

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, motoEnvironment(moto.endpoint), settings);
  await moto.s3.send(new CreateBucketCommand({ Bucket: settings.RAW_BUCKET }));
  await moto.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'crm_stage' } }));
  // The published run built the headline only; tonight adds a column and builds the cohort triangle.
  await stageTable(`kpi_headline_monthly__${PUBLISHED}`, headline([]));
  await stageTable(`kpi_headline_monthly__${TONIGHT}`, headline([{ Name: 'nps', Type: 'double' }]));
  await stageTable(`kpi_cohort_retention__${TONIGHT}`, [
    { Name: 'cohort_month', Type: 'date' },
    { Name: 'months_since_acquisition', Type: 'int' },
    { Name: 'run_id', Type: 'string' },
  ]);
  await putManifest(TONIGHT, '2026-11-01', PUBLISHED);
  await putManifest(PUBLISHED, '2026-10-31', null);
  vi.resetModules();
  render = (await import('../../functions/handlers/render-model.js')).handler as Handler;
});

afterAll(async () => {
  process.env = savedEnv;
  await moto?.stop();
});

describe('Function: readStageColumns', () => {
  it('reads each table\'s columns and Glue types, and an empty map for a missing table', async () => {
    // Act
    const columns = await readStageColumns(moto.glue, [
      `crm_stage.kpi_headline_monthly__${PUBLISHED}`,
      `crm_stage.kpi_cohort_retention__${PUBLISHED}`,
    ]);

    // Assess
    expect([...(columns.get(`crm_stage.kpi_headline_monthly__${PUBLISHED}`) ?? [])]).toEqual([
      ['month', 'date'],
      ['is_complete', 'boolean'],
      ['revenue', 'decimal(18,2)'],
      ['retention_rate', 'double'],
      ['as_of', 'date'],
      ['run_id', 'string'],
    ]);
    expect(columns.get(`crm_stage.kpi_cohort_retention__${PUBLISHED}`)).toEqual(new Map());
  });
});

describe('Function: render-model (pipeline_restatements)', () => {
  it('diffs tonight\'s tables against the published run\'s, as Glue describes them', async () => {
    // Act
    const { queryString } = await render({ runId: TONIGHT, asOf: '2026-11-01', model: 'pipeline_restatements' });

    // Assess
    expect(checkTrinoGrammar(queryString)).toEqual([]);
    expect(queryString).toMatch(new RegExp(`^CREATE TABLE crm_stage\\.pipeline_restatements__${TONIGHT}\\n`));
    expect(queryString).toContain(
      `FROM crm_stage.kpi_headline_monthly__${TONIGHT} AS n JOIN crm_stage.kpi_headline_monthly__${PUBLISHED} AS o`,
    );
    expect(queryString).toContain('round(o."retention_rate", 9) IS DISTINCT FROM round(n."retention_rate", 9)');
    expect(queryString).not.toContain('"nps"');
    expect(queryString).not.toContain('kpi_cohort_retention'); // not published before
  });

  it('renders an empty table on the first night, reading nothing', async () => {
    // Act
    const { queryString } = await render({ runId: PUBLISHED, asOf: '2026-10-31', model: 'pipeline_restatements' });

    // Assess
    expect(checkTrinoGrammar(queryString)).toEqual([]);
    expect(queryString).toContain('WHERE false');
    expect(queryString).not.toContain('kpi_');
  });
});
