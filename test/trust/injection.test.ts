/**
 * Injection: SQL (and template) text in every value a user supplies must be
 * rejected by validation or stay inert data: CLI arguments, config values,
 * export file and folder names, column headers, JSON keys and cell values.
 * Inert means: no SQL error, no table dropped, every row counted, and the
 * text arriving in the tables exactly as written.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import { ConfigInvalidError } from '../../functions/core/errors.js';
import { loadModels } from '../../functions/core/models/model-graph.js';
import { runNightly } from '../../functions/core/duckdb/night/run-nightly.js';
import { sqlDir } from '../helpers/run-fixture.js';
import { runCli } from './cli-process.js';
import { prepareExports, runTrustNight } from './trust-night.js';
import type { TrustNight } from './trust-night.js';

const DAY = 'export_date=2025-03-31';
const DROP = "'; DROP TABLE main.kpi_headline_monthly; --";

/** Exports whose names, headers, keys and cells all carry SQL or template text. */
const FILES = {
  [`customers/${DAY}/c${DROP}.csv`]:
    `customer_id,segment,"x'); DROP TABLE t; --","y""z"\n` +
    `C1,"'); DROP TABLE landing.orders; --",a,b\n` +
    `"C2'; --",smb,,\n`,
  // DuckDB reads paths as glob patterns: these must read only themselves.
  [`orders/${DAY}/*.csv`]:
    "order_id,customer_id,ordered_at,amount,category\nO1,C1,2025-01-05,1.00,{{ ref('stg_orders') }}\n",
  [`orders/${DAY}/o[1]?.csv`]: 'order_id,customer_id,ordered_at,amount\nO2,C1,2025-01-06,2.00\n',
  [`orders/${DAY}/o "quoted" 'both'.jsonl`]:
    `${JSON.stringify({
      order_id: "O3'; DROP TABLE build.stg_orders; --",
      customer_id: "C2'; --",
      ordered_at: '2025-01-07',
      amount: '3.00',
      "a'b": 1,
      'c"d': 2,
      '$.amount': '999.00',
      r_amount: '999.00',
      _f0: 'x',
    })}\n`,
  // Outside the contract layout: reported, never read.
  [`orders${DROP}/${DAY}/o.csv`]: 'order_id,customer_id,ordered_at,amount\nO9,C1,2025-01-05,9.00\n',
  [`orders/export_date=2025-03-31${DROP}/o.csv`]: 'order_id,customer_id,ordered_at,amount\nO9,C1,2025-01-05,9.00\n',
};

describe('Injection in export names, headers, keys and cells', () => {
  let night: TrustNight;
  beforeAll(async () => {
    night = await runTrustNight(await prepareExports(null, FILES));
  });
  afterAll(() => night.close());

  it('publishes the night with every KPI table present', async () => {
    expect(night.gateError).toBeNull();
    const kpis = (await loadModels(sqlDir)).filter((m) => m.layer === 'kpi').length;
    const [row] = await night.rows(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name LIKE 'kpi_%'",
    );
    expect(Number(row?.n)).toBe(kpis);
  });

  it('reads each oddly named file once, counting every row', () => {
    expect(night.summary?.files.map((f) => [f.file, f.status, f.rowsRead, f.rowsAccepted, f.unknownColumns])).toEqual([
      [`customers/${DAY}/c${DROP}.csv`, 'ok', 2, 2, ["x'); DROP TABLE t; --", 'y"z']],
      [`orders/${DAY}/*.csv`, 'ok', 1, 1, []],
      [`orders/${DAY}/o "quoted" 'both'.jsonl`, 'ok', 1, 1, ['$.amount', '_f0', "a'b", 'c"d', 'r_amount']],
      [`orders/${DAY}/o[1]?.csv`, 'ok', 1, 1, []],
    ]);
    expect(night.summary?.unknownFolders).toEqual([`orders/export_date=2025-03-31${DROP}`, `orders${DROP}`]);
  });

  it('keeps SQL and template text in cells as plain data', async () => {
    expect(
      await night.rows('SELECT order_id, customer_id, amount, category FROM build.stg_orders ORDER BY order_id'),
    ).toEqual([
      { order_id: 'O1', customer_id: 'C1', amount: '1.00', category: "{{ ref('stg_orders') }}" },
      { order_id: 'O2', customer_id: 'C1', amount: '2.00', category: null },
      { order_id: "O3'; DROP TABLE build.stg_orders; --", customer_id: "C2'; --", amount: '3.00', category: null },
    ]);
    expect(await night.rows('SELECT customer_id, segment FROM build.stg_customers ORDER BY 1')).toEqual([
      { customer_id: 'C1', segment: "'); DROP TABLE landing.orders; --" },
      { customer_id: "C2'; --", segment: 'smb' },
    ]);
  });
});

