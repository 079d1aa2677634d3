/**
 * Model: int_customer_months, fed int_orders directly: per customer and
 * month, revenue with refunds negative, gross profit only over orders with
 * a cost (unknown stays NULL), margin with a missing cost taken as 0.
 */
import { describe, expect, it } from 'vitest';
import { runModel } from '../../helpers/model-under-test.js';

describe('Model: int_customer_months (upstream rows given)', () => {
  it('sums a month of orders, keeping an unknown gross profit NULL', async () => {
    const rows = await runModel('int_customer_months', {
      given: {
        int_orders: {
          columns: {
            customer_id: 'VARCHAR',
            order_month: 'DATE',
            amount: 'DECIMAL(18,2)',
            gross_profit: 'DECIMAL(18,2)',
            margin: 'DECIMAL(18,2)',
            is_completed: 'BOOLEAN',
          },
          rows: [
            ['C1', '2025-01-01', '100.00', '40.00', '40.00', true],
            ['C1', '2025-01-01', '-30.00', '-12.00', '-12.00', false], // a refund
            ['C1', '2025-01-01', '50.00', null, '50.00', true], // no cost exported
            ['C1', '2025-02-01', '20.00', null, '20.00', true],
            ['C2', '2025-01-01', '10.00', '4.00', '4.00', false],
          ],
        },
      },
    });
    expect(rows).toEqual([
      // C1, January: 100 - 30 + 50 = 120; gross profit over the costed orders 40 - 12 = 28;
      // margin 40 - 12 + 50 = 78; two completed orders
      { customer_id: 'C1', month: '2025-01-01', revenue: '120.00', gross_profit: '28.00', margin: '78.00', completed_orders: '2' },
      // C1, February: no order with a cost, so the gross profit is unknown
      { customer_id: 'C1', month: '2025-02-01', revenue: '20.00', gross_profit: null, margin: '20.00', completed_orders: '1' },
      // C2: no completed order is 0 (counted), not NULL
      { customer_id: 'C2', month: '2025-01-01', revenue: '10.00', gross_profit: '4.00', margin: '4.00', completed_orders: '0' },
    ]);
  });
});
