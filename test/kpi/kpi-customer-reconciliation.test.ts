import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

const SHEET = `
  SELECT period_type, period_start, segment, customers_start, acquired,
         reactivated, lost, lost_from_start, customers_end, zero_churn_base,
         growth, acquisition_rate, retention_rate, zero_churn_retention,
         churn_rate, is_complete
  FROM main.kpi_customer_reconciliation`;

type Counts = [number, number, number, number, number, number];

function counts(row: Record<string, unknown>): Counts {
  return [
    num(row.customers_start) ?? -1,
    num(row.acquired) ?? -1,
    num(row.reactivated) ?? -1,
    num(row.lost) ?? -1,
    num(row.lost_from_start) ?? -1,
    num(row.customers_end) ?? -1,
  ];
}

describe('Model: kpi_customer_reconciliation', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    // A 30-day churn window makes customers lapse and come back inside the
    // fixture's four months. Activity spells (order day + 29 days):
    //   A [01-10..02-08] [03-05..04-03]   B [01-20..02-18] [04-02..05-01]
    //   C [02-05..03-06]                  D none (acquired 03-01, never ordered)
    run = await runFixture(coreFixture, { config: { churnWindowDays: 30 } });
  });
  afterAll(() => run.close());

  it('moves the whole base month by month', async () => {
    const rows = await run.rows(
      `${SHEET} WHERE period_type = 'month' AND segment = 'all' ORDER BY period_start`,
    );
    // [start, acquired, reactivated, lost, lost_from_start, end]
    expect(rows.map(counts)).toEqual([
      [0, 2, 0, 0, 0, 2], // Jan: A, B acquired and active on 01-31
      [2, 1, 0, 2, 2, 1], // Feb: C acquired; A, B lapse (02-08, 02-18); C active 02-28
      [1, 1, 1, 2, 1, 1], // Mar: D acquired, A back on 03-05; C lapses 03-06, D never active
      [1, 0, 1, 1, 1, 1], // Apr (to 04-15): B back on 04-02; A lapses 04-03
    ]);
  });

  it('computes the rates, with NULL for a zero base', async () => {
    const rows = await run.rows(
      `${SHEET} WHERE period_type = 'month' AND segment = 'all' ORDER BY period_start`,
    );
    const rates = rows.map((r) => [
      r.acquisition_rate,
      r.retention_rate,
      r.zero_churn_retention,
      r.churn_rate,
      num(r.zero_churn_base),
      num(r.growth),
    ]);
    expect(rates).toEqual([
      [null, null, 1, null, 2, 2],
      [0.5, 0, 1 / 3, 1, 3, -1], // (2 - 2) / 2 of the base retained; 1 / (2 + 1 + 0)
      [1, 0, 1 / 3, 1, 3, 0], // (1 - 1) / 1 retained = 1 - churn_rate
      [0, 0, 0.5, 1, 2, 0],
    ]);
  });

  it('publishes the numerators of the retention rate and of the sheet formula', async () => {
    const rows = await run.rows(`
      SELECT retained_from_start, retention_rate, customers_end_not_new, sheet_retention_rate
      FROM main.kpi_customer_reconciliation
      WHERE period_type = 'month' AND segment = 'all' ORDER BY period_start`);
    // retained_from_start = start - lost_from_start: 0 - 0, 2 - 2, 1 - 1, 1 - 1.
    // The sheet's end - acquired - reactivated: 2 - 2 - 0, 1 - 1 - 0, 1 - 1 - 1, 1 - 0 - 1;
    // in March it is -1 (2 acquired or reactivated, 1 active at the end), so
    // the sheet formula gives -1 where the starting base kept 0 of 1.
    expect(
      rows.map((r) => [num(r.retained_from_start), r.retention_rate, num(r.customers_end_not_new), r.sheet_retention_rate]),
    ).toEqual([
      [0, null, 0, null],
      [0, 0, 0, 0],
      [0, 0, -1, -1],
      [0, 0, 0, 0],
    ]);
  });

  it('rolls up to quarters and the year, with the partial periods flagged', async () => {
    const rows = await run.rows(
      `${SHEET} WHERE period_type <> 'month' AND segment = 'all' ORDER BY period_type, period_start`,
    );
    expect(rows.map((r) => [r.period_type, r.period_start, r.is_complete, ...counts(r)])).toEqual([
      ['quarter', '2025-01-01', true, 0, 4, 0, 3, 0, 1], // only A active on 03-31
      ['quarter', '2025-04-01', false, 1, 0, 1, 1, 1, 1],
      ['year', '2025-01-01', false, 0, 4, 0, 3, 0, 1], // only B active on 04-15
    ]);
  });

  it('splits by segment, every segment in every period, zeros included', async () => {
    const rows = await run.rows(
      `${SHEET} WHERE period_type = 'month' AND period_start = DATE '2025-03-01' ORDER BY segment`,
    );
    expect(rows.map((r) => [r.segment, ...counts(r)])).toEqual([
      ['all', 1, 1, 1, 2, 1, 1],
      ['consumer', 0, 0, 0, 0, 0, 0], // B inactive all March
      ['smb', 0, 1, 1, 1, 0, 1], // D acquired and lost, A reactivated
      ['unassigned', 1, 0, 0, 1, 1, 0], // C (no segment exported)
    ]);
  });

  it('satisfies start + acquired + reactivated - lost = end on every row', async () => {
    const rows = await run.rows(
      `SELECT count(*) AS n FROM main.kpi_customer_reconciliation
       WHERE customers_start + acquired + reactivated - lost <> customers_end`,
    );
    expect(num(rows[0]?.n)).toBe(0);
    expect(run.summary.gates.find((g) => g.gate === 'audit:audit_reconciliation_identity'))
      .toMatchObject({ passed: true, violations: 0 });
  });
});

describe('Model: kpi_customer_reconciliation, the literature example', () => {
  it('gives a 30% acquisition rate for 30,000 new customers on a 100,000 base', async () => {
    // Prepare: 100,000 customers active on 2023-12-31 (an order on 12-15, within
    // the 180-day window) and 30,000 acquired during 2024.
    const customers = ['customer_id,acquired_at'];
    const orders = ['order_id,customer_id,ordered_at,amount'];
    for (let i = 0; i < 100_000; i += 1) {
      customers.push(`P${i},2023-06-01`);
      orders.push(`PO${i},P${i},2023-12-15,10.00`);
    }
    for (let i = 0; i < 30_000; i += 1) {
      customers.push(`N${i},2024-03-01`);
      orders.push(`NO${i},N${i},2024-03-01,10.00`);
    }
    const run = await runFixture({
      'customers/export_date=2024-12-31/customers.csv': `${customers.join('\n')}\n`,
      'orders/export_date=2024-12-31/orders.csv': `${orders.join('\n')}\n`,
    });
    try {
      // Act
      const [year] = await run.rows(
        `${SHEET} WHERE period_type = 'year' AND period_start = DATE '2024-01-01' AND segment = 'all'`,
      );
      // Assess
      expect(num(year?.customers_start)).toBe(100_000);
      expect(num(year?.acquired)).toBe(30_000);
      expect(year?.acquisition_rate).toBe(0.3);
    } finally {
      await run.close();
    }
  });
});
