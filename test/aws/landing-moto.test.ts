/**
 * The land step against moto (S3 on 127.0.0.1, real SDK calls): listing a
 * night's raw objects across pages, classifying each file from its first
 * bytes, and claiming the run with a conditional put.
 */
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { mapLimit } from '../../functions/core/aws/map-limit.js';
import { readManifest } from '../../functions/core/aws/run-manifest.js';
import { PipelineError } from '../../functions/core/errors.js';
import { landNight } from '../../functions/core/aws/land-night.js';
import { startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

const CUSTOMERS = 'customer_id,acquired_at,acquisition_channel,segment,country,email,updated_at\n';
const ORDERS = 'order_id,customer_id,ordered_at,amount,cost,category,status,currency,updated_at\n';
const now = new Date('2026-11-02T02:30:00Z');
const config = parseConfig({});

let moto: MotoServer;

async function put(bucket: string, files: Record<string, string | Buffer>): Promise<void> {
  await mapLimit(Object.entries(files), 16, ([Key, Body]) =>
    moto.s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: typeof Body === 'string' ? Buffer.from(Body) : Body })),
  );
}

beforeAll(async () => {
  moto = await startMoto();
  await moto.s3.send(new CreateBucketCommand({ Bucket: 'raw-night' }));
  const full = gzipSync(Buffer.from(`${CUSTOMERS}c2,2026-10-01,web,smb,FR,b@x.io,\n`));
  await put('raw-night', {
    'customers/export_date=2026-10-31/customers.csv': `${CUSTOMERS}c1,2026-10-01,web,smb,FR,a@x.io,\n`,
    'customers/export_date=2026-11-01/customers.csv.gz': full,
    'customers/export_date=2026-11-01/late.csv': ' Email ,CUSTOMER_ID,loyalty_tier\r\na@x.io,c1,gold\r\n',
    'orders/export_date=2026-11-01/orders.csv': `${ORDERS}o1,c1,2026-10-02,10.00,,,,,\n`,
    'orders/export_date=2026-11-01/no-amount.csv': 'order_id,customer_id\no2,c1\n',
    'orders/export_date=2026-11-01/orders.jsonl': '{"order_id":"o3"}\n',
    'orders/export_date=2026-11-01/notes.txt': 'hello',
    'orders/export_date=2026-11-01/empty.csv': '',
    'orders/export_date=2026-11-01/header-only.csv': ORDERS,
    'orders/export_date=2026-11-01/latin1.csv': Buffer.from([0x6f, 0x72, 0x64, 0xe9, 0x0a, 0x31, 0x0a]),
    'orders/export_date=2026-11-01/cut.csv.gz': full.subarray(0, full.length - 12),
    'orders/export_date=2026-11-01/_SUCCESS': '',
    'orders/export_date=2026-11-02/orders.csv': `${ORDERS}o9,c1,2026-11-02,1.00,,,,,\n`,
    'orders/misplaced.csv': ORDERS,
    'marketing/export_date=2026-11-01/spend.csv': 'x\n',
    '_manifests/old.json': '{}',
  });
});

afterAll(async () => {
  await moto?.stop();
});

