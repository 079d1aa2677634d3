/**
 * Audit: audit_reconciliation_identity, fed the reconciliation sheet
 * directly: a row is returned (and blocks publishing) exactly where
 * start + acquired + reactivated - lost differs from end.
 */
import { describe, expect, it } from 'vitest';
import { runModel } from '../../helpers/model-under-test.js';

describe('Audit: audit_reconciliation_identity (upstream rows given)', () => {
  it('returns only the periods whose identity does not hold', async () => {
    const rows = await runModel('audit_reconciliation_identity', {
      given: {
        kpi_customer_reconciliation: {
          columns: {
            period_type: 'VARCHAR',
            period_start: 'DATE',
            segment: 'VARCHAR',
            customers_start: 'BIGINT',
            acquired: 'BIGINT',
            reactivated: 'BIGINT',
            lost: 'BIGINT',
            customers_end: 'BIGINT',
          },
          rows: [
            ['month', '2025-01-01', 'all', 100, 30, 5, 10, 125], // 100 + 30 + 5 - 10 = 125: holds
            ['month', '2025-02-01', 'all', 125, 0, 0, 0, 125], // an empty month: holds
            ['month', '2025-03-01', 'all', 125, 10, 0, 5, 131], // 125 + 10 - 5 = 130, not 131
          ],
        },
      },
    });
    expect(rows).toEqual([
      {
        period_type: 'month',
        period_start: '2025-03-01',
        segment: 'all',
        customers_start: '125',
        acquired: '10',
        reactivated: '0',
        lost: '5',
        customers_end: '131',
      },
    ]);
  });
});
