import { describe, expect, it } from 'vitest';
import type { ReportPeriod } from '../../../functions/core/report/load-report-data.js';
import type { CohortRow } from '../../../functions/core/report/report-rows.js';
import { cohortSection } from '../../../functions/core/report/sections/cohorts.js';

const period: ReportPeriod = {
  asOf: '2025-04-15',
  runId: 'run',
  reportMonth: '2025-03-01',
  reportMonthComplete: true,
  partialMonth: '2025-04-01',
  windowStart: '2023-04-01',
  lastQuarter: '2025-01-01',
};

function row(cohort: string, months: number, activity: string, active: number, size: number): CohortRow {
  return {
    cohort_month: cohort,
    months_since_acquisition: months,
    activity_month: activity,
    is_complete: activity < '2025-04-01',
    cohort_size: size,
    active_customers: active,
    retention_rate: active / size,
    revenue: '100.00',
    revenue_per_member: '50.00',
    cumulative_revenue_per_member: '50.00',
    revenue_retention: months === 0 ? 1 : 0.5,
  };
}

describe('Function: cohortSection', () => {
  it('has one heatmap cell per cohort row in each of its two versions', () => {
    // Prepare: cohort Feb 2025 (2 members) has Feb, Mar, Apr; cohort Mar 2025 (1 member) has Mar, Apr = 5 rows
    const rows = [
      row('2025-02-01', 0, '2025-02-01', 2, 2),
      row('2025-02-01', 1, '2025-03-01', 1, 2),
      row('2025-02-01', 2, '2025-04-01', 0, 2),
      row('2025-03-01', 0, '2025-03-01', 1, 1),
      row('2025-03-01', 1, '2025-04-01', 0, 1),
    ];

    // Act
    const html = cohortSection(rows, { period, currency: 'USD', cacToClvMaxRatio: 0.1 }).text;

    // Assess: 5 cells per heatmap, 2 heatmaps; April is partial (2 cells each); 1 of 2 active = 50%
    expect(html.match(/<g class="cell/g)?.length).toBe(10);
    expect(html.match(/<g class="cell partial"/g)?.length).toBe(4);
    expect(html).toContain('>50%</text>');
    expect(html).toContain('5 rows, one cell each');
    expect(html).toContain('revenue $100.00 = 50.0% of month 0');
  });
});
