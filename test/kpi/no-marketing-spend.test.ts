/**
 * The core fixture without its marketing spend export (the entity is
 * optional). Spend is then unknown, not zero: every figure made of it is
 * NULL, where a night with a spend export that shows no spend publishes 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

const withoutSpend = Object.fromEntries(
  Object.entries(coreFixture).filter(([path]) => !path.startsWith('marketing_spend/')),
);

describe('A night without a marketing spend export', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(withoutSpend);
  });
  afterAll(() => run.close());

  it('publishes CAC, payback and the budget check as unknown, not as free', async () => {
    // January: A (paid_search) and B (email) acquired; CLV -150 + 40 becomes
    // 50 + 40 without A's 200.00 CAC share (acquisition cost unknown: 0).
    const rows = await run.rows(`
      SELECT channel, acquisition_spend, new_customers, cac, clv, clv_to_cac,
             payback_months, within_budget
      FROM main.kpi_cac_by_channel WHERE month = DATE '2025-01-01' ORDER BY channel`);
    expect(
      rows.map((r) => [
        r.channel, r.acquisition_spend, num(r.new_customers), r.cac, num(r.clv), r.clv_to_cac,
        r.payback_months, r.within_budget,
      ]),
    ).toEqual([
      ['all', null, 2, null, 45, null, null, null],
      ['email', null, 1, null, 40, null, null, null],
      ['paid_search', null, 1, null, 50, null, null, null],
    ]);
  });

  it('publishes retention spend and its cost per customer as unknown', async () => {
    // March: A retained from the start of the month; no spend known.
    const retention = await run.rows(`
      SELECT segment, retained_from_start, retention_spend, retention_cost_per_retained
      FROM main.kpi_retention_monthly WHERE month = DATE '2025-03-01' AND segment = 'smb'`);
    expect(retention.map((r) => [num(r.retained_from_start), r.retention_spend, r.retention_cost_per_retained]))
      .toEqual([[1, null, null]]);
    const ror = await run.rows(`
      SELECT retention_spend, ror_revenue FROM main.kpi_return_on_relationship
      WHERE period_type = 'month' AND period_start = DATE '2025-03-01' AND segment = 'all'`);
    expect(ror).toEqual([{ retention_spend: null, ror_revenue: null }]);
  });

  it('shows no acquisition spend and no CAC in the headline, in months with and without customers', async () => {
    const rows = await run.rows(`
      SELECT month, acquisition_spend, new_customers, cac FROM main.kpi_headline_monthly ORDER BY month`);
    // January 2, February 1 (C), March 1 (D), April none.
    expect(rows.map((r) => [r.month, r.acquisition_spend, num(r.new_customers), r.cac])).toEqual([
      ['2025-01-01', null, 2, null],
      ['2025-02-01', null, 1, null],
      ['2025-03-01', null, 1, null],
      ['2025-04-01', null, 0, null],
    ]);
  });
});
