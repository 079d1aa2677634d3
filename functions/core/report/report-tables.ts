/**
 * The published tables the monthly report reads, by name: the report's
 * queries name only these, and the stack grants the report step read
 * access to exactly these (their views, history tables and run folders).
 */
const REPORT_TABLES = [
  'kpi_headline_monthly',
  'kpi_cohort_retention',
  'kpi_customer_reconciliation',
  'kpi_cac_by_channel',
  'kpi_share_of_wallet_segment',
  'kpi_return_on_relationship',
  'kpi_perception_monthly',
  'pipeline_restatements',
] as const;

type ReportTable = (typeof REPORT_TABLES)[number];

export { REPORT_TABLES };
export type { ReportTable };
