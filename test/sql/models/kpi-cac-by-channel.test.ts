/**
 * Model: kpi_cac_by_channel, fed its upstream rows directly. The figures
 * are half-cent ties that a DOUBLE quotient loses (10,108.56 / 336 is
 * 30.0849999... as a DOUBLE, 40,345.20 / 336 is 120.0749999...): CAC 30.085
 * and CLV 120.075 publish 30.09 and 120.08, and clv_to_cac and
 * within_budget use those published values. A month with nothing spent and
 * nobody acquired still has its 'all' row.
 */
import { describe, expect, it } from 'vitest';
import { runModel } from '../../helpers/model-under-test.js';

describe('Model: kpi_cac_by_channel (upstream rows given)', () => {
  it('publishes CAC and CLV in cents, ties away from zero, and judges on those values', async () => {
    const rows = await runModel('kpi_cac_by_channel', {
      asOf: '2025-03-31',
      given: {
        int_channel_month_acquisition: {
          columns: { month: 'DATE', channel: 'VARCHAR', acquisition_spend: 'DECIMAL(18,2)', new_customers: 'BIGINT' },
          rows: [['2025-01-01', 'search', '10108.56', 336]],
        },
        int_customer_clv: {
          columns: { customer_id: 'VARCHAR', cohort_month: 'DATE', acquisition_channel: 'VARCHAR', net_clv: 'DECIMAL(18,2)' },
          rows: [['C1', '2025-01-01', 'search', '40345.20']],
        },
        int_customer_months: {
          columns: { customer_id: 'VARCHAR', month: 'DATE', margin: 'DECIMAL(18,2)' },
          rows: [
            ['C1', '2025-01-01', '10000.00'], // 10,000 / 336 = 29.76 per customer, short of 30.09
            ['C1', '2025-02-01', '2000.00'], // 12,000 / 336 = 35.71: paid back in the second month
          ],
        },
        int_month_numbers: { columns: { n: 'INTEGER' }, rows: [[0], [1], [2], [3], [4], [5]] },
        int_periods: {
          columns: { period_type: 'VARCHAR', period_start: 'DATE' },
          rows: [
            ['month', '2025-01-01'],
            ['month', '2025-02-01'],
            ['quarter', '2025-01-01'],
          ],
        },
        stg_marketing_spend: { columns: { channel: 'VARCHAR' }, rows: [['search']] },
      },
    });
    const figures = {
      month: '2025-01-01',
      acquisition_spend: '10108.56',
      new_customers: '336',
      cac: '30.09',
      net_clv_total: '40345.20',
      clv: '120.08',
      clv_to_cac: 120.08 / 30.09,
      payback_months: 2,
      // 30.09 > 0.10 x 120.08 = 12.008
      within_budget: false,
      as_of: '2025-03-31',
      run_id: 'model_test',
    };
    expect(rows).toEqual([
      { ...figures, channel: 'all' },
      { ...figures, channel: 'search' },
      // February: nothing spent, nobody acquired; the 'all' row keeps the series whole
      {
        month: '2025-02-01',
        channel: 'all',
        acquisition_spend: '0.00',
        new_customers: '0',
        cac: null,
        net_clv_total: '0.00',
        clv: null,
        clv_to_cac: null,
        payback_months: null,
        within_budget: null,
        as_of: '2025-03-31',
        run_id: 'model_test',
      },
    ]);
  });
});
