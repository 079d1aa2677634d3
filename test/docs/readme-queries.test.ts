/**
 * The README's example queries, run as a BI user would run them: on the
 * warehouse `npm start` publishes from the bundled sample exports. Each
 * runs and returns rows; the cohort example leaves out the partial
 * month's cells (which count a few days, not a month).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import { runLocal } from '../../functions/core/local/run-local.js';
import { sqlDir } from '../helpers/run-fixture.js';

const root = join(sqlDir, '..');

/** Every statement of the README's "Example queries" SQL block, with its leading comment. */
async function exampleQueries(): Promise<string[]> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const section = readme.split('### Example queries')[1]?.split('\n## ')[0] ?? '';
  const block = /```sql\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split(';')
    .map((q) => q.trim())
    .filter((q) => q.length > 0);
}

describe('README: example queries', () => {
  let workDir: string;
  let engine: DuckDbEngine;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-readme-'));
    const warehouseDir = join(workDir, 'warehouse');
    await runLocal({ exportsDir: join(root, 'sample-exports'), warehouseDir, sqlDir, config: parseConfig({}) });
    engine = await DuckDbEngine.open(join(warehouseDir, 'warehouse.duckdb'));
  });
  afterAll(async () => {
    await engine?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('lists its examples', async () => {
    expect((await exampleQueries()).length).toBeGreaterThanOrEqual(6);
  });

  it('runs every example on the demo warehouse, each returning rows', async () => {
    for (const query of await exampleQueries()) {
      const rows = await engine.query(query);
      expect(rows.length, query.split('\n')[0]).toBeGreaterThan(0);
    }
  });

  it('shows returns on relationship the demo can compute', async () => {
    const ror = (await exampleQueries()).find((q) => q.includes('FROM kpi_return_on_relationship')) ?? '';
    const rows = await engine.query(ror);
    expect(rows.filter((r) => r.ror_revenue !== null).length).toBeGreaterThan(0);
    // Unknown is NULL: a period without an existing base has no increment.
    for (const row of rows.filter((r) => Number(r.base_customers) === 0)) expect(row.incremental_revenue).toBeNull();
  });

  it('charts complete cohort cells only', async () => {
    const cohort = (await exampleQueries()).find((q) => q.includes('FROM kpi_cohort_retention')) ?? '';
    const shown = await engine.query(cohort);
    const [all] = await engine.query(
      "SELECT count(*) AS n, count(*) FILTER (WHERE NOT is_complete) AS partial FROM kpi_cohort_retention WHERE cohort_month >= DATE '2026-08-01'",
    );
    // The demo's export date (2026-11-01) makes November partial: those cells are left out.
    expect(Number(all?.partial)).toBeGreaterThan(0);
    expect(shown.length).toBe(Number(all?.n) - Number(all?.partial));
  });
});
