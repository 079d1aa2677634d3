/**
 * The UCI Online Retail night (uci-online-retail.ts), checked against
 * figures computed here from the raw invoice lines, not from the exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { ONLINE_RETAIL_CONFIG, onlineRetailExports, readOnlineRetail } from './uci-online-retail.js';
import type { InvoiceLine } from './uci-online-retail.js';

// Counted with Python's csv module over the gunzipped file, apart from this
// code; SOURCE.md gives the same 406,829 lines and 4,372 customers.
const LINES_WITH_CUSTOMER = 406_829;
const INVOICES_WITH_CUSTOMER = 22_190;
const CANCELLATION_INVOICES = 3_654;
const CUSTOMERS = 4_372;
/** 33 customers only ever cancelled: no completed order, so no cohort. */
const CUSTOMERS_WITH_A_PURCHASE = 4_339;
/** Purchases minus cancellations, same count: 572,713.89 - 18,109.87. */
const REVENUE_DECEMBER_2010 = '554604.02';
/** Up to 2011-12-09: 517,192.79 - 175,686.41 (C581484 alone is -168,469.60). */
const REVENUE_DECEMBER_2011 = '342506.38';

const isCancellation = (line: InvoiceLine): boolean => line.InvoiceNo.startsWith('C');
const monthOf = (line: InvoiceLine): string => `${line.InvoiceDate.slice(0, 7)}-01`;

/** Cents as the engine prints a DECIMAL(18,2). */
function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function sortedByKey<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}

describe('Dataset: UCI Online Retail (Chen, Sain & Guo 2012)', () => {
  let run: FixtureRun;
  let lines: InvoiceLine[];
  beforeAll(async () => {
    // Prepare: every invoice of a known customer as one order, cancellations
    // as refunds, in pounds (the rules are in uci-online-retail.ts).
    const all = await readOnlineRetail();
    lines = all.filter((line) => line.CustomerID !== '');
    run = await runFixture(onlineRetailExports(all), { config: ONLINE_RETAIL_CONFIG });
  });
  afterAll(() => run.close());

  it('lands every invoice of a known customer as one order, without a reject', async () => {
    const invoices = new Set(lines.map((line) => line.InvoiceNo));
    const cancellations = [...invoices].filter((invoiceNo) => invoiceNo.startsWith('C'));
    expect([lines.length, invoices.size, cancellations.length]).toEqual([
      LINES_WITH_CUSTOMER, INVOICES_WITH_CUSTOMER, CANCELLATION_INVOICES,
    ]);
    const counts = (entity: string) => run.summary.entities.find((e) => e.entity === entity);
    expect(counts('orders')).toMatchObject({
      rowsRead: invoices.size, rowsAccepted: invoices.size, rowsRejected: 0,
    });
    expect(counts('customers')).toMatchObject({ rowsRead: CUSTOMERS, rowsAccepted: CUSTOMERS, rowsRejected: 0 });
    const statuses = await run.rows('SELECT status, count(*) AS orders FROM build.stg_orders GROUP BY status ORDER BY status');
    expect(statuses.map((r) => [r.status, Number(r.orders)])).toEqual([
      ['completed', INVOICES_WITH_CUSTOMER - CANCELLATION_INVOICES],
      ['refunded', CANCELLATION_INVOICES],
    ]);
  });

  it('keeps one customer per CustomerID, with the country of their first line', async () => {
    const countries = new Map<string, string>();
    for (const line of lines) {
      const customerId = String(Number(line.CustomerID));
      if (!countries.has(customerId)) countries.set(customerId, line.Country);
    }
    const rows = await run.rows('SELECT customer_id, segment, country FROM build.stg_customers ORDER BY customer_id');
    expect(rows.map((r) => [r.customer_id, r.segment, r.country])).toEqual(
      sortedByKey(countries).map(([customerId, country]) => [customerId, 'uci', country]),
    );
  });

  it('sizes month-0 cohorts as distinct customers by first purchase month', async () => {
    // Expected, straight from the lines: each customer's first month with a
    // line that is not a cancellation.
    const first = new Map<string, string>();
    for (const line of lines.filter((l) => !isCancellation(l))) {
      const seen = first.get(line.CustomerID);
      if (!seen || monthOf(line) < seen) first.set(line.CustomerID, monthOf(line));
    }
    const expected = new Map<string, number>();
    for (const month of first.values()) expected.set(month, (expected.get(month) ?? 0) + 1);

    const rows = await run.rows(`
      SELECT cohort_month, cohort_size
      FROM main.kpi_cohort_retention WHERE months_since_acquisition = 0
      ORDER BY cohort_month`);
    expect(rows.map((r) => [r.cohort_month, Number(r.cohort_size)])).toEqual(sortedByKey(expected));
    expect(first.size).toBe(CUSTOMERS_WITH_A_PURCHASE);
    expect(rows).toHaveLength(13);
  });

  it('reports revenue per month to the cent: purchases less cancellations', async () => {
    // Expected, straight from the lines: exact sums in tenths of a cent per
    // month, rounded once. The 4 lines priced 0.001 are 0.1 cent each, so
    // this agrees with the converter rounding every line to the cent.
    const tenths = new Map<string, { purchases: number; refunds: number }>();
    for (const line of lines) {
      const amount = Number(line.Quantity) * Math.round(Number(line.UnitPrice) * 1000);
      const month = tenths.get(monthOf(line)) ?? { purchases: 0, refunds: 0 };
      if (isCancellation(line)) month.refunds += amount;
      else month.purchases += amount;
      tenths.set(monthOf(line), month);
    }
    const expected = sortedByKey(tenths).map(([month, { purchases, refunds }]) => {
      expect(refunds).toBeLessThan(0);
      return [month, decimal(Math.round(purchases / 10) + Math.round(refunds / 10))];
    });

    const rows = await run.rows('SELECT month, is_complete, revenue FROM main.kpi_headline_monthly ORDER BY month');
    expect(rows.map((r) => [r.month, r.revenue])).toEqual(expected);
    expect(rows.at(0)).toEqual({ month: '2010-12-01', is_complete: true, revenue: REVENUE_DECEMBER_2010 });
    expect(rows.at(-1)).toEqual({ month: '2011-12-01', is_complete: false, revenue: REVENUE_DECEMBER_2011 });
  });

  it('keeps the reconciliation identity on real data', () => {
    expect(run.summary.gates.every((g) => g.passed)).toBe(true);
  });
});
