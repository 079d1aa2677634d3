import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config/pipeline-config.js';
import { describeColumn, documentedTables } from '../../../functions/core/docs/kpi-reference.js';
import { DuckDbEngine } from '../../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../../functions/core/engine/engine.js';
import { loadModels } from '../../../functions/core/models/model-graph.js';
import type { Model } from '../../../functions/core/models/model-graph.js';
import { runNightly } from '../../../functions/core/duckdb/night/run-nightly.js';
import { sqlDir } from '../../helpers/run-fixture.js';

const sampleExports = join(sqlDir, '..', 'sample-exports');

/** Published columns whose names say they are ratios (share, rate, multiple). */
const RATIO = /_rate(_month|_change)?$|_share$|share_of_wallet$|_retention(_change)?$|_to_|^ror_|_ratio$|^(nps|csat)(_change)?$/;
/** Money by name; a ratio name wins (clv_to_cac, revenue_retention). */
const MONEY = /revenue|spend|cost|clv|cac|profit|amount|value|monetary/;
/** Date keys: month, as_of, *_month (not day_of_month), *_date, and period bounds. */
const DATE = /^(month|as_of)$|(?<!_of)_month$|_date$|^(period|month|quarter|year|fiscal_year|fiscal_quarter)_(start|end)$/;
/** Scores (monetary_score, health_score) are neither money nor counts. */
const SCORE = /_(score|points|total|mean)$/;
/** The customer's share of acquisition cost is an amount, whatever its name says. */
const MONEY_NAMED_SHARE = new Set(['acquisition_cost_share']);

function typeProblem(row: Row): string | null {
  const name = String(row.column_name);
  const type = String(row.data_type);
  const where = `${String(row.table_name)}.${name} is ${type}`;
  if (type === 'BOOLEAN' || type === 'VARCHAR' || type.startsWith('TIMESTAMP')) return null;
  if (RATIO.test(name) && !MONEY_NAMED_SHARE.has(name)) return type === 'DOUBLE' ? null : `${where}, ratios must be DOUBLE`;
  if (DATE.test(name)) return type === 'DATE' ? null : `${where}, date keys must be DATE`;
  if (SCORE.test(name)) return null;
  if (MONEY.test(name)) return type === 'DECIMAL(18,2)' ? null : `${where}, money must be DECIMAL(18,2)`;
  if (row.unit === 'count') return ['BIGINT', 'INTEGER'].includes(type) ? null : `${where}, counts must be BIGINT or INTEGER`;
  return null;
}

describe('Function: buildKpiCatalog (a night on the sample exports)', () => {
  let engine: DuckDbEngine;
  let models: Model[];
  let catalog: Row[];
  beforeAll(async () => {
    engine = await DuckDbEngine.open(':memory:');
    models = await loadModels(sqlDir);
    await runNightly(engine, { exportsDir: sampleExports, sqlDir, config: parseConfig({}) });
    catalog = await engine.query('SELECT * FROM main.kpi_catalog ORDER BY table_name, column_position');
  });
  afterAll(() => engine.close());

  it('publishes every column of every documented table, in order, with the text of docs/kpis.md', async () => {
    for (const table of documentedTables(models)) {
      // Prepare
      const published = await engine.query(`DESCRIBE main.${table.name}`);
      const rows = catalog.filter((r) => r.table_name === table.name);

      // Assess
      expect(rows.map((r) => r.column_name), table.name).toEqual(published.map((p) => p.column_name));
      expect(rows.map((r) => r.data_type), table.name).toEqual(published.map((p) => p.column_type));
      for (const row of rows) {
        expect(row.description, `${table.name}.${String(row.column_name)}`).toBe(describeColumn(table, String(row.column_name)));
        expect(row.grain).toBe(table.header.grain);
      }
    }
  });

  it('marks keys and reads formulas and units from the header, money in the reporting currency', () => {
    // Prepare
    const column = (table: string, name: string): Row | undefined =>
      catalog.find((r) => r.table_name === table && r.column_name === name);

    // Assess
    expect(column('kpi_cac_by_channel', 'month')).toMatchObject({ is_key: true, unit: 'date', formula: null });
    expect(column('kpi_cac_by_channel', 'cac')).toMatchObject({
      is_key: false,
      data_type: 'DECIMAL(18,2)',
      unit: 'USD',
      formula: 'acquisition_spend / new_customers',
    });
    expect(column('kpi_customer_reconciliation', 'retention_rate')).toMatchObject({
      unit: 'share 0-1',
      formula: 'retained_from_start / customers_start',
    });
    // Quotients that can leave 0-1 (over 100% acquisition, shares above the
    // estimate or below 0 with refunds, the sheet formula) are ratios; the
    // change of a rate is a difference of shares.
    for (const [table, name] of [
      ['kpi_customer_reconciliation', 'acquisition_rate'],
      ['kpi_customer_reconciliation', 'sheet_retention_rate'],
      ['kpi_share_of_wallet', 'share_of_wallet'],
      ['kpi_share_of_wallet_segment', 'weighted_share_of_wallet'],
      ['kpi_share_of_wallet_segment', 'mean_share_of_wallet'],
    ] as const) {
      expect(column(table, name)?.unit, `${table}.${name}`).toBe('ratio');
    }
    expect(column('kpi_headline_monthly', 'retention_rate_change')?.unit).toBe('share points (-1 to 1)');
    expect(column('kpi_headline_monthly', 'churn_rate')?.unit).toBe('share 0-1');
    expect(column('kpi_perception_monthly', 'nps')?.formula).toBe('100 x (promoters - detractors) / nps_responses');
    expect(column('kpi_catalog', 'table_name')).toMatchObject({ is_key: true, data_type: 'VARCHAR' });
    expect(column('dim_date', 'calendar_date')).toMatchObject({ is_key: true, data_type: 'DATE' });
  });

  it('publishes date keys as DATE, money as DECIMAL(18,2), ratios as DOUBLE and counts as integers', () => {
    // Act
    const problems = catalog.map(typeProblem).filter((p): p is string => p !== null);

    // Assess
    expect(problems).toEqual([]);
  });
});
