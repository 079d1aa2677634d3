/**
 * Model: kpi_share_of_wallet, fed its upstream rows directly
 * (stg_wallet_estimates, int_customers, int_orders), nothing landed.
 * int_orders already carries refunds as negative amounts and no cancelled
 * orders, so the model sums what it is given.
 */
import { describe, expect, it } from 'vitest';
import { runModel } from '../../helpers/model-under-test.js';

const Q1 = ['2025-01-01', '2025-03-31'] as const;

describe('Model: kpi_share_of_wallet (upstream rows given)', () => {
  it('divides our revenue in the period (and category) by the estimate', async () => {
    const rows = await runModel('kpi_share_of_wallet', {
      asOf: '2025-04-30',
      given: {
        stg_wallet_estimates: {
          columns: {
            customer_id: 'VARCHAR',
            period_start: 'DATE',
            period_end: 'DATE',
            category: 'VARCHAR',
            total_category_spend: 'DECIMAL(18,2)',
          },
          rows: [
            ['C1', ...Q1, 'all', '1000.00'],
            ['C1', ...Q1, 'shoes', '400.00'],
            ['C2', ...Q1, 'all', '100.00'],
            ['C3', ...Q1, 'all', '0.00'],
          ],
        },
        int_customers: {
          columns: { customer_id: 'VARCHAR', segment: 'VARCHAR' },
          rows: [
            ['C1', 'gold'],
            ['C2', 'silver'],
          ],
        },
        int_orders: {
          columns: { customer_id: 'VARCHAR', order_date: 'DATE', category: 'VARCHAR', amount: 'DECIMAL(18,2)' },
          rows: [
            ['C1', '2025-01-15', 'shoes', '150.00'],
            ['C1', '2025-02-01', 'shoes', '-50.00'], // a refund
            ['C1', '2025-03-31', 'hats', '100.00'], // the period's last day counts
            ['C1', '2025-04-01', 'shoes', '999.00'], // after the period
            ['C2', '2025-02-10', 'hats', '120.00'],
          ],
        },
      },
    });
    const common = { period_start: Q1[0], period_end: Q1[1], as_of: '2025-04-30', run_id: 'model_test' };
    expect(rows).toEqual([
      // C1, every category: 150 - 50 + 100 = 200 of 1,000
      {
        customer_id: 'C1',
        segment: 'gold',
        ...common,
        category: 'all',
        our_revenue: '200.00',
        total_category_spend: '1000.00',
        share_of_wallet: 0.2,
        is_share_above_one: false,
      },
      // C1, shoes: 150 - 50 = 100 of 400
      {
        customer_id: 'C1',
        segment: 'gold',
        ...common,
        category: 'shoes',
        our_revenue: '100.00',
        total_category_spend: '400.00',
        share_of_wallet: 0.25,
        is_share_above_one: false,
      },
      // C2: 120 of an estimate of 100 is kept, not clipped, and flagged
      {
        customer_id: 'C2',
        segment: 'silver',
        ...common,
        category: 'all',
        our_revenue: '120.00',
        total_category_spend: '100.00',
        share_of_wallet: 1.2,
        is_share_above_one: true,
      },
      // C3: no orders and an estimate of 0: the share is unknown, the segment unassigned
      {
        customer_id: 'C3',
        segment: 'unassigned',
        ...common,
        category: 'all',
        our_revenue: '0.00',
        total_category_spend: '0.00',
        share_of_wallet: null,
        is_share_above_one: false,
      },
    ]);
  });
});
