import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture, sqlDir } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';

const master = join(sqlDir, '..', 'test', 'fixtures', 'datasets', 'cdnow', 'CDNOW_master.txt');

interface Purchase {
  customerId: string;
  day: string;
  dollars: string;
}

/** The fixed-width CDNOW file: customer, YYYYMMDD, CDs, dollars. */
async function readCdnow(): Promise<Purchase[]> {
  const lines = (await readFile(master, 'utf8')).split(/\r?\n/).slice(1);
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 4)
    .map(([customerId = '', ymd = '', , dollars = '']) => ({
      customerId,
      day: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
      dollars,
    }));
}

describe('Dataset: CDNOW master (Fader, Hardie & Lee 2005)', () => {
  let run: FixtureRun;
  let purchases: Purchase[];
  beforeAll(async () => {
    // Prepare: the 69,659 transactions as orders of one segment, customers
    // without acquired_at, so each cohort is the first purchase month.
    purchases = await readCdnow();
    const ids = [...new Set(purchases.map((p) => p.customerId))];
    const customers = ['customer_id,segment', ...ids.map((id) => `${id},cdnow`)];
    const orders = [
      'order_id,customer_id,ordered_at,amount',
      ...purchases.map((p, i) => `T${i + 1},${p.customerId},${p.day},${p.dollars}`),
    ];
    run = await runFixture({
      'customers/export_date=1998-06-30/customers.csv': `${customers.join('\n')}\n`,
      'orders/export_date=1998-06-30/orders.csv': `${orders.join('\n')}\n`,
    });
  });
  afterAll(() => run.close());

  it('lands every transaction without a reject', () => {
    const orders = run.summary.entities.find((e) => e.entity === 'orders');
    expect(purchases).toHaveLength(69_659);
    expect(orders).toMatchObject({ rowsRead: 69_659, rowsAccepted: 69_659, rowsRejected: 0 });
  });

  it('sizes month-0 cohorts as distinct customers by first purchase month', async () => {
    // Expected, straight from the file: each customer's first purchase month.
    const first = new Map<string, string>();
    for (const p of purchases) {
      const month = `${p.day.slice(0, 7)}-01`;
      const seen = first.get(p.customerId);
      if (!seen || month < seen) first.set(p.customerId, month);
    }
    const expected = new Map<string, number>();
    for (const month of first.values()) expected.set(month, (expected.get(month) ?? 0) + 1);

    const rows = await run.rows(`
      SELECT cohort_month, cohort_size, active_customers
      FROM main.kpi_cohort_retention WHERE months_since_acquisition = 0
      ORDER BY cohort_month`);
    expect(rows.map((r) => [r.cohort_month, Number(r.cohort_size)])).toEqual(
      [...expected].sort(([a], [b]) => a.localeCompare(b)),
    );
    // 23,570 customers, all first buying in Q1 1997 (SOURCE.md).
    expect(rows.reduce((total, r) => total + Number(r.cohort_size), 0)).toBe(23_570);
    expect(rows.map((r) => r.cohort_month)).toEqual(['1997-01-01', '1997-02-01', '1997-03-01']);
  });

  it('keeps the reconciliation identity on real data', () => {
    expect(run.summary.gates.every((g) => g.passed)).toBe(true);
  });
});
