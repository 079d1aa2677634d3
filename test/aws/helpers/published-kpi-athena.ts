/**
 * A scripted Athena serving the published KPI tables the monthly report
 * reads. Each SELECT is answered with the fixed rows of the table named
 * after its FROM, the way GetQueryResults returns them (a header row, every
 * value as text, Athena's column types); WHERE clauses are not evaluated.
 * Every query succeeds at once, and every start is recorded.
 *
 * The rows: the night of 2026-11-01, September and October 2026 complete,
 * November partial, so the report month is October 2026.
 */
import type {
  GetQueryExecutionInput,
  GetQueryExecutionOutput,
  GetQueryResultsInput,
  GetQueryResultsOutput,
  StartQueryExecutionInput,
  StartQueryExecutionOutput,
} from '@aws-sdk/client-athena';
import type { AthenaApi } from '../../../functions/core/aws/athena-query-runner.js';
import { execution } from './fake-athena.js';

/** A table as Athena would return it: `name type` column specs and rows by column name. */
interface AthenaTable {
  readonly columns: string;
  readonly rows: readonly Record<string, string>[];
}

const AS_OF = '2026-11-01';

/** The report month of the rows below. */
const REPORT_MONTH = '2026-10';

/** The published KPI tables of run `runId`, as its report reads them. */
function publishedKpiTables(runId: string): Record<string, AthenaTable> {
  const run = { as_of: AS_OF, run_id: runId };
  return {
    kpi_headline_monthly: {
      columns:
        'month date, is_complete boolean, customers bigint, customers_change bigint, acquired bigint, ' +
        'acquired_change bigint, lost bigint, lost_change bigint, retention_rate double, ' +
        'retention_rate_change double, churn_rate double, churn_rate_change double, revenue decimal(18,2), ' +
        'revenue_change decimal(18,2), net_revenue_retention double, net_revenue_retention_change double, ' +
        'cac decimal(18,2), cac_change decimal(18,2), clv decimal(18,2), clv_change decimal(18,2), ' +
        'clv_to_cac double, clv_to_cac_change double, nps double, nps_change double, csat double, ' +
        'csat_change double, as_of date, run_id varchar',
      rows: [
        { month: '2026-09-01', is_complete: 'true', customers: '120', acquired: '15', lost: '5', retention_rate: '0.9583', churn_rate: '0.0417', revenue: '12500.00', cac: '80.00', clv: '950.00', clv_to_cac: '11.875', nps: '42', csat: '0.86', ...run },
        { month: '2026-10-01', is_complete: 'true', customers: '130', customers_change: '10', acquired: '18', acquired_change: '3', lost: '8', lost_change: '3', retention_rate: '0.9333', retention_rate_change: '-0.025', churn_rate: '0.0667', churn_rate_change: '0.025', revenue: '13400.50', revenue_change: '900.50', net_revenue_retention: '1.04', cac: '75.00', cac_change: '-5.00', clv: '980.00', clv_change: '30.00', clv_to_cac: '13.0667', clv_to_cac_change: '1.1917', nps: '45', nps_change: '3', csat: '0.88', csat_change: '0.02', ...run },
        { month: '2026-11-01', is_complete: 'false', customers: '131', acquired: '2', lost: '1', revenue: '1500.00', ...run },
      ],
    },
    kpi_cohort_retention: {
      columns:
        'cohort_month date, months_since_acquisition integer, activity_month date, is_complete boolean, ' +
        'cohort_size bigint, active_customers bigint, retention_rate double, revenue decimal(18,2), ' +
        'revenue_per_member decimal(18,2), cumulative_revenue_per_member decimal(18,2), revenue_retention double',
      rows: [
        { cohort_month: '2026-09-01', months_since_acquisition: '0', activity_month: '2026-09-01', is_complete: 'true', cohort_size: '15', active_customers: '15', retention_rate: '1.0', revenue: '1500.00', revenue_per_member: '100.00', cumulative_revenue_per_member: '100.00', revenue_retention: '1.0' },
        { cohort_month: '2026-09-01', months_since_acquisition: '1', activity_month: '2026-10-01', is_complete: 'true', cohort_size: '15', active_customers: '12', retention_rate: '0.8', revenue: '1100.00', revenue_per_member: '73.33', cumulative_revenue_per_member: '173.33', revenue_retention: '0.7333' },
        { cohort_month: '2026-10-01', months_since_acquisition: '0', activity_month: '2026-10-01', is_complete: 'true', cohort_size: '18', active_customers: '18', retention_rate: '1.0', revenue: '1800.00', revenue_per_member: '100.00', cumulative_revenue_per_member: '100.00', revenue_retention: '1.0' },
      ],
    },
    kpi_customer_reconciliation: {
      columns:
        'period_type varchar, period_start date, period_end date, period_label varchar, is_complete boolean, ' +
        'segment varchar, customers_start bigint, acquired bigint, reactivated bigint, lost bigint, ' +
        'lost_from_start bigint, customers_end bigint, retained_from_start bigint, zero_churn_base bigint, ' +
        'growth bigint, acquisition_rate double, retention_rate double, zero_churn_retention double, churn_rate double',
      rows: [
        { period_type: 'month', period_start: '2026-10-01', period_end: '2026-10-31', period_label: 'October 2026', is_complete: 'true', segment: 'all', customers_start: '120', acquired: '18', reactivated: '0', lost: '8', lost_from_start: '7', customers_end: '130', retained_from_start: '113', zero_churn_base: '120', growth: '10', acquisition_rate: '0.15', retention_rate: '0.9417', zero_churn_retention: '0.9417', churn_rate: '0.0583' },
        { period_type: 'quarter', period_start: '2026-10-01', period_end: '2026-11-01', period_label: '2026-Q4', is_complete: 'false', segment: 'all', customers_start: '120', acquired: '20', reactivated: '0', lost: '9', lost_from_start: '8', customers_end: '131', retained_from_start: '112', zero_churn_base: '120', growth: '11', acquisition_rate: '0.1667', retention_rate: '0.9333', zero_churn_retention: '0.9333', churn_rate: '0.0667' },
        { period_type: 'year', period_start: '2026-01-01', period_end: '2026-11-01', period_label: '2026', is_complete: 'false', segment: 'all', customers_start: '40', acquired: '110', reactivated: '2', lost: '21', lost_from_start: '10', customers_end: '131', retained_from_start: '30', zero_churn_base: '40', growth: '91', acquisition_rate: '2.75', retention_rate: '0.75', zero_churn_retention: '0.75', churn_rate: '0.25' },
      ],
    },
    kpi_cac_by_channel: {
      columns:
        'month date, channel varchar, acquisition_spend decimal(18,2), new_customers bigint, cac decimal(18,2), ' +
        'clv decimal(18,2), clv_to_cac double, payback_months integer, within_budget boolean',
      rows: [
        { month: '2026-10-01', channel: 'all', acquisition_spend: '1350.00', new_customers: '18', cac: '75.00', clv: '980.00', clv_to_cac: '13.0667', payback_months: '3', within_budget: 'true' },
        { month: '2026-10-01', channel: 'paid_search', acquisition_spend: '900.00', new_customers: '8', cac: '112.50', clv: '900.00', clv_to_cac: '8.0', payback_months: '5', within_budget: 'false' },
      ],
    },
    kpi_share_of_wallet_segment: {
      columns:
        'segment varchar, period_start date, period_end date, category varchar, customers bigint, ' +
        'our_revenue decimal(18,2), total_category_spend decimal(18,2), weighted_share_of_wallet double, ' +
        'mean_share_of_wallet double, customers_above_one bigint',
      rows: [
        { segment: 'all', period_start: '2026-10-01', period_end: '2026-10-31', category: 'books', customers: '40', our_revenue: '4000.00', total_category_spend: '10000.00', weighted_share_of_wallet: '0.4', mean_share_of_wallet: '0.38', customers_above_one: '0' },
      ],
    },
    kpi_return_on_relationship: {
      columns:
        'period_type varchar, period_start date, period_end date, period_label varchar, is_complete boolean, ' +
        'segment varchar, base_customers bigint, revenue decimal(18,2), previous_revenue decimal(18,2), ' +
        'incremental_revenue decimal(18,2), gross_profit decimal(18,2), previous_gross_profit decimal(18,2), ' +
        'incremental_profit decimal(18,2), retention_spend decimal(18,2), ror_revenue double, ror_profit double',
      rows: [
        { period_type: 'month', period_start: '2026-10-01', period_end: '2026-10-31', period_label: 'October 2026', is_complete: 'true', segment: 'all', base_customers: '120', revenue: '11600.50', previous_revenue: '11000.00', incremental_revenue: '600.50', gross_profit: '4600.00', previous_gross_profit: '4400.00', incremental_profit: '200.00', retention_spend: '400.00', ror_revenue: '1.5013', ror_profit: '0.5' },
      ],
    },
    kpi_perception_monthly: {
      columns:
        'month date, period_end date, is_complete boolean, touchpoint varchar, segment varchar, nps_responses bigint, ' +
        'promoters bigint, passives bigint, detractors bigint, nps double, csat_responses bigint, ' +
        'csat_satisfied bigint, csat double, csat_score_sum bigint, csat_mean double, ces_responses bigint, ' +
        'ces_score_sum bigint, ces_mean double, ces_easy bigint, ces_easy_share double',
      rows: [
        { month: '2026-10-01', period_end: '2026-10-31', is_complete: 'true', touchpoint: 'all', segment: 'all', nps_responses: '20', promoters: '11', passives: '5', detractors: '4', nps: '35', csat_responses: '25', csat_satisfied: '22', csat: '0.88', csat_score_sum: '105', csat_mean: '4.2', ces_responses: '10', ces_score_sum: '25', ces_mean: '2.5', ces_easy: '8', ces_easy_share: '0.8' },
      ],
    },
    pipeline_restatements: {
      columns:
        'table_name varchar, row_key varchar, column_name varchar, previous_value varchar, new_value varchar, ' +
        'previous_is_complete boolean, previous_run_id varchar, as_of date, run_id varchar',
      rows: [
        { table_name: 'kpi_headline_monthly', row_key: 'month=2026-09-01', column_name: 'revenue', previous_value: '12400.00', new_value: '12500.00', previous_is_complete: 'true', previous_run_id: 'r20261031_0000000000_1', ...run },
      ],
    },
  };
}

