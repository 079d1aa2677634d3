import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

describe('Model: kpi_cac_by_channel', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(coreFixture);
  });
  afterAll(() => run.close());

  it('sets spend against new customers and their CLV, per channel and blended', async () => {
    const rows = await run.rows(`
      SELECT month, channel, acquisition_spend, new_customers, cac, clv,
             clv_to_cac, payback_months, within_budget
      FROM main.kpi_cac_by_channel ORDER BY month, channel`);
    // Net CLV over 36 months = revenue - cost (missing cost = 0) - CAC share:
    //   A: (100 + 40 - 10) - (60 + 20) - 200 = -150   (paid_search, January)
    //   B: (30 + 20) - 10 - 0 = 40                     (email, January, no spend)
    //   C: 60 - 30 - 0 = 30                            (unknown, February)
    //   D: 0                                           (referral, March)
    // Payback: monthly margin per customer (revenue - cost, revenue without cost)
    //   A 40 in Jan, 10 in Mar: never reaches 200.  B 20 in Jan >= 0: month 1.
    //   January blended: 30, 30, 35, 45 per customer: never reaches 100.
    expect(
      rows.map((r) => [
        r.month,
        r.channel,
        num(r.acquisition_spend),
        num(r.new_customers),
        num(r.cac),
        num(r.clv),
        r.clv_to_cac,
        r.payback_months,
        r.within_budget,
      ]),
    ).toEqual([
      ['2025-01-01', 'all', 200, 2, 100, -55, -0.55, null, false],
      ['2025-01-01', 'email', 0, 1, 0, 40, null, 1, true], // CAC 0: ratio NULL
      ['2025-01-01', 'paid_search', 200, 1, 200, -150, -0.75, null, false],
      ['2025-02-01', 'all', 300, 1, 300, 30, 0.1, null, false], // 300 > 0.10 x 30
      ['2025-02-01', 'tv', 300, 0, null, null, null, null, null], // acquired nobody
      ['2025-02-01', 'unknown', 0, 1, 0, 30, null, 1, true],
      ['2025-03-01', 'all', 0, 1, 0, 0, null, 1, true],
      ['2025-03-01', 'referral', 0, 1, 0, 0, null, 1, true],
      // April: no acquisition spend, nobody acquired; its 'all' row is still there (no hole)
      ['2025-04-01', 'all', 0, 0, null, null, null, null, null],
    ]);
  });

  it('publishes the CLV sum that clv divides by new_customers', async () => {
    // January blended: A -150 + B 40 = -110 over 2 = -55; tv acquired nobody.
    const rows = await run.rows(`
      SELECT month, channel, new_customers, net_clv_total, clv FROM main.kpi_cac_by_channel
      WHERE (month = DATE '2025-01-01' AND channel = 'all') OR channel = 'tv'
      ORDER BY month, channel`);
    expect(
      rows.map((r) => [r.month, r.channel, num(r.new_customers), num(r.net_clv_total), num(r.clv)]),
    ).toEqual([
      ['2025-01-01', 'all', 2, -110, -55],
      ['2025-02-01', 'tv', 0, 0, null],
    ]);
  });

  it('applies the 10% rule: CAC may be at most cac_to_clv_max_ratio x CLV', async () => {
    // Prepare: one customer worth 5,000 acquired for 500 (within) and one for 501.
    const exportDate = '2025-02-28';
    const run2 = await runFixture({
      [`customers/export_date=${exportDate}/c.csv`]:
        'customer_id,acquired_at,acquisition_channel\nX,2025-01-05,search\nY,2025-01-06,social\n',
      [`orders/export_date=${exportDate}/o.csv`]:
        'order_id,customer_id,ordered_at,amount,cost\nX1,X,2025-01-05,5500.00,0.00\nY1,Y,2025-01-06,5501.00,0.00\n',
      [`marketing_spend/export_date=${exportDate}/s.csv`]:
        'spent_on,channel,purpose,amount\n2025-01-01,search,acquisition,500.00\n2025-01-01,social,acquisition,501.00\n',
    });
    try {
      const rows = await run2.rows(`
        SELECT channel, cac, clv, within_budget FROM main.kpi_cac_by_channel
        WHERE channel <> 'all' ORDER BY channel`);
      // X: CLV = 5500 - 500 = 5000, 500 <= 500.0; Y: CLV = 5501 - 501 = 5000, 501 > 500.
      expect(rows.map((r) => [r.channel, num(r.cac), num(r.clv), r.within_budget])).toEqual([
        ['search', 500, 5000, true],
        ['social', 501, 5000, false],
      ]);
    } finally {
      await run2.close();
    }
  });
});
