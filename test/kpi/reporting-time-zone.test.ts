/**
 * Business dates are days in the reporting time zone (config timeZone), not
 * UTC days. In New York (UTC-5 in winter):
 *   A acquired 2025-01-10T15:00Z (Jan 10); B acquired 2025-02-01T02:00Z,
 *     which is 21:00 on Jan 31 in New York
 *   A1 2025-01-10T15:00Z 100.00 (Jan 10)
 *   A2 2025-02-01T03:00Z  50.00 (22:00 on Jan 31 in New York)
 *   B1 2025-02-01T06:00Z  30.00 (01:00 on Feb 1 in New York)
 * Export date 2025-02-15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { num } from './core-fixture.js';

const day = 'export_date=2025-02-15';
const fixture = {
  [`customers/${day}/customers.csv`]: csv(
    'customer_id,acquired_at',
    'A,2025-01-10T15:00:00Z',
    'B,2025-02-01T02:00:00Z',
  ),
  [`orders/${day}/orders.csv`]: csv(
    'order_id,customer_id,ordered_at,amount',
    'A1,A,2025-01-10T15:00:00Z,100.00',
    'A2,A,2025-02-01T03:00:00Z,50.00',
    'B1,B,2025-02-01T06:00:00Z,30.00',
  ),
};

describe('Reporting time zone', () => {
  let newYork: FixtureRun;
  let utc: FixtureRun;
  beforeAll(async () => {
    newYork = await runFixture(fixture, { config: { timeZone: 'America/New_York' } });
    utc = await runFixture(fixture);
  });
  afterAll(async () => {
    await newYork.close();
    await utc.close();
  });

  const monthly = (run: FixtureRun) =>
    run.rows('SELECT month, acquired, revenue FROM main.kpi_headline_monthly ORDER BY month');

  it('counts orders and acquisitions in the month they happened in locally', async () => {
    // New York: January holds A1 and A2 (150.00) and both acquisitions;
    // February B1 alone.
    expect((await monthly(newYork)).map((r) => [r.month, num(r.acquired), num(r.revenue)])).toEqual([
      ['2025-01-01', 2, 150],
      ['2025-02-01', 0, 30],
    ]);
    // UTC: A2, B1 and B's acquisition fall on 1 February.
    expect((await monthly(utc)).map((r) => [r.month, num(r.acquired), num(r.revenue)])).toEqual([
      ['2025-01-01', 1, 100],
      ['2025-02-01', 1, 80],
    ]);
  });

  it('puts a customer in the cohort of their local acquisition day', async () => {
    const cohorts = await newYork.rows(
      'SELECT DISTINCT cohort_month, cohort_size FROM main.kpi_cohort_retention ORDER BY cohort_month',
    );
    expect(cohorts.map((r) => [r.cohort_month, num(r.cohort_size)])).toEqual([['2025-01-01', 2]]);
  });
});
