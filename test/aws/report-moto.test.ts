/**
 * The report step against moto's S3, with a scripted Athena serving the
 * published KPI tables (moto runs no SQL): the objects it writes to the
 * curated bucket (keys, content types, KMS encryption by the bucket
 * default, latest.html equal to the month's page, one CSV per table), the
 * order of the writes (latest.html last), and what it leaves unwritten
 * when a write fails or there is nothing to report.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeNightReport } from '../../functions/core/aws/night-report.js';
import type { NightReportOutcome } from '../../functions/core/aws/night-report.js';
import { listObjects } from '../../functions/core/aws/s3-objects.js';
import { REPORT_TABLES } from '../../functions/core/report/report-tables.js';
import { startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';
import { PublishedKpiAthena, publishedKpiTables, REPORT_MONTH } from './helpers/published-kpi-athena.js';
import type { AthenaTable } from './helpers/published-kpi-athena.js';

const RUN = 'r20261101_0123456789_1';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const options = { currency: 'EUR', cacToClvMaxRatio: 0.1 };

let moto: MotoServer;
let buckets = 0;
/** Keys of the PutObject calls that succeeded, in order. */
let puts: string[] = [];
/** A key whose PutObject fails, to simulate a write failing mid-report. */
let failingKey: string | undefined;

/** A fresh curated bucket encrypting by default with a KMS key, as the stack's does. */
async function curatedBucket(): Promise<string> {
  const bucket = `report-curated-${(buckets += 1)}`;
  await moto.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await moto.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_ARN } }],
      },
    }),
  );
  return bucket;
}

/** Starts the report step on `bucket`, Athena serving `tables`. */
function report(
  bucket: string,
  tables: Record<string, AthenaTable>,
): { athena: PublishedKpiAthena; outcome: Promise<NightReportOutcome> } {
  const athena = new PublishedKpiAthena(tables);
  const catalog = { rawDatabase: 'crm_raw', stageDatabase: 'crm_stage', kpiDatabase: 'crm_kpi', curatedBucket: bucket };
  const outcome = writeNightReport({ athena, s3: moto.s3, catalog, workGroup: 'crm-etl' }, { runId: RUN, options });
  return { athena, outcome };
}

async function text(bucket: string, key: string): Promise<string> {
  const out = await moto.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf-8')) ?? '';
}

const keysIn = async (bucket: string): Promise<string[]> => (await listObjects(moto.s3, bucket, '')).map((e) => e.key);

beforeAll(async () => {
  moto = await startMoto();
  moto.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key ?? '';
      const isPut = context.commandName === 'PutObjectCommand';
      if (isPut && key === failingKey) throw new Error(`simulated failure writing ${key}`);
      const result = await next(args);
      if (isPut) puts.push(key);
      return result;
    },
    { step: 'initialize', name: 'recordPuts' },
  );
});

beforeEach(() => {
  puts = [];
  failingKey = undefined;
});

afterAll(async () => {
  await moto?.stop();
});