describe('Injection in config values and dates', () => {
  it.each([
    ['reportingCurrency', { reportingCurrency: "USD'; DROP TABLE x; --" }, 'reportingCurrency: must be a 3-letter ISO 4217 code'],
    ['timeZone', { timeZone: "UTC'; SET x = 1; --" }, 'timeZone: must be an IANA zone'],
    ['a number as text', { churnWindowDays: '180; DROP TABLE x' }, 'churnWindowDays:'],
    ['a nested weight', { healthWeights: { recency: "0.25'" } }, 'healthWeights.recency:'],
    ['an unknown key', { "x'; DROP TABLE y; --": 1 }, 'Unrecognized key'],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseConfig(input)).toThrow(ConfigInvalidError);
    expect(() => parseConfig(input)).toThrow(message);
  });

  it('rejects an export date that is not a real date before any SQL runs', async () => {
    const engine = await DuckDbEngine.open(':memory:');
    try {
      await expect(
        runNightly(engine, {
          exportsDir: '/nonexistent',
          sqlDir,
          config: parseConfig({}),
          exportDate: "2025-03-31' OR 1=1 --",
        }),
      ).rejects.toThrow(ConfigInvalidError);
    } finally {
      await engine.close();
    }
  });
});

describe('npm start with injection in its arguments', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-inject-'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it.each([
    ['--export-date', "2025-03-31'; DROP TABLE main.pipeline_gate_log; --", '--export-date: must be YYYY-MM-DD'],
    ['--export-date', '2025-13-01', '--export-date: not a real date'],
    ['--memory-limit', "1GB'; SELECT 1; --", '--memory-limit: must look like 1GB or 512MB'],
    ['--sql', 'DROP TABLE x', 'unknown option --sql'],
  ])('refuses %s %s with exit code 1', async (flag, value, message) => {
    const result = await runCli([flag, value, '--warehouse', join(workDir, 'refused')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('runs with SQL and glob characters in the exports, warehouse and config paths', async () => {
    // Prepare
    const exportsDir = join(workDir, `ex[1]*${DROP}`);
    const source = await prepareExports(null, FILES);
    await cp(source, exportsDir, { recursive: true });
    await rm(source, { recursive: true, force: true });
    const warehouseDir = join(workDir, `wh "x"; DROP TABLE main.kpi_cohort_retention; --`);
    const config = join(workDir, `c'fg "${DROP}".json`);
    await writeFile(config, JSON.stringify({ maxRejectShare: 0.5 }));
    // Act
    const result = await runCli(['--exports', exportsDir, '--warehouse', warehouseDir, '--config', config]);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    const parquet = await readdir(join(warehouseDir, 'parquet'));
    expect(parquet).toContain('kpi_cohort_retention.parquet');
    expect(parquet).toContain('kpi_headline_monthly.parquet');
    expect(result.stdout).toContain(`Not in the contract layout, so not read: orders/export_date=2025-03-31${DROP}, orders${DROP}`);
  });
});
