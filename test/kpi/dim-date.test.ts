import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { ConfigInvalidError } from '../../functions/core/errors.js';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture } from './core-fixture.js';

const day = (run: FixtureRun, date: string) =>
  run.rows(`SELECT * EXCLUDE (as_of, run_id) FROM main.dim_date WHERE calendar_date = DATE '${date}'`);

describe('Model: dim_date', () => {
  let calendar: FixtureRun;
  let fiscal: FixtureRun;
  beforeAll(async () => {
    // First reporting month January 2025 (customer A), export date 2025-04-15.
    calendar = await runFixture(coreFixture);
    fiscal = await runFixture(coreFixture, { config: { fiscalYearStartMonth: 4 } });
  });
  afterAll(async () => {
    await calendar.close();
    await fiscal.close();
  });

  it('covers whole calendar years by default: 2025-01-01 to 2025-12-31, one row per day', async () => {
    // Act
    const [span] = await calendar.rows(
      'SELECT count(*) AS days, count(DISTINCT calendar_date) AS dates, min(calendar_date) AS first, max(calendar_date) AS last FROM main.dim_date',
    );

    // Assess: 365 days in 2025
    expect(span).toEqual({ days: '365', dates: '365', first: '2025-01-01', last: '2025-12-31' });
  });

  it('covers whole fiscal years from April: 2024-04-01 to 2026-03-31', async () => {
    // Act
    const [span] = await fiscal.rows('SELECT count(*) AS days, min(calendar_date) AS first, max(calendar_date) AS last FROM main.dim_date');

    // Assess: January 2025 is in FY2025 (Apr 2024 - Mar 2025), the export date in FY2026; 365 + 365 days
    expect(span).toEqual({ days: '730', first: '2024-04-01', last: '2026-03-31' });
  });

  it('labels the fiscal year after the calendar year it ends in', async () => {
    // Act
    const [april] = await day(fiscal, '2025-04-15');
    const [march] = await day(fiscal, '2025-03-31');

    // Assess: 2025-04-15 starts FY2026 (fiscal month 1, quarter 1); 2025-03-31 ends FY2025
    expect(april).toMatchObject({
      fiscal_year: 2026,
      fiscal_year_label: 'FY2026',
      fiscal_year_start: '2025-04-01',
      fiscal_quarter: 1,
      fiscal_quarter_label: 'FY2026-Q1',
      fiscal_quarter_start: '2025-04-01',
      fiscal_month_of_year: 1,
      fiscal_period_label: 'FY2026-P01',
      is_complete_month: false,
      is_future: false,
    });
    expect(march).toMatchObject({
      fiscal_year: 2025,
      fiscal_quarter: 4,
      fiscal_quarter_start: '2025-01-01',
      fiscal_month_of_year: 12,
      fiscal_period_label: 'FY2025-P12',
      is_month_end: true,
      is_complete_month: true,
    });
  });

  it('carries the calendar keys and labels the KPI tables use, and ISO weeks', async () => {
    // Act
    const [first] = await calendar.rows("SELECT * EXCLUDE (as_of, run_id) FROM main.dim_date WHERE calendar_date = DATE '2025-01-01'");
    const [sunday] = await day(calendar, '2025-12-28');
    const [monday] = await day(calendar, '2025-12-29');

    // Assess: 2025-01-01 was a Wednesday in ISO week 1; 2025-12-29 (Monday) opens ISO week 1 of 2026
    expect(first).toMatchObject({
      month_start: '2025-01-01',
      month_end: '2025-01-31',
      month_label: '2025-01',
      month_name: 'January',
      quarter_label: '2025-Q1',
      calendar_year: 2025,
      fiscal_year: 2025,
      fiscal_period_label: 'FY2025-P01',
      iso_day_of_week: 3,
      day_name: 'Wednesday',
      iso_week: 1,
      iso_year: 2025,
      is_month_start: true,
    });
    expect(sunday).toMatchObject({ iso_week: 52, iso_year: 2025, iso_day_of_week: 7 });
    expect(monday).toMatchObject({ iso_week: 1, iso_year: 2026, iso_day_of_week: 1, is_future: true });
  });

  it('rejects a fiscal year start month outside 1-12', () => {
    // Assess
    expect(() => parseConfig({ fiscalYearStartMonth: 13 })).toThrow(ConfigInvalidError);
    expect(() => parseConfig({ fiscalYearStartMonth: 13 })).toThrow('fiscalYearStartMonth');
  });
});
