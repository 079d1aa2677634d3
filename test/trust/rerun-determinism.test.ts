/**
 * Reruns at a size where DuckDB aggregates in parallel: 20,000 generated
 * customers (about 200,000 orders, tens of thousands of leads, tickets and
 * stage changes), the same export date run twice into two warehouses. Every
 * published table and Parquet file must be equal value for value, DOUBLEs
 * included. With plain DOUBLE sums this failed on four tables (sales,
 * service, share-of-wallet segment, stage velocity: 848 rows differing in
 * the last bits), because threads add in no fixed order; {{ exact_sum }}
 * fixed it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { generateExports } from '../../functions/core/demo/generate-exports.js';
import { runLocal } from '../../functions/core/local/run-local.js';
import { sqlDir } from '../helpers/run-fixture.js';
import { readWarehouse } from './warehouse-state.js';

describe('Rerun of the same night at 20,000 customers', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-rerun-'));
    await generateExports({ outDir: join(workDir, 'exports'), customers: 20_000 });
  }, 60_000);
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('publishes identical tables and Parquet files in two warehouses', async () => {
    // Act
    const runInto = async (name: string) => {
      const warehouseDir = join(workDir, name);
      await runLocal({ exportsDir: join(workDir, 'exports'), warehouseDir, sqlDir, config: parseConfig({}) });
      return readWarehouse(warehouseDir, join(workDir, 'scratch'));
    };
    const first = await runInto('first');
    const second = await runInto('second');

    // Assess
    expect(Object.keys(first.tables).length).toBeGreaterThan(20);
    expect(first.tables.kpi_sales_monthly?.length).toBeGreaterThan(0);
    for (const [table, rows] of Object.entries(first.tables)) expect(second.tables[table], table).toEqual(rows);
    for (const [file, rows] of Object.entries(first.parquet)) expect(second.parquet[file], file).toEqual(rows);
  }, 180_000);
});