describe('Function: landNight', () => {
  it('classifies every file of the night from its listing and first bytes', async () => {
    // Act
    const manifest = await landNight(moto.s3, { rawBucket: 'raw-night', config, exportDate: '2026-11-01', now });

    // Assess
    const byKey = Object.fromEntries(manifest.files.map((f) => [f.key.replace(/^.*export_date=/, ''), f]));
    expect(Object.keys(byKey).sort()).toEqual([
      '2026-10-31/customers.csv',
      '2026-11-01/customers.csv.gz',
      '2026-11-01/cut.csv.gz',
      '2026-11-01/empty.csv',
      '2026-11-01/header-only.csv',
      '2026-11-01/late.csv',
      '2026-11-01/latin1.csv',
      '2026-11-01/no-amount.csv',
      '2026-11-01/notes.txt',
      '2026-11-01/orders.csv',
      '2026-11-01/orders.jsonl',
    ]);
    expect(byKey['2026-11-01/customers.csv.gz']).toMatchObject({ status: 'ok', format: 'csv' });
    expect(byKey['2026-11-01/late.csv']).toMatchObject({
      status: 'ok',
      header: [' Email ', 'CUSTOMER_ID', 'loyalty_tier'],
      unknownColumns: ['loyalty_tier'],
    });
    expect(byKey['2026-11-01/no-amount.csv']).toMatchObject({
      status: 'ok',
      fileError: { column: 'ordered_at, amount' },
      fix: 'add the column ordered_at, amount to the export header',
    });
    expect(byKey['2026-11-01/orders.jsonl']).toMatchObject({ status: 'ok', format: 'jsonl' });
    expect(byKey['2026-11-01/notes.txt']).toMatchObject({ status: 'unsupported', format: null });
    expect(byKey['2026-11-01/empty.csv']).toMatchObject({ status: 'empty', problem: 'the file is empty' });
    expect(byKey['2026-11-01/header-only.csv']).toMatchObject({ status: 'empty', problem: 'the file has a header but no rows' });
    expect(byKey['2026-11-01/latin1.csv']).toMatchObject({ status: 'unreadable', problem: 'the header row is not UTF-8 text' });
    expect(byKey['2026-11-01/cut.csv.gz']?.status).toBe('unreadable');
    expect(byKey['2026-11-01/cut.csv.gz']?.problem).toMatch(/^the gzip file is cut off or corrupt/);
    expect(manifest.unknownFolders).toEqual(['marketing']);
    expect(manifest.asOf).toBe('2026-11-01');
  });

  it('claims a fresh run id per attempt with a conditional put, and stores the manifest', async () => {
    // Act
    const first = await landNight(moto.s3, { rawBucket: 'raw-night', config, exportDate: '2026-11-01', now });
    const second = await landNight(moto.s3, { rawBucket: 'raw-night', config, exportDate: '2026-11-01', now });

    // Assess: same inputs, same base; the second writer got the next attempt.
    const [base, attempt] = [first.runId.replace(/_\d+$/, ''), Number(first.runId.split('_')[2])];
    expect(base).toMatch(/^r20261101_[0-9a-f]{10}$/);
    expect(second.runId).toBe(`${base}_${attempt + 1}`);
    expect(await readManifest(moto.s3, 'raw-night', first.runId)).toEqual(first);
    expect(second.files).toEqual(first.files);
  });

  it('claims a new base when an export is corrected without changing its size', async () => {
    // Prepare: o9's amount 1.00 becomes 2.00 on 2026-11-02; same byte count.
    const before = await landNight(moto.s3, { rawBucket: 'raw-night', config, now });
    await put('raw-night', { 'orders/export_date=2026-11-02/orders.csv': `${ORDERS}o9,c1,2026-11-02,2.00,,,,,\n` });

    // Act
    const after = await landNight(moto.s3, { rawBucket: 'raw-night', config, now });

    // Assess: a rerun would keep the base; a correction is new input.
    const base = (runId: string) => runId.replace(/_\d+$/, '');
    const corrected = (m: typeof after) => m.files.find((f) => f.key.endsWith('2026-11-02/orders.csv'));
    expect(corrected(after)?.bytes).toBe(corrected(before)?.bytes);
    expect(corrected(after)?.etag).not.toBe(corrected(before)?.etag);
    expect(base(after.runId)).not.toBe(base(before.runId));
  });

  it('takes the latest export date present when none is given', async () => {
    // Act
    const manifest = await landNight(moto.s3, { rawBucket: 'raw-night', config, now });

    // Assess
    expect(manifest.asOf).toBe('2026-11-02');
    expect(manifest.runId).toMatch(/^r20261102_/);
  });

  it('refuses a night without an orders export', async () => {
    // Act: on 2026-10-31 only customers had been exported.
    const error = await landNight(moto.s3, { rawBucket: 'raw-night', config, exportDate: '2026-10-31', now }).catch(
      (e) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(PipelineError);
    expect(error.message).toBe(
      'no orders export on or before 2026-10-31 in s3://raw-night/: customers and orders are required for a night',
    );
  });

  it('lists every file of a folder across S3 result pages (more than 1,000 keys)', async () => {
    // Prepare: 1,001 empty parts (no body to read) beside the required entities.
    await moto.s3.send(new CreateBucketCommand({ Bucket: 'raw-many' }));
    const parts: Record<string, string> = {
      'customers/export_date=2026-11-01/c.csv': CUSTOMERS,
      'orders/export_date=2026-11-01/o.csv': ORDERS,
    };
    for (let i = 0; i < 1001; i += 1) {
      parts[`engagement_events/export_date=2026-11-01/part-${String(i).padStart(4, '0')}.csv`] = '';
    }
    await put('raw-many', parts);

    // Act
    const manifest = await landNight(moto.s3, { rawBucket: 'raw-many', config, now });

    // Assess
    expect(manifest.files.filter((f) => f.entity === 'engagement_events')).toHaveLength(1001);
    expect(manifest.files).toHaveLength(1003);
  });
});
