/**
 * The row-count alarm: an entity whose accepted rows fall by more than
 * maxRowCountDrop (default 50%) against the previous published night blocks
 * publishing, unless the run is forced. The baseline is the last night that
 * published (pipeline_run_history), never a night that failed.
 *
 * Night 1 publishes 2 customers and 4 orders. Then the orders export of the
 * same date is re-delivered with 1 row: 1 accepted against 4 is a drop of
 * 3 / 4 = 75% > 50%.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { GateFailedError } from '../../functions/core/errors.js';
import { runLocal } from '../../functions/core/local/run-local.js';
import { sqlDir } from '../helpers/run-fixture.js';
import { runCli } from './cli-process.js';
import { prepareExports } from './trust-night.js';

const ORDERS = 'orders/export_date=2025-03-31/orders.csv';
const HEADER = 'order_id,customer_id,ordered_at,amount,status,currency\n';
const DROP_GATE = "SELECT severity, violations, passed, detail, run_id FROM main.pipeline_gate_log WHERE gate = 'row_count_drop:orders'";

async function query(warehouseDir: string, sql: string): Promise<Row[]> {
  const engine = await DuckDbEngine.open(join(warehouseDir, 'warehouse.duckdb'));
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}

describe('Function: runNightly (row-count drop alarm)', () => {
  let exportsDir: string;
  let workDir: string;
  let warehouseDir: string;
  let firstRunId: string;
  const run = (force = false) =>
    runLocal({ exportsDir, warehouseDir, sqlDir, config: parseConfig({}), force });

  beforeAll(async () => {
    exportsDir = await prepareExports(null, {
      'customers/export_date=2025-03-31/customers.csv': 'customer_id,segment\nC1,smb\nC2,consumer\n',
      [ORDERS]: `${HEADER}O1,C1,2025-01-05,100.00,completed,USD\nO2,C2,2025-02-10,50.00,completed,USD\n` +
        'O3,C1,2025-03-01,20.00,completed,USD\nO4,C2,2025-03-02,30.00,completed,USD\n',
    });
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-drop-'));
    warehouseDir = join(workDir, 'warehouse');
    firstRunId = (await run()).runId;
    await writeFile(join(exportsDir, ORDERS), `${HEADER}O1,C1,2025-01-05,100.00,completed,USD\n`);
  });
  afterAll(async () => {
    await rm(exportsDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  it('blocks the night when orders shrank by more than maxRowCountDrop', async () => {
    // Act
    await expect(run()).rejects.toThrow(GateFailedError);
    // Assess: the KPI tables are night 1's; the gate log is the failed run's.
    const [kpi] = await query(warehouseDir, 'SELECT DISTINCT run_id FROM main.kpi_headline_monthly');
    expect(kpi?.run_id).toBe(firstRunId);
    const [gate] = await query(warehouseDir, DROP_GATE);
    expect(gate).toMatchObject({
      severity: 'error',
      violations: '1',
      passed: false,
      detail:
        '1 accepted rows, 4 the previous published night (down 75%); more than maxRowCountDrop 50%: ' +
        'check the export, or rerun with --force if the drop is real',
    });
    expect(gate?.run_id).not.toBe(firstRunId);
  });

  it('keeps blocking on a plain rerun: a failed night is never the baseline', async () => {
    await expect(run()).rejects.toThrow(GateFailedError);
  });

  it('publishes when forced (npm start --force), logging the drop as a warning', async () => {
    // Act
    const result = await runCli(['--exports', exportsDir, '--warehouse', warehouseDir, '--force']);
    // Assess
    expect(result.code).toBe(0);
    const [gate] = await query(warehouseDir, DROP_GATE);
    expect(gate).toMatchObject({
      severity: 'warning',
      violations: '1',
      passed: true,
      detail:
        '1 accepted rows, 4 the previous published night (down 75%); more than maxRowCountDrop 50%, ' +
        'published because the run was forced',
    });
    const history = await query(
      warehouseDir,
      "SELECT run_number, rows_accepted FROM main.pipeline_run_history WHERE entity = 'orders' ORDER BY run_number",
    );
    expect(history).toEqual([
      { run_number: '1', rows_accepted: '4' },
      { run_number: '2', rows_accepted: '1' },
    ]);
  });

  it('compares the next night with the forced one', async () => {
    // Prepare: the next export date brings one more order (1 + 1 = 2).
    const nextDay = join(exportsDir, 'orders', 'export_date=2025-04-01');
    await mkdir(nextDay, { recursive: true });
    await writeFile(join(nextDay, 'orders.csv'), `${HEADER}O5,C1,2025-04-01,10.00,completed,USD\n`);
    // Act
    const summary = await run();
    // Assess
    expect(summary.gates.find((g) => g.gate === 'row_count_drop:orders')).toEqual({
      gate: 'row_count_drop:orders',
      severity: 'error',
      violations: 0,
      passed: true,
      detail: '2 accepted rows, 1 the previous published night (no drop); within maxRowCountDrop 50%',
      rowsAccepted: null,
      rowsRejected: null,
    });
  });
});
