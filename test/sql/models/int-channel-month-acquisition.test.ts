/**
 * Model: int_channel_month_acquisition, fed its upstream rows directly
 * (stg_marketing_spend and int_customers), nothing landed.
 */
import { describe, expect, it } from 'vitest';
import { runModel } from '../../helpers/model-under-test.js';
import type { GivenTable } from '../../helpers/model-under-test.js';

const spendColumns = { spent_on: 'DATE', channel: 'VARCHAR', purpose: 'VARCHAR', amount: 'DECIMAL(18,2)' };
const customers: GivenTable = {
  columns: { cohort_month: 'DATE', acquisition_channel: 'VARCHAR' },
  rows: [
    ['2025-01-01', 'search'],
    ['2025-01-01', 'search'],
    ['2025-01-01', 'search'],
    ['2025-01-01', 'search'],
    ['2025-01-01', 'social'],
    [null, 'search'], // never ordered: no cohort, not acquired
  ],
};

describe('Model: int_channel_month_acquisition (upstream rows given)', () => {
  it('sums acquisition spend per month and channel and divides by the customers acquired', async () => {
    const rows = await runModel('int_channel_month_acquisition', {
      given: {
        stg_marketing_spend: {
          columns: spendColumns,
          rows: [
            ['2025-01-05', 'search', 'acquisition', '600.00'],
            ['2025-01-20', 'search', 'acquisition', '400.00'],
            ['2025-01-10', 'search', 'retention', '200.00'], // not acquisition: left out
            ['2025-02-03', 'search', 'acquisition', '300.00'],
          ],
        },
        int_customers: customers,
      },
    });
    expect(rows).toEqual([
      // January, search: 600 + 400 = 1,000 for 4 customers = 250 each
      { month: '2025-01-01', channel: 'search', acquisition_spend: '1000.00', new_customers: '4', cac: '250.00' },
      // January, social: spend was exported but none for social, so 0 (known), 0 / 1 = 0
      { month: '2025-01-01', channel: 'social', acquisition_spend: '0.00', new_customers: '1', cac: '0.00' },
      // February, search: 300 spent, nobody acquired: CAC unknown, not 0
      { month: '2025-02-01', channel: 'search', acquisition_spend: '300.00', new_customers: '0', cac: null },
    ]);
  });

  it('divides in cents exactly, a half-cent tie rounding up (197.13 / 6 = 32.855 -> 32.86)', async () => {
    const rows = await runModel('int_channel_month_acquisition', {
      given: {
        stg_marketing_spend: { columns: spendColumns, rows: [['2025-03-02', 'search', 'acquisition', '197.13']] },
        int_customers: {
          columns: customers.columns,
          rows: Array.from({ length: 6 }, () => ['2025-03-01', 'search']),
        },
      },
    });
    expect(rows).toEqual([
      { month: '2025-03-01', channel: 'search', acquisition_spend: '197.13', new_customers: '6', cac: '32.86' },
    ]);
  });

  it('leaves spend and CAC unknown (NULL) when no marketing spend was exported at all', async () => {
    const rows = await runModel('int_channel_month_acquisition', {
      given: { stg_marketing_spend: { columns: spendColumns, rows: [] }, int_customers: customers },
    });
    expect(rows).toEqual([
      { month: '2025-01-01', channel: 'search', acquisition_spend: null, new_customers: '4', cac: null },
      { month: '2025-01-01', channel: 'social', acquisition_spend: null, new_customers: '1', cac: null },
    ]);
  });
});
