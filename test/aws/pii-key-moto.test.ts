/**
 * The personal-data key on Athena, against moto: land-exports reads it from
 * Secrets Manager (once per container), writes it as the one object of
 * `crm_stage.pii_key`, and the landing SQL of customers reads it from that
 * table without ever containing it. An unusable secret stops the night
 * before a run is claimed, with a message naming the secret, not its value.
 */
import { join } from 'node:path';
import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toGlueTableInput } from '../../functions/core/aws/glue-table-spec.js';
import { piiKeyTable } from '../../functions/core/aws/pii-key-layout.js';
import { listObjects } from '../../functions/core/aws/s3-objects.js';
import { motoEnvironment, startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

type Handler = (event: unknown) => Promise<Record<string, unknown>>;

const KEY = 'pii-key-test-secret-0123456789';
const hexOf = (key: string): string => Buffer.from(key, 'utf8').toString('hex');
const settings = {
  RAW_BUCKET: 'pii-raw',
  CURATED_BUCKET: 'pii-curated',
  RAW_DATABASE: 'crm_raw',
  STAGE_DATABASE: 'crm_stage',
  KPI_DATABASE: 'crm_kpi',
  SQL_DIR: join(import.meta.dirname, '..', '..', 'sql'),
  // Dev mode logs through the global console, captured below.
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: 'DEBUG',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

let moto: MotoServer;
let keyArn: string;
const savedEnv = { ...process.env };
const logged: string[] = [];

/** The handlers as a fresh Lambda container (cold start) with `secretArn`. */
async function coldStart(secretArn: string): Promise<{ land: Handler; render: Handler }> {
  process.env.PII_KEY_SECRET_ARN = secretArn;
  vi.resetModules();
  return {
    land: (await import('../../functions/handlers/land-exports.js')).handler as Handler,
    render: (await import('../../functions/handlers/render-model.js')).handler as Handler,
  };
}

async function storedKeyObject(): Promise<string> {
  const out = await moto.s3.send(new GetObjectCommand({ Bucket: settings.CURATED_BUCKET, Key: 'pii-key/hmac_key.hex' }));
  return (await out.Body?.transformToString()) ?? '';
}

const claimedRuns = async (): Promise<number> => (await listObjects(moto.s3, settings.RAW_BUCKET, '_manifests/')).length;

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, motoEnvironment(moto.endpoint), settings);
  for (const Bucket of [settings.RAW_BUCKET, settings.CURATED_BUCKET]) {
    await moto.s3.send(new CreateBucketCommand({ Bucket }));
  }
  await moto.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'crm_stage' } }));
  await moto.glue.send(
    new CreateTableCommand({ DatabaseName: 'crm_stage', TableInput: toGlueTableInput(piiKeyTable(settings.CURATED_BUCKET)) }),
  );
  for (const [Key, body] of Object.entries({
    'customers/export_date=2026-11-01/customers.csv': 'customer_id,email\nc1,ann@example.com\n',
    'orders/export_date=2026-11-01/orders.csv': 'order_id,customer_id,ordered_at,amount\no1,c1,2026-10-02,10.00\n',
  })) {
    await moto.s3.send(new PutObjectCommand({ Bucket: settings.RAW_BUCKET, Key, Body: Buffer.from(body) }));
  }
  keyArn = await moto.createSecret('pii-key', KEY);
  const capture = (...args: unknown[]): void => {
    logged.push(args.map(String).join(' '));
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation(capture);
  }
});

beforeEach(() => {
  logged.length = 0;
});

afterAll(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  await moto?.stop();
});

describe('Function: land-exports and the personal-data key', () => {
  it('writes the secret, hex-encoded, as the one object where crm_stage.pii_key points', async () => {
    // Prepare
    const { land } = await coldStart(keyArn);

    // Act
    await land({});

    // Assess
    const table = await moto.glue.send(new GetTableCommand({ DatabaseName: 'crm_stage', Name: 'pii_key' }));
    const location = table.Table?.StorageDescriptor?.Location ?? '';
    expect(location).toBe('s3://pii-curated/pii-key/');
    const objects = await listObjects(moto.s3, settings.CURATED_BUCKET, location.replace('s3://pii-curated/', ''));
    expect(objects.map((o) => o.key)).toEqual(['pii-key/hmac_key.hex']);
    expect(await storedKeyObject()).toBe(`${hexOf(KEY)}\n`);
    expect(table.Table?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type])).toEqual([['hmac_key', 'string']]);
  });

  it('renders the customers landing reading the key table, with no key in the SQL or the logs', async () => {
    // Prepare
    const { land, render } = await coldStart(keyArn);
    const run = await land({});

    // Act
    const { queryString } = await render({ runId: run.runId, asOf: run.asOf, model: 'landed_customers' });

    // Assess
    const sql = String(queryString);
    expect(sql).toContain('hmac_sha256(to_utf8(lower(trim(');
    expect(sql).toContain('(SELECT from_hex(hmac_key) FROM crm_stage.pii_key)');
    for (const secret of [KEY, hexOf(KEY)]) {
      expect(sql).not.toContain(secret);
      expect(logged.join('\n')).not.toContain(secret);
    }
    expect(logged.length).toBeGreaterThan(0);
  });

  it('reads the secret once per container: a new value is used from the next cold start', async () => {
    // Prepare
    const first = 'pii-key-first-secret-0123456789';
    const second = 'pii-key-second-secret-9876543210';
    const arn = await moto.createSecret('pii-rotating', first);
    const warm = await coldStart(arn);
    await warm.land({});
    await moto.secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: second }));

    // Act
    await warm.land({});
    const beforeColdStart = await storedKeyObject();
    await (await coldStart(arn)).land({});

    // Assess
    expect(beforeColdStart).toBe(`${hexOf(first)}\n`);
    expect(await storedKeyObject()).toBe(`${hexOf(second)}\n`);
  });

  it.each([
    ['does not exist', async () => 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pii-nope-AbCdEf', 'does not exist or has no value yet'],
    [
      'is too short',
      async () => moto.createSecret('pii-short', 'short-secret'),
      'is too short: the personal-data key must be at least 16 characters',
    ],
  ])('fails the land step, claiming no run, when the secret %s', async (_, secret, problem) => {
    // Prepare
    const arn = await secret();
    const { land } = await coldStart(arn);
    const claimed = await claimedRuns();

    // Act
    const error = await land({}).catch((e: unknown) => e as Error);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ConfigInvalidError');
    expect((error as Error).message).toBe(`the personal-data key secret ${arn} ${problem}`);
    expect(await claimedRuns()).toBe(claimed);
    expect(logged.join('\n')).not.toContain('short-secret');
  });
});
