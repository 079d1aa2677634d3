/**
 * The core KPI fixture plus customer E, whose acquisition channel and
 * segment are hostile text: a spreadsheet formula and a script tag. Export
 * date 2025-04-15, so March 2025 is the latest complete month and April
 * is partial.
 *
 * customers (cohort):  A Jan, B Jan, C Feb (first order), D Mar (no order),
 *                      E 2025-02-10 channel =HYPERLINK("http://evil"),
 *                      segment <script>alert('seg')</script>    -> cohort Feb
 * orders added:        E1 E 2025-02-11 25.00 [5] books completed
 */
import { csv } from '../helpers/run-fixture.js';
import type { ExportFiles } from '../helpers/run-fixture.js';
import { coreFixture, EXPORT_DATE } from '../kpi/core-fixture.js';

const HOSTILE_CHANNEL = '=HYPERLINK("http://evil")';
const HOSTILE_SEGMENT = "<script>alert('seg')</script>";

const at = (entity: string, file: string): string => `${entity}/export_date=${EXPORT_DATE}/${file}`;

const hostileFixture: ExportFiles = {
  ...coreFixture,
  [at('customers', 'customers-e.csv')]: csv(
    'customer_id,acquired_at,acquisition_channel,segment,country,email,updated_at',
    `E,2025-02-10T09:00:00Z,"=HYPERLINK(""http://evil"")",${HOSTILE_SEGMENT},US,e@example.test,2025-02-10T09:00:00Z`,
  ),
  [at('orders', 'orders-e.csv')]: csv(
    'order_id,customer_id,ordered_at,amount,cost,category,status,currency',
    'E1,E,2025-02-11T10:00:00Z,25.00,5.00,books,completed,USD',
  ),
};

export { HOSTILE_CHANNEL, HOSTILE_SEGMENT, hostileFixture };
