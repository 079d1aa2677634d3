/**
 * Every optional entity may be missing from a night on its own. The night
 * still publishes every table, its gates pass, the tables fed by nothing
 * else are empty, and the summary names each KPI table that lost input.
 * Demo exports of 300 customers (every entity), one entity removed a time.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { entities } from '../../functions/core/contract/entities.js';
import { generateExports } from '../../functions/core/demo/generate-exports.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import { runNightly } from '../../functions/core/duckdb/night/run-nightly.js';
import type { NightlySummary } from '../../functions/core/duckdb/night/run-nightly.js';
import { sqlDir } from '../helpers/run-fixture.js';

/** entity -> [KPI tables left empty, KPI tables named as missing input]. */
const expected: Record<string, [empty: string[], missing: string[]]> = {
  // CAC, CLV net of acquisition cost, retention spend and what reads them.
  marketing_spend: [[], [
    'kpi_cac_by_channel', 'kpi_clv_budget', 'kpi_customer_scorecard', 'kpi_customer_value',
    'kpi_headline_monthly', 'kpi_retention_monthly', 'kpi_return_on_relationship',
  ]],
  wallet_estimates: [
    ['kpi_share_of_wallet', 'kpi_share_of_wallet_segment'],
    ['kpi_share_of_wallet', 'kpi_share_of_wallet_segment'],
  ],
  // NPS feeds the health score, hence the scorecard, and the headline.
  survey_responses: [['kpi_perception_monthly'], [
    'kpi_customer_health', 'kpi_customer_scorecard', 'kpi_headline_monthly', 'kpi_perception_monthly',
  ]],
  leads: [[], ['kpi_sales_monthly']],
  deals: [[], ['kpi_sales_monthly']],
  deal_stage_history: [['kpi_stage_velocity'], ['kpi_stage_velocity']],
  // Contracts keep customers active, which every activity-based table reads.
  contracts: [[], [
    'kpi_customer_reconciliation', 'kpi_engagement_monthly', 'kpi_headline_monthly',
    'kpi_retention_monthly', 'kpi_sales_monthly',
  ]],
  tickets: [['kpi_service_monthly'], ['kpi_customer_health', 'kpi_customer_scorecard', 'kpi_service_monthly']],
  engagement_events: [[], ['kpi_customer_health', 'kpi_customer_scorecard', 'kpi_engagement_monthly']],
  crm_user_activity: [[], ['kpi_engagement_monthly']],
};

describe('A night without one optional entity', () => {
  let workDir: string;
  let fullNight: NightlySummary;

  const runWithout = async (entity: string | null): Promise<NightlySummary> => {
    const exportsDir = join(workDir, entity ?? 'all-entities');
    if (entity !== null) {
      await cp(join(workDir, 'all-entities'), exportsDir, { recursive: true });
      await rm(join(exportsDir, entity), { recursive: true });
    }
    const engine = await DuckDbEngine.open(':memory:');
    try {
      return await runNightly(engine, { exportsDir, sqlDir, config: parseConfig({}) });
    } finally {
      await engine.close();
    }
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-optional-'));
    await generateExports({ outDir: join(workDir, 'all-entities'), customers: 300 });
    fullNight = await runWithout(null);
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('covers every optional entity of the contract', () => {
    const optional = entities.filter((e) => !e.requiredForNight).map((e) => e.name);
    expect(Object.keys(expected).sort()).toEqual([...optional].sort());
    expect(fullNight.missingInputs).toEqual([]);
  });

  it.each(Object.entries(expected))('%s', async (entity, [empty, missing]) => {
    // Act
    const night = await runWithout(entity);

    // Assess
    expect(night.gates.filter((g) => !g.passed)).toEqual([]);
    expect(night.published.map((p) => p.name)).toEqual(fullNight.published.map((p) => p.name));
    const emptyKpis = night.published.filter((p) => p.name.startsWith('kpi_') && p.rows === 0);
    expect(emptyKpis.map((p) => p.name).sort()).toEqual(empty);
    expect(night.missingInputs.map((m) => m.table).sort()).toEqual(missing);
    expect(night.missingInputs.every((m) => m.entities.includes(entity))).toBe(true);
  });
});
