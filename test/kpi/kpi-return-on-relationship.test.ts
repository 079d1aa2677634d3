import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

const ROR = `
  SELECT period_type, period_start, segment, base_customers, revenue,
         previous_revenue, incremental_revenue, gross_profit,
         previous_gross_profit, incremental_profit, retention_spend,
         ror_revenue, ror_profit
  FROM main.kpi_return_on_relationship`;

function figures(r: Record<string, unknown>): unknown[] {
  return [
    r.segment,
    num(r.base_customers),
    num(r.revenue),
    num(r.previous_revenue),
    num(r.incremental_revenue),
    num(r.incremental_profit),
    num(r.retention_spend),
    r.ror_revenue,
    r.ror_profit,
  ];
}

describe('Model: kpi_return_on_relationship', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(coreFixture);
  });
  afterAll(() => run.close());

  it('measures March against February for customers acquired before February', async () => {
    const rows = await run.rows(
      `${ROR} WHERE period_type = 'month' AND period_start = DATE '2025-03-01' ORDER BY segment`,
    );
    // Base = A, B (acquired before 02-01). March: A3 40 - A4 10 = 30; February: 0.
    // Gross profit March: A3 40 - 20 = 20 (A4 has no cost); February has none -> 0.
    // Retention spend in March: 4.00, aimed at smb.
    expect(rows.map(figures)).toEqual([
      ['all', 2, 30, 0, 30, 20, 4, 7.5, 5],
      ['consumer', 1, 0, 0, 0, null, 0, null, null], // no cost anywhere, no spend
      ['smb', 1, 30, 0, 30, 20, 4, 7.5, 5],
      // C acquired 02-05: not in the base, which is empty: no increment to speak of (NULL, not 0)
      ['unassigned', 0, 0, 0, null, null, 0, null, null],
    ]);
  });

  it('measures April against March, segment rows counting only their spend', async () => {
    const rows = await run.rows(
      `${ROR} WHERE period_type = 'month' AND period_start = DATE '2025-04-01' ORDER BY segment`,
    );
    // Base = A, B, C (acquired before 03-01). April: B2 20; March: 30.
    // Profit: April's only order is B2, without a cost, so 'all' and consumer
    // profit in April is unknown (NULL); smb (A) had no April order: 0 against
    // March's 20 -> -20.
    // Spend: 5.00 aimed at smb + 5.00 untargeted = 10.00 for 'all'.
    expect(rows.map(figures)).toEqual([
      ['all', 3, 20, 30, -10, null, 10, -1, null],
      ['consumer', 1, 20, 0, 20, null, 0, null, null],
      ['smb', 1, 0, 30, -30, -20, 5, -6, -4],
      ['unassigned', 1, 0, 0, 0, null, 0, null, null],
    ]);
  });

  it('has an empty base when nobody was acquired before the previous period', async () => {
    const rows = await run.rows(
      `${ROR} WHERE segment = 'all' AND period_start = DATE '2025-01-01' ORDER BY period_type`,
    );
    // No existing base: revenue of nobody is 0, but the increment and the
    // return on the spend are unknown (NULL), not 0, whatever was spent.
    expect(rows.map((r) => [r.period_type, ...figures(r)])).toEqual([
      ['month', 'all', 0, 0, 0, null, null, 0, null, null],
      ['quarter', 'all', 0, 0, 0, null, null, 4, null, null],
      ['year', 'all', 0, 0, 0, null, null, 14, null, null],
    ]);
  });
});
