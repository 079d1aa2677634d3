import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

describe('Model: kpi_share_of_wallet', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(coreFixture);
  });
  afterAll(() => run.close());

  it('divides our revenue in the period (and category) by the estimate', async () => {
    const rows = await run.rows(`
      SELECT customer_id, segment, category, our_revenue, total_category_spend,
             share_of_wallet, is_share_above_one
      FROM main.kpi_share_of_wallet ORDER BY customer_id`);
    expect(
      rows.map((r) => [
        r.customer_id,
        r.segment,
        r.category,
        num(r.our_revenue),
        num(r.total_category_spend),
        r.share_of_wallet,
        r.is_share_above_one,
      ]),
    ).toEqual([
      // A, Q1, every category: A1 100 + A3 40 - A4 10 (A2 cancelled) = 130 of 200
      ['A', 'smb', 'all', 130, 200, 0.65, false],
      // B, Q1, music: B1 30 of an estimated 20 -> 1.5, kept and flagged
      ['B', 'consumer', 'music', 30, 20, 1.5, true],
      // C, 2025, music: C only bought books -> 0
      ['C', 'unassigned', 'music', 0, 100, 0, false],
      // D, Q1 (key "Customer_ID" in the JSON: names match in any case): no orders
      ['D', 'smb', 'all', 0, 50, 0, false],
    ]);
  });

  it('rolls up per segment both revenue-weighted and as a mean of shares', async () => {
    const rows = await run.rows(`
      SELECT segment, period_start, period_end, category, customers, our_revenue,
             total_category_spend, weighted_share_of_wallet, mean_share_of_wallet,
             customers_above_one
      FROM main.kpi_share_of_wallet_segment
      ORDER BY segment, period_end, category`);
    expect(
      rows.map((r) => [
        r.segment,
        r.period_end,
        r.category,
        num(r.customers),
        num(r.our_revenue),
        num(r.total_category_spend),
        r.weighted_share_of_wallet,
        r.mean_share_of_wallet,
        num(r.customers_above_one),
      ]),
    ).toEqual([
      // all, Q1, every category: A and D -> 130 / 250 = 0.52 weighted, (0.65 + 0) / 2 mean
      ['all', '2025-03-31', 'all', 2, 130, 250, 0.52, 0.325, 0],
      ['all', '2025-03-31', 'music', 1, 30, 20, 1.5, 1.5, 1],
      ['all', '2025-12-31', 'music', 1, 0, 100, 0, 0, 0],
      ['consumer', '2025-03-31', 'music', 1, 30, 20, 1.5, 1.5, 1],
      ['smb', '2025-03-31', 'all', 2, 130, 250, 0.52, 0.325, 0],
      ['unassigned', '2025-12-31', 'music', 1, 0, 100, 0, 0, 0],
    ]);
  });

  it('publishes the sum and count behind the mean share', async () => {
    // all, Q1, every category: A 130 / 200 = 0.65 and D 0 / 50 = 0: sum 0.65 over 2.
    const rows = await run.rows(`
      SELECT customers_with_share_defined, share_of_wallet_sum, mean_share_of_wallet
      FROM main.kpi_share_of_wallet_segment
      WHERE segment = 'all' AND period_end = DATE '2025-03-31' AND category = 'all'`);
    expect(rows.map((r) => [num(r.customers_with_share_defined), r.share_of_wallet_sum, r.mean_share_of_wallet]))
      .toEqual([[2, 0.65, 0.325]]);
  });
});