describe('Function: writeNightReport', () => {
  it('writes the month’s CSV bundle and page to report/ in the curated bucket, then latest.html last', async () => {
    // Prepare
    const bucket = await curatedBucket();
    const csvKeys = REPORT_TABLES.map((t) => `report/${REPORT_MONTH}/${t}.csv`);
    const page = `report/${REPORT_MONTH}.html`;

    // Act
    const outcome = await report(bucket, publishedKpiTables(RUN)).outcome;

    // Assess
    expect(outcome).toEqual({ status: 'written', runId: RUN, month: REPORT_MONTH, keys: puts });
    expect(puts.slice(-2)).toEqual([page, 'report/latest.html']);
    expect(puts.slice(0, -2).sort()).toEqual([...csvKeys].sort());
    expect((await keysIn(bucket)).sort()).toEqual([...csvKeys, page, 'report/latest.html'].sort());
  });

  it('stores latest.html as the month’s page, as UTF-8 HTML and CSV encrypted with the bucket’s KMS key', async () => {
    // Prepare
    const bucket = await curatedBucket();
    await report(bucket, publishedKpiTables(RUN)).outcome;
    const head = (key: string) => moto.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

    // Act
    const [page, latest, csv] = await Promise.all(
      [`report/${REPORT_MONTH}.html`, 'report/latest.html', `report/${REPORT_MONTH}/kpi_cac_by_channel.csv`].map(head),
    );
    const html = await text(bucket, `report/${REPORT_MONTH}.html`);

    // Assess
    expect(await text(bucket, 'report/latest.html')).toBe(html);
    expect(html).toContain('<h1>October 2026</h1>');
    expect(html).toContain(`run <code>${RUN}</code>`);
    expect([page?.ContentType, latest?.ContentType, csv?.ContentType]).toEqual([
      'text/html; charset=utf-8',
      'text/html; charset=utf-8',
      'text/csv; charset=utf-8',
    ]);
    for (const object of [page, latest, csv]) {
      expect(object).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN });
    }
  });

  it('bundles every table it read as RFC 4180 CSV, header first', async () => {
    // Prepare
    const bucket = await curatedBucket();
    await report(bucket, publishedKpiTables(RUN)).outcome;

    // Act
    const headline = await text(bucket, `report/${REPORT_MONTH}/kpi_headline_monthly.csv`);
    const cac = await text(bucket, `report/${REPORT_MONTH}/kpi_cac_by_channel.csv`);

    // Assess: header + September, October, November; NULLs empty
    expect(headline.split('\r\n')).toHaveLength(5);
    expect(headline.startsWith('month,is_complete,customers,customers_change,')).toBe(true);
    expect(headline).toContain(`\r\n2026-09-01,true,120,,15,`);
    expect(cac.split('\r\n')[2]).toBe('2026-10-01,paid_search,900.00,8,112.50,900.00,8,5,false');
  });

  it('reads only the report’s published names, in the KPI database, through the pipeline workgroup', async () => {
    // Prepare
    const bucket = await curatedBucket();
    const { athena, outcome } = report(bucket, publishedKpiTables(RUN));

    // Act
    await outcome;

    // Assess: ten queries: the period, each of the 8 tables, and the wallet's latest period
    expect(athena.started).toHaveLength(10);
    expect(new Set(athena.tablesRead())).toEqual(new Set(REPORT_TABLES));
    for (const query of athena.started) {
      expect(query).toMatchObject({ WorkGroup: 'crm-etl', QueryExecutionContext: { Database: 'crm_kpi' } });
    }
  });

  it('writes neither the month’s page nor latest.html when a CSV file cannot be written', async () => {
    // Prepare
    const bucket = await curatedBucket();
    failingKey = `report/${REPORT_MONTH}/kpi_share_of_wallet_segment.csv`;

    // Act
    const outcome = report(bucket, publishedKpiTables(RUN)).outcome;

    // Assess
    await expect(outcome).rejects.toThrow(`simulated failure writing ${failingKey}`);
    const written = await keysIn(bucket);
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((k) => k.endsWith('.html'))).toEqual([]);
  });

  it('writes nothing when another run has been published since', async () => {
    // Prepare
    const bucket = await curatedBucket();
    const later = 'r20261102_0123456789_1';

    // Act
    const outcome = await report(bucket, publishedKpiTables(later)).outcome;

    // Assess
    expect(outcome).toEqual({ status: 'skipped', runId: RUN, reason: `run ${later} is published now, not ${RUN}` });
    expect(await keysIn(bucket)).toEqual([]);
  });

  it('writes nothing when no month is published yet', async () => {
    // Prepare
    const bucket = await curatedBucket();
    const tables = publishedKpiTables(RUN);
    const empty = { ...tables, kpi_headline_monthly: { ...tables.kpi_headline_monthly!, rows: [] } };

    // Act
    const outcome = await report(bucket, empty).outcome;

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      runId: RUN,
      reason: 'no month published yet (kpi_headline_monthly is empty)',
    });
    expect(await keysIn(bucket)).toEqual([]);
  });
});
