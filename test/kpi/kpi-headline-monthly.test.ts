import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, EXPORT_DATE, num } from './core-fixture.js';

describe('Model: kpi_headline_monthly', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    // The core fixture plus NPS answers: January a 10 and a 0 (NPS 0),
    // February one 10 (NPS 100); CSAT in February: a 5 and a 3 (1 of 2).
    run = await runFixture({
      ...coreFixture,
      [`survey_responses/export_date=${EXPORT_DATE}/answers.jsonl`]: [
        '{"response_id":"S1","customer_id":"A","survey_type":"nps","score":10,"responded_at":"2025-01-12T09:00:00Z"}',
        '{"response_id":"S2","customer_id":"B","survey_type":"nps","score":0,"responded_at":"2025-01-22T09:00:00Z"}',
        '{"response_id":"S3","customer_id":"C","survey_type":"nps","score":10,"responded_at":"2025-02-07T09:00:00Z"}',
        '{"response_id":"S4","customer_id":"C","survey_type":"csat","score":5,"responded_at":"2025-02-07T09:00:00Z"}',
        '{"response_id":"S5","customer_id":"A","survey_type":"csat","score":3,"responded_at":"2025-02-08T09:00:00Z"}',
        '',
      ].join('\n'),
    });
  });
  afterAll(() => run.close());

  it('shows each headline figure and its month-over-month change', async () => {
    const rows = await run.rows(`
      SELECT month, is_complete, customers, customers_change, acquired, lost,
             revenue, revenue_change, cac, cac_change, nps, nps_change, csat, csat_change
      FROM main.kpi_headline_monthly ORDER BY month`);
    // Active at month end (180-day window): Jan A, B; Feb + C; Mar D acquired and
    // lost (never ordered); Apr unchanged. Revenue: 130, 60, 40 - 10, 20.
    // Blended CAC: 200 / 2, 300 / 1, 0 / 1, nobody acquired in April.
    expect(
      rows.map((r) => [
        r.month, r.is_complete, num(r.customers), num(r.customers_change), num(r.acquired),
        num(r.lost), num(r.revenue), num(r.revenue_change), num(r.cac), num(r.cac_change),
        r.nps, r.nps_change, r.csat, r.csat_change,
      ]),
    ).toEqual([
      ['2025-01-01', true, 2, null, 2, 0, 130, null, 100, null, 0, null, null, null],
      ['2025-02-01', true, 3, 1, 1, 0, 60, -70, 300, 200, 100, 100, 0.5, null],
      ['2025-03-01', true, 3, 0, 1, 1, 30, -30, 0, -300, null, null, null, null],
      ['2025-04-01', false, 3, 0, 0, 0, 20, -10, null, null, null, null, null, null],
    ]);
  });

  it('publishes the numerator and denominator of every rate beside it', async () => {
    const rows = await run.rows(`
      SELECT month, customers_start, customers_end_not_new, lost_from_start, retention_rate,
             churn_rate, acquisition_spend, new_customers, net_clv_total,
             nps_responses, promoters, detractors, csat_responses, csat_satisfied
      FROM main.kpi_headline_monthly ORDER BY month`);
    // Start of month: nobody in Jan, A and B in Feb, A, B and C after.
    // Feb: end 3 - acquired C = 2 not new, of 2 at the start. Mar: end 3 -
    // acquired D (lost again) = 2 not new, while nobody of the 3 at the start
    // was lost: retention 3 / 3 = 1 = 1 - churn.
    // Spend 200 / 2 new (CLV -150 + 40), 300 / 1 (C 30), 0 / 1 (D 0).
    // NPS: Jan a 10 and a 0, Feb a 10; CSAT: Feb a 5 and a 3, 1 of 2 at >= 4.
    expect(
      rows.map((r) => [
        r.month, num(r.customers_start), num(r.customers_end_not_new), num(r.lost_from_start),
        r.retention_rate, r.churn_rate, num(r.acquisition_spend), num(r.new_customers),
        num(r.net_clv_total), num(r.nps_responses), num(r.promoters),
        num(r.detractors), num(r.csat_responses), num(r.csat_satisfied),
      ]),
    ).toEqual([
      ['2025-01-01', 0, 0, 0, null, null, 200, 2, -110, 2, 1, 1, 0, 0],
      ['2025-02-01', 2, 2, 0, 1, 0, 300, 1, 30, 1, 1, 0, 2, 1],
      ['2025-03-01', 3, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
      ['2025-04-01', 3, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('agrees with the reconciliation sheet on every month', async () => {
    const differences = await run.rows(`
      SELECT h.month FROM main.kpi_headline_monthly h
      JOIN main.kpi_customer_reconciliation s
        ON s.period_type = 'month' AND s.segment = 'all' AND s.period_start = h.month
      WHERE h.customers <> s.customers_end OR h.retention_rate IS DISTINCT FROM s.retention_rate
         OR h.churn_rate IS DISTINCT FROM s.churn_rate`);
    expect(differences).toEqual([]);
  });
});
