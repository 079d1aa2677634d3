/**
 * Late data and reruns. Night 1 (export 2025-03-31) publishes C1 (acquired
 * 2025-01-05, smb) with O1 100.00 on 01-05 and O3 30.00 on 03-10, and C2
 * (acquired 2025-02-10) with O2 50.00 on 02-10. Night 2's export
 * (2025-04-01) brings O4: 25.00 for C1, dated 2025-01-20, about three months
 * late. January moves, and pipeline_restatements says exactly which
 * published figures changed. Running night 2 again changes nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { runLocal } from '../../functions/core/local/run-local.js';
import { sqlDir } from '../helpers/run-fixture.js';
import { prepareExports } from './trust-night.js';
import { readWarehouse } from './warehouse-state.js';
import type { WarehouseState } from './warehouse-state.js';

describe('Late data and restatements', () => {
  let exportsDir: string;
  let workDir: string;
  let warehouseDir: string;
  let night1: WarehouseState;
  let night2: WarehouseState;
  const run = (exportDate?: string) =>
    runLocal({ exportsDir, warehouseDir, sqlDir, config: parseConfig({}), exportDate });
  const read = () => readWarehouse(warehouseDir, join(workDir, 'scratch'));

  beforeAll(async () => {
    exportsDir = await prepareExports(null, {
      'customers/export_date=2025-03-31/customers.csv':
        'customer_id,acquired_at,segment\nC1,2025-01-05,smb\nC2,2025-02-10,consumer\n',
      'orders/export_date=2025-03-31/orders.csv':
        'order_id,customer_id,ordered_at,amount\nO1,C1,2025-01-05,100.00\nO2,C2,2025-02-10,50.00\nO3,C1,2025-03-10,30.00\n',
      'orders/export_date=2025-04-01/orders.csv': 'order_id,customer_id,ordered_at,amount\nO4,C1,2025-01-20,25.00\n',
    });
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-restate-'));
    warehouseDir = join(workDir, 'warehouse');
    await run('2025-03-31');
    night1 = await read();
    await run();
    night2 = await read();
  });
  afterAll(async () => {
    await rm(exportsDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  it('records no restatement on the first night', () => {
    expect(night1.tables.pipeline_restatements).toEqual([]);
  });

  it('updates the months the late order belongs to', () => {
    const january = night2.tables.kpi_headline_monthly?.find((r) => r.month === '2025-01-01');
    expect(january?.revenue).toBe('125.00'); // 100.00 + 25.00
  });

  it('records every published figure the late order changed', () => {
    const runIds = (rows: Row[] | undefined) => [...new Set(rows?.map((r) => r.run_id))];
    const [previousRun] = runIds(night1.tables.kpi_headline_monthly);
    const [thisRun] = runIds(night2.tables.kpi_headline_monthly);
    const cohort0 = 'cohort_month=2025-01-01, months_since_acquisition=';
    const year = 'period_type=year, period_start=2025-01-01, segment=';
    const change = (
      table: string, key: string, column: string, before: string, after: string, complete: boolean,
    ) => ({
      table_name: table, row_key: key, column_name: column, previous_value: before,
      new_value: after, previous_is_complete: complete, previous_run_id: previousRun,
      as_of: '2025-04-01', run_id: thisRun,
    });
    expect(night2.tables.pipeline_restatements).toEqual([
      // Cohort 2025-01 is C1 alone (size 1). Month 0: 100 + 25 = 125, which
      // every month of the cohort carries as month_zero_revenue.
      change('kpi_cohort_retention', `${cohort0}0`, 'cumulative_revenue', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}0`, 'cumulative_revenue_per_member', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}0`, 'month_zero_revenue', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}0`, 'revenue', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}0`, 'revenue_per_member', '100.00', '125.00', true),
      // Month 1 (no order): cumulative 125. Month 2 (O3 30): cumulative 155,
      // revenue retention 30 / 100 = 0.3 becomes 30 / 125 = 0.24.
      change('kpi_cohort_retention', `${cohort0}1`, 'cumulative_revenue', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}1`, 'cumulative_revenue_per_member', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}1`, 'month_zero_revenue', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}2`, 'cumulative_revenue', '130.00', '155.00', true),
      change('kpi_cohort_retention', `${cohort0}2`, 'cumulative_revenue_per_member', '130.00', '155.00', true),
      change('kpi_cohort_retention', `${cohort0}2`, 'month_zero_revenue', '100.00', '125.00', true),
      change('kpi_cohort_retention', `${cohort0}2`, 'revenue_retention', '0.3', '0.24', true),
      // The open year ends on the new export date (not a restatement of a
      // closed period: previous_is_complete is false). Customer counts do not
      // move: C1 was already active in January.
      change('kpi_customer_reconciliation', `${year}all`, 'period_end', '2025-03-31', '2025-04-01', false),
      change('kpi_customer_reconciliation', `${year}consumer`, 'period_end', '2025-03-31', '2025-04-01', false),
      change('kpi_customer_reconciliation', `${year}smb`, 'period_end', '2025-03-31', '2025-04-01', false),
      // January: C1's net CLV 100 + 30 = 130 becomes 155 (no spend, CAC 0),
      // and so does the month's CLV total (C1 alone);
      // revenue 125. February: C2's CLV 50 - 130 = -80 becomes 50 - 155 =
      // -105; revenue 50 - 100 = -50 becomes 50 - 125 = -75.
      change('kpi_headline_monthly', 'month=2025-01-01', 'clv', '130.00', '155.00', true),
      change('kpi_headline_monthly', 'month=2025-01-01', 'net_clv_total', '130.00', '155.00', true),
      change('kpi_headline_monthly', 'month=2025-01-01', 'revenue', '100.00', '125.00', true),
      change('kpi_headline_monthly', 'month=2025-02-01', 'clv_change', '-80.00', '-105.00', true),
      change('kpi_headline_monthly', 'month=2025-02-01', 'revenue_change', '-50.00', '-75.00', true),
    ]);
  });

  it('lists the restated figures in the report of night 2', async () => {
    const page = await readFile(join(warehouseDir, 'report', 'latest.html'), 'utf8');
    const listed = page.match(/data-key="kpi_[a-z_]+:[^"]+"/g) ?? [];
    expect(listed).toHaveLength(night2.tables.pipeline_restatements?.length ?? -1);
    expect(page).toContain('data-key="kpi_headline_monthly:month=2025-01-01:revenue"');
    expect(page).toMatch(/data-field="previous_value">100\.00<\/td><td class="num" data-field="new_value">125\.00</);
    expect(page).not.toContain('data-restatements="none"');
  });

  it('publishes identical tables and Parquet files when night 2 runs again', async () => {
    // Act
    await run();
    // Assess: the rerun diff is empty, restatements and run history included.
    expect(await read()).toEqual(night2);
  });

  it('takes a corrected export of the same size for new input, not a rerun', async () => {
    // Prepare: O4 corrected from 25.00 to 35.00, the same number of bytes.
    const runIds = (state: WarehouseState) =>
      new Set(state.tables.kpi_headline_monthly?.map((r) => r.run_id));
    await writeFile(
      join(exportsDir, 'orders/export_date=2025-04-01/orders.csv'),
      'order_id,customer_id,ordered_at,amount\nO4,C1,2025-01-20,35.00\n',
    );

    // Act
    await run();
    const corrected = await read();

    // Assess: a new run, and January's revenue 125.00 restated as 135.00.
    expect([...runIds(corrected)]).not.toEqual([...runIds(night2)]);
    expect(corrected.tables.pipeline_restatements).toContainEqual(
      expect.objectContaining({
        table_name: 'kpi_headline_monthly',
        row_key: 'month=2025-01-01',
        column_name: 'revenue',
        previous_value: '125.00',
        new_value: '135.00',
      }),
    );
  });
});
