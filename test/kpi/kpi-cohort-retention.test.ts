import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

describe('Model: kpi_cohort_retention', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(coreFixture);
  });
  afterAll(() => run.close());

  it('builds the triangle by hand-worked numbers, with empty months as zeros', async () => {
    // Act
    const rows = await run.rows(`
      SELECT cohort_month, months_since_acquisition, activity_month, is_complete,
             cohort_size, active_customers, retention_rate, revenue,
             revenue_per_member, cumulative_revenue_per_member, revenue_retention
      FROM main.kpi_cohort_retention
      ORDER BY cohort_month, months_since_acquisition`);

    // Assess: [cohort, k, size, active, rate, revenue, per member, cumulative, revenue retention]
    // Jan {A,B}: m0 A1 100 + B1 30 (A2 cancelled) = 130; m1 nothing; m2 A3 40 - A4 10 = 30
    //   with only A completing; m3 (April, partial) B2 20.
    // Feb {C} (no acquired_at: first completed order 2025-02-05): m0 C1 60 (C2 cancelled).
    // Mar {D}: no orders, so revenue retention divides by 0 and is NULL.
    const expected = [
      ['2025-01-01', 0, 2, 2, 1, 130, 65, 65, 1],
      ['2025-01-01', 1, 2, 0, 0, 0, 0, 65, 0],
      ['2025-01-01', 2, 2, 1, 0.5, 30, 15, 80, 30 / 130],
      ['2025-01-01', 3, 2, 1, 0.5, 20, 10, 90, 20 / 130],
      ['2025-02-01', 0, 1, 1, 1, 60, 60, 60, 1],
      ['2025-02-01', 1, 1, 0, 0, 0, 0, 60, 0],
      ['2025-02-01', 2, 1, 0, 0, 0, 0, 60, 0],
      ['2025-03-01', 0, 1, 0, 0, 0, 0, 0, null],
      ['2025-03-01', 1, 1, 0, 0, 0, 0, 0, null],
    ];
    expect(
      rows.map((r) => [
        r.cohort_month,
        num(r.months_since_acquisition),
        num(r.cohort_size),
        num(r.active_customers),
        r.retention_rate,
        num(r.revenue),
        num(r.revenue_per_member),
        num(r.cumulative_revenue_per_member),
        r.revenue_retention,
      ]),
    ).toEqual(expected);
  });

  it('publishes the sums behind the per-member and retention figures', async () => {
    // Jan cohort, month 2: cumulative 130 + 0 + 30 = 160 (per member 80), and
    // revenue retention 30 / month 0's 130. Mar cohort: nothing, so 0 and 0.
    const rows = await run.rows(`
      SELECT cohort_month, months_since_acquisition, cumulative_revenue, month_zero_revenue
      FROM main.kpi_cohort_retention
      WHERE (cohort_month = DATE '2025-01-01' AND months_since_acquisition = 2)
         OR cohort_month = DATE '2025-03-01'
      ORDER BY cohort_month, months_since_acquisition`);
    expect(rows.map((r) => [r.cohort_month, num(r.months_since_acquisition), num(r.cumulative_revenue),
      num(r.month_zero_revenue)])).toEqual([
      ['2025-01-01', 2, 160, 130],
      ['2025-03-01', 0, 0, 0],
      ['2025-03-01', 1, 0, 0],
    ]);
  });

  it('labels only the export month as partial', async () => {
    const rows = await run.rows(`
      SELECT DISTINCT activity_month, is_complete FROM main.kpi_cohort_retention
      ORDER BY activity_month`);
    expect(rows).toEqual([
      { activity_month: '2025-01-01', is_complete: true },
      { activity_month: '2025-02-01', is_complete: true },
      { activity_month: '2025-03-01', is_complete: true },
      { activity_month: '2025-04-01', is_complete: false },
    ]);
  });

  it('carries the run id and export date on every row', async () => {
    const rows = await run.rows(
      'SELECT DISTINCT as_of, run_id FROM main.kpi_cohort_retention',
    );
    expect(rows).toEqual([{ as_of: '2025-04-15', run_id: run.summary.runId }]);
  });
});
