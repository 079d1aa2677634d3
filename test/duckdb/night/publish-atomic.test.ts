import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../../functions/core/duckdb/duckdb-engine.js';
import { GateFailedError, ModelFailedError } from '../../../functions/core/errors.js';
import { runLocal } from '../../../functions/core/local/run-local.js';
import { loadModels } from '../../../functions/core/models/model-graph.js';
import { sqlDir, writeExports } from '../../helpers/run-fixture.js';
import { coreFixture } from '../../kpi/core-fixture.js';

/** Every published table's rows, in a stable order, as one comparable value. */
async function snapshot(warehouseDir: string): Promise<Record<string, unknown[]>> {
  const engine = await DuckDbEngine.open(join(warehouseDir, 'warehouse.duckdb'));
  try {
    const tables = await engine.query(
      "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1",
    );
    const result: Record<string, unknown[]> = {};
    for (const { table_name: name } of tables) {
      result[String(name)] = await engine.query(`SELECT * FROM main.${String(name)} ORDER BY ALL`);
    }
    return result;
  } finally {
    await engine.close();
  }
}

describe('Publishing', () => {
  let exportsDir: string;
  let workDir: string;
  let warehouseDir: string;
  let published: Record<string, unknown[]>;
  const run = (models = sqlDir) =>
    runLocal({ exportsDir, warehouseDir, sqlDir: models, config: parseConfig({}) });

  beforeAll(async () => {
    exportsDir = await writeExports(coreFixture);
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-publish-'));
    warehouseDir = join(workDir, 'warehouse');
    await run();
    published = await snapshot(warehouseDir);
  });
  afterAll(async () => {
    await rm(exportsDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  it('publishes every KPI model and the run-log tables, and nothing else', async () => {
    const kpis = (await loadModels(sqlDir)).filter((m) => m.layer === 'kpi').map((m) => m.name);
    expect(Object.keys(published)).toEqual(
      [
        ...kpis,
        'kpi_catalog',
        'pipeline_file_log',
        'pipeline_gate_log',
        'pipeline_rejects',
        'pipeline_restatements',
        'pipeline_run_history',
      ].sort(),
    );
    expect(published.kpi_cohort_retention?.length).toBe(9);
  });

  it('publishes identical tables when the same night runs again', async () => {
    await run();
    expect(await snapshot(warehouseDir)).toEqual(published);
  });

  it('leaves the published tables untouched when a model fails', async () => {
    // Prepare: the real models plus one that fails at run time.
    const models = join(workDir, 'sql-broken-model');
    await cp(sqlDir, models, { recursive: true });
    await writeFile(
      join(models, 'kpi', 'kpi_zz_broken.sql'),
      '-- kpi_zz_broken: fails on purpose.\n-- grain: one row\n-- key: x\n' +
        "select cast('not a number' as integer) as x\n",
    );
    // Act / Assess
    await expect(run(models)).rejects.toThrow(ModelFailedError);
    expect(await snapshot(warehouseDir)).toEqual(published);
  });

  it('leaves the published tables untouched when a gate fails', async () => {
    const models = join(workDir, 'sql-failing-audit');
    await cp(sqlDir, models, { recursive: true });
    await writeFile(
      join(models, 'audits', 'audit_always_fails.sql'),
      '-- audit_always_fails: one violation on purpose.\n-- grain: one row per violation\n' +
        "-- key: month\nselect month from {{ ref('kpi_cac_by_channel') }}\n",
    );
    await expect(run(models)).rejects.toThrow(GateFailedError);
    // Only the run log moved, and it says which gate failed, with the run id.
    const after = await snapshot(warehouseDir);
    const runLog = ['pipeline_gate_log', 'pipeline_file_log', 'pipeline_rejects'];
    const kept = (tables: Record<string, unknown[]>) =>
      Object.fromEntries(Object.entries(tables).filter(([name]) => !runLog.includes(name)));
    expect(kept(after)).toEqual(kept(published));
    const gateLog = after.pipeline_gate_log;
    expect(gateLog).toContainEqual(
      // One violation per row of kpi_cac_by_channel: 9 in the core fixture (test/kpi).
      expect.objectContaining({ gate: 'audit:audit_always_fails', passed: false, violations: '9' }),
    );
    expect(new Set(gateLog?.map((g) => (g as { run_id: string }).run_id)).size).toBe(1);
  });

  it('refuses a second run while the first holds the warehouse', async () => {
    await writeFile(join(warehouseDir, '.lock'), `${process.pid}\n`);
    try {
      await expect(run()).rejects.toThrow(/another run \(pid \d+\) is using/);
    } finally {
      await rm(join(warehouseDir, '.lock'), { force: true });
    }
  });
});

describe('A night with only customers and orders', () => {
  it('publishes every table and names the KPIs that had no input', async () => {
    const { runFixture } = await import('../../helpers/run-fixture.js');
    const run = await runFixture({
      'customers/export_date=2025-04-15/c.csv': 'customer_id,acquired_at\nA,2025-01-10\n',
      'orders/export_date=2025-04-15/o.csv': 'order_id,customer_id,ordered_at,amount\nA1,A,2025-01-10,10.00\n',
    });
    try {
      const missing = new Map(run.summary.missingInputs.map((m) => [m.table, m]));
      expect(missing.get('kpi_perception_monthly')).toEqual({
        table: 'kpi_perception_monthly',
        rows: 0,
        entities: ['survey_responses'],
      });
      expect(missing.get('kpi_share_of_wallet')?.entities).toEqual(['wallet_estimates']);
      expect(missing.has('kpi_cohort_retention')).toBe(false);
      expect(run.summary.gates.every((g) => g.passed)).toBe(true);
    } finally {
      await run.close();
    }
  });
});
