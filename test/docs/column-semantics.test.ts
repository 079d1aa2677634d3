import { describe, expect, it } from 'vitest';
import { columnFormula, columnUnit } from '../../functions/core/docs/column-semantics.js';

describe('Function: columnFormula', () => {
  it.each([
    ['acquisition_spend / new_customers (NULL when nobody was acquired)', 'acquisition_spend / new_customers'],
    ['CRM user adoption = active_users / users_seen (share 0-1); NULL when nobody was seen', 'active_users / users_seen'],
    [
      'Net Promoter Score = 100 x (promoters - detractors) / nps_responses, from -100 to 100; NULL without NPS answers',
      '100 x (promoters - detractors) / nps_responses',
    ],
    ['cac <= cac_to_clv_max_ratio x clv (a 5,000 CLV justifies at most 500 of CAC)', 'cac <= cac_to_clv_max_ratio x clv'],
    ['first day of the month', null],
    ['0 when revenue_12m <= 0 (no purchases); else the share of all acquired customers', null],
    ['mean of the customers\' individual shares', null],
  ])('reads %j as %j', (description, formula) => {
    // Assess
    expect(columnFormula(description)).toBe(formula);
  });
});

describe('Function: columnUnit', () => {
  it.each([
    ['cac', 'DECIMAL(18,2)', 'acquisition_spend / new_customers', 'EUR'],
    ['retention_cost_per_retained', 'DOUBLE', 'retention_spend / retained_from_start', 'EUR'],
    ['churn_rate', 'DOUBLE', 'lost_from_start / customers_start', 'share 0-1'],
    ['repeat_purchase_rate_month', 'DOUBLE', 'returning_customers / customers_ordering', 'share 0-1'],
    ['clv_to_cac', 'DOUBLE', 'clv / cac', 'ratio'],
    ['nps_change', 'DOUBLE', 'this month minus the previous month', 'NPS points (-100 to 100)'],
    ['health_score', 'DOUBLE', '100 x (...), rounded to 2 decimals; 0 (worst) to 100 (best)', 'score 0-100'],
    ['ces_mean', 'DOUBLE', 'ces_score_sum / ces_responses (1-7, lower is easier)', 'score 1-7'],
    ['payback_months', 'INTEGER', 'months of gross profit', 'months'],
    ['first_response_hours_median', 'DOUBLE', 'exact median', 'hours'],
    ['month_of_year', 'INTEGER', '1-12', 'ordinal'],
    ['fiscal_year', 'INTEGER', 'the fiscal year', 'year'],
    ['new_customers', 'BIGINT', 'customers acquired', 'count'],
    ['cohort_month', 'DATE', 'first day', 'date'],
    ['within_budget', 'BOOLEAN', 'cac <= ...', 'true/false'],
    ['segment', 'VARCHAR', 'business segment', null],
  ])('gives %s (%s) the unit %j', (column, type, description, unit) => {
    // Assess
    expect(columnUnit({ column, type, description, currency: 'EUR' })).toBe(unit);
  });
});
