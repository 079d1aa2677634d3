/**
 * A CRM small enough to check by hand, shared by the core KPI tests.
 * Export date 2025-04-15, so April is a partial month.
 *
 * customers (acquisition date -> cohort):
 *   A  2025-01-10  paid_search  smb         cohort 2025-01
 *   B  2025-01-20  email        consumer    cohort 2025-01
 *   C  (empty)     (empty)      (empty)     first completed order 2025-02-05
 *                  -> unknown   -> unassigned              cohort 2025-02
 *   D  2025-03-01  referral     smb         no orders      cohort 2025-03
 * orders (cost in brackets; cancelled never counts, refunds are negative):
 *   A1 A 2025-01-10  100.00 [60] completed      B1 B 2025-01-20  30.00 [10] music
 *   A2 A 2025-01-25   50.00      cancelled      B2 B 2025-04-02  20.00 [  ] completed
 *   A3 A 2025-03-05   40.00 [20] completed      C1 C 2025-02-05  60.00 [30] books
 *   A4 A 2025-03-06  -10.00 [  ] refunded       C2 C 2025-02-06  10.00      cancelled
 * marketing_spend:
 *   2025-01-03 paid_search acquisition 200.00
 *   2025-02-03 tv          acquisition 300.00   (acquires nobody)
 *   2025-03-10 email       retention   smb   4.00
 *   2025-04-05 email       retention   smb   5.00
 *   2025-04-06 email       retention   (all) 5.00
 * wallet_estimates (JSON Lines):
 *   A 2025-01-01..2025-03-31 (all categories) 200.00
 *   B 2025-01-01..2025-03-31 music             20.00
 *   C 2025-01-01..2025-12-31 music            100.00
 *   D 2025-01-01..2025-03-31 (all categories)  50.00
 */
import { csv } from '../helpers/run-fixture.js';
import type { ExportFiles } from '../helpers/run-fixture.js';

const EXPORT_DATE = '2025-04-15';
const at = (entity: string, file: string): string =>
  `${entity}/export_date=${EXPORT_DATE}/${file}`;

const coreFixture: ExportFiles = {
  [at('customers', 'customers.csv')]: csv(
    'customer_id,acquired_at,acquisition_channel,segment,country,email,updated_at',
    'A,2025-01-10T09:00:00Z,paid_search,smb,US,a@example.test,2025-01-10T09:00:00Z',
    'B,2025-01-20T09:00:00Z,email,consumer,US,b@example.test,2025-01-20T09:00:00Z',
    'C,,,,US,,',
    'D,2025-03-01T09:00:00Z,referral,smb,DE,d@example.test,2025-03-01T09:00:00Z',
  ),
  [at('orders', 'orders.csv')]: csv(
    'order_id,customer_id,ordered_at,amount,cost,category,status,currency',
    'A1,A,2025-01-10T10:00:00Z,100.00,60.00,books,completed,USD',
    'A2,A,2025-01-25T10:00:00Z,50.00,25.00,books,cancelled,USD',
    'A3,A,2025-03-05T10:00:00Z,40.00,20.00,books,completed,USD',
    'A4,A,2025-03-06T10:00:00Z,-10.00,,books,refunded,USD',
    'B1,B,2025-01-20T10:00:00Z,30.00,10.00,music,completed,USD',
    'B2,B,2025-04-02T10:00:00Z,20.00,,music,completed,',
    'C1,C,2025-02-05T10:00:00Z,60.00,30.00,books,completed,USD',
    'C2,C,2025-02-06T10:00:00Z,10.00,5.00,books,cancelled,USD',
  ),
  [at('marketing_spend', 'spend.csv')]: csv(
    'spent_on,channel,purpose,segment,amount',
    '2025-01-03,paid_search,acquisition,,200.00',
    '2025-02-03,tv,acquisition,,300.00',
    '2025-03-10,email,retention,smb,4.00',
    '2025-04-05,email,retention,smb,5.00',
    '2025-04-06,email,retention,,5.00',
  ),
  [at('wallet_estimates', 'wallet.jsonl')]: [
    '{"customer_id":"A","period_start":"2025-01-01","period_end":"2025-03-31","total_category_spend":"200.00"}',
    '{"customer_id":"B","period_start":"2025-01-01","period_end":"2025-03-31","category":"music","total_category_spend":20}',
    '{"customer_id":"C","period_start":"2025-01-01","period_end":"2025-12-31","category":"music","total_category_spend":"100.00"}',
    '{"Customer_ID":"D","period_start":"2025-01-01","period_end":"2025-03-31","total_category_spend":50}',
    '',
  ].join('\n'),
};

/** Numbers from DuckDB JSON rows (BIGINT and DECIMAL come as strings). */
function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export { coreFixture, EXPORT_DATE, num };
