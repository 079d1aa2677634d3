/**
 * The handlers as Lambda runs them: bundled by esbuild with the options
 * the stack's NodejsFunction uses (ESM, the createRequire banner, module
 * main fields, the SDK bundled), then loaded by plain `node` (not vitest,
 * not tsx). The bundles must not pull in DuckDB (a native module) or
 * dt-sql-parser (test-only, and not loadable by plain node). The land,
 * plan, render and report bundles also run against moto, plan reading sql/
 * from SQL_DIR as it does next to the bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnvironment, startMoto } from './helpers/moto-server.js';
import type { MotoServer } from './helpers/moto-server.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const HANDLERS = ['land-exports', 'plan-night', 'render-model', 'check-gates', 'publish-night', 'render-report'];
const REQUIRE_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

let moto: MotoServer;
let dir: string;
let secretArn: string;
const inputs = new Map<string, string[]>();

const environment = () => ({
  ...process.env,
  ...motoEnvironment(moto.endpoint),
  RAW_BUCKET: 'bundle-raw',
  CURATED_BUCKET: 'bundle-curated',
  RAW_DATABASE: 'crm_raw',
  STAGE_DATABASE: 'crm_stage',
  KPI_DATABASE: 'crm_kpi',
  SQL_DIR: join(root, 'sql'),
  PII_KEY_SECRET_ARN: secretArn,
  ATHENA_WORKGROUP: 'primary',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
});

/** Runs `handler(event)` of a bundle in a fresh node process; returns its JSON. */
async function invoke(name: string, event: unknown): Promise<Record<string, unknown>> {
  const script = `const { handler } = await import(${JSON.stringify(join(dir, name, 'index.mjs'))});
process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: environment() });
  return JSON.parse(stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'crm-kpi-bundles-'));
  for (const name of HANDLERS) {
    const result = await build({
      entryPoints: [join(root, 'functions', 'handlers', `${name}.ts`)],
      outfile: join(dir, name, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      banner: { js: REQUIRE_BANNER },
      metafile: true,
      minify: true,
      logLevel: 'silent',
    });
    inputs.set(name, Object.keys(result.metafile.inputs));
  }
  for (const Bucket of ['bundle-raw', 'bundle-curated']) {
    await moto.s3.send(new CreateBucketCommand({ Bucket }));
  }
  secretArn = await moto.createSecret('bundle-pii-key', 'bundle-test-key-0123456789');
  for (const [Key, body] of Object.entries({
    'customers/export_date=2026-11-01/c.csv': 'customer_id\nc1\n',
    'orders/export_date=2026-11-01/o.csv': 'order_id,customer_id,ordered_at,amount\no1,c1,2026-10-01,1.00\n',
  })) {
    await moto.s3.send(new PutObjectCommand({ Bucket: 'bundle-raw', Key, Body: Buffer.from(body) }));
  }
});

afterAll(async () => {
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Function: handler bundles', () => {
  it.each(HANDLERS)('bundles %s without DuckDB or the test-only SQL parser', (name) => {
    // Act
    const files = inputs.get(name) ?? [];

    // Assess
    expect(files.some((f) => f.includes('functions/handlers/'))).toBe(true);
    expect(files.filter((f) => f.includes('@duckdb') || f.includes('dt-sql-parser'))).toEqual([]);
  });

  it('runs the bundled land and plan handlers under plain node against moto', async () => {
    // Act
    const land = await invoke('land-exports', {});
    const plan = await invoke('plan-night', { runId: land.runId, asOf: land.asOf });

    // Assess
    expect(land).toMatchObject({ asOf: '2026-11-01', files: 2, filesToLand: 2 });
    const levels = plan.levels as { models: string[] }[];
    expect(levels[0]?.models).toContain('landed_orders');
    expect(levels.flatMap((l) => l.models)).toContain('kpi_cohort_retention');
  });

  it('renders a target from the bundle', async () => {
    // Prepare
    const land = await invoke('land-exports', {});

    // Act
    const rendered = await invoke('render-model', { runId: land.runId, asOf: land.asOf, model: 'stg_orders' });

    // Assess
    expect(String(rendered.queryString)).toMatch(new RegExp(`^CREATE TABLE crm_stage\\.stg_orders__${land.runId}\\n`));
  });

  it('runs the bundled report against moto’s Athena, which holds no published month', async () => {
    // Prepare
    const land = await invoke('land-exports', {});

    // Act
    const report = await invoke('render-report', { runId: land.runId, asOf: land.asOf });

    // Assess: moto answers the first query (the report period) with no rows
    expect(report).toEqual({
      status: 'skipped',
      runId: land.runId,
      reason: 'no month published yet (kpi_headline_monthly is empty)',
    });
  });
});