/** The table a report query reads: the name after its FROM. */
const tableOf = (sql: string | undefined): string => /\bFROM ([a-z_]+)/.exec(sql ?? '')?.[1] ?? '';

/** Answers each query with the rows of the table after its FROM. */
class PublishedKpiAthena implements AthenaApi {
  readonly started: StartQueryExecutionInput[] = [];

  constructor(private readonly tables: Record<string, AthenaTable>) {}

  startQueryExecution(input: StartQueryExecutionInput): Promise<StartQueryExecutionOutput> {
    this.started.push(input);
    return Promise.resolve({ QueryExecutionId: `q-${this.started.length}` });
  }

  getQueryExecution(input: GetQueryExecutionInput): Promise<GetQueryExecutionOutput> {
    const answer = execution('SUCCEEDED');
    return Promise.resolve({ QueryExecution: { ...answer.QueryExecution, QueryExecutionId: input.QueryExecutionId } });
  }

  getQueryResults(input: GetQueryResultsInput): Promise<GetQueryResultsOutput> {
    const sql = this.started[Number(input.QueryExecutionId?.slice(2)) - 1]?.QueryString;
    const table = this.tables[tableOf(sql)];
    if (!table) return Promise.reject(new Error(`no published table read by: ${sql}`));
    const columns = table.columns.split(', ').map((spec) => {
      const [Name = '', Type = ''] = spec.split(' ');
      return { Name, Type };
    });
    const unknown = table.rows.flatMap((r) => Object.keys(r)).filter((k) => !columns.some((c) => c.Name === k));
    if (unknown.length > 0) return Promise.reject(new Error(`fixture columns not in the table: ${unknown.join(', ')}`));
    const cell = (value: string | undefined) => (value === undefined ? {} : { VarCharValue: value });
    const header = { Data: columns.map((c) => cell(c.Name)) };
    const rows = table.rows.map((row) => ({ Data: columns.map((c) => cell(row[c.Name])) }));
    return Promise.resolve({ ResultSet: { ResultSetMetadata: { ColumnInfo: columns }, Rows: [header, ...rows] } });
  }

  stopQueryExecution(): Promise<unknown> {
    return Promise.resolve({});
  }

  /** The tables the queries read, in query order. */
  tablesRead(): string[] {
    return this.started.map((s) => tableOf(s.QueryString));
  }
}

export { AS_OF, PublishedKpiAthena, publishedKpiTables, REPORT_MONTH };
export type { AthenaTable };
