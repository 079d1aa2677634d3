/**
 * The published rows the report reads, validated: the engine returns JSON
 * values whose shapes differ by engine (DuckDB sends BIGINT and DECIMAL as
 * text, Athena sends everything as text), so each field is parsed once
 * here and the sections work with typed values.
 */
import { z } from 'zod';

const numeric = z.union([z.string(), z.number()]);

/** `YYYY-MM-DD` (a timestamp suffix is cut off). */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/)
  .transform((s) => s.slice(0, 10));
/** DECIMAL money kept as its exact text. */
const money = numeric.transform(String).pipe(z.string().regex(/^-?\d+(\.\d+)?$/)).nullable();
const count = numeric.transform(Number).pipe(z.number().int()).nullable();
const ratio = numeric.transform(Number).pipe(z.number()).nullable();
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');
const text = z.string();

const headlineRow = z.object({
  month: date,
  is_complete: flag,
  customers: count,
  customers_change: count,
  acquired: count,
  acquired_change: count,
  lost: count,
  lost_change: count,
  retention_rate: ratio,
  retention_rate_change: ratio,
  churn_rate: ratio,
  churn_rate_change: ratio,
  revenue: money,
  revenue_change: money,
  net_revenue_retention: ratio,
  net_revenue_retention_change: ratio,
  cac: money,
  cac_change: money,
  clv: money,
  clv_change: money,
  clv_to_cac: ratio,
  clv_to_cac_change: ratio,
  nps: ratio,
  nps_change: ratio,
  csat: ratio,
  csat_change: ratio,
  as_of: date,
  run_id: text,
});

const cohortRow = z.object({
  cohort_month: date,
  months_since_acquisition: numeric.transform(Number).pipe(z.number().int().min(0)),
  activity_month: date,
  is_complete: flag,
  cohort_size: count,
  active_customers: count,
  retention_rate: ratio,
  revenue: money,
  revenue_per_member: money,
  cumulative_revenue_per_member: money,
  revenue_retention: ratio,
});

/** The key of the tables with a row per period_type x period_start x segment. */
const periodSegmentKey = {
  period_type: z.enum(['month', 'quarter', 'year']),
  period_start: date,
  period_end: date,
  period_label: text,
  is_complete: flag,
  segment: text,
};

const reconciliationRow = z.object({
  ...periodSegmentKey,
  customers_start: count,
  acquired: count,
  reactivated: count,
  lost: count,
  lost_from_start: count,
  customers_end: count,
  retained_from_start: count,
  zero_churn_base: count,
  growth: count,
  acquisition_rate: ratio,
  retention_rate: ratio,
  zero_churn_retention: ratio,
  churn_rate: ratio,
});

const cacRow = z.object({
  month: date,
  channel: text,
  acquisition_spend: money,
  new_customers: count,
  cac: money,
  clv: money,
  clv_to_cac: ratio,
  payback_months: count,
  within_budget: flag.nullable(),
});

const walletRow = z.object({
  segment: text,
  period_start: date,
  period_end: date,
  category: text,
  customers: count,
  our_revenue: money,
  total_category_spend: money,
  weighted_share_of_wallet: ratio,
  mean_share_of_wallet: ratio,
  customers_above_one: count,
});

const relationshipRow = z.object({
  ...periodSegmentKey,
  base_customers: count,
  revenue: money,
  previous_revenue: money,
  incremental_revenue: money,
  gross_profit: money,
  incremental_profit: money,
  retention_spend: money,
  ror_revenue: ratio,
  ror_profit: ratio,
});

const perceptionRow = z.object({
  month: date,
  is_complete: flag,
  nps_responses: count,
  promoters: count,
  passives: count,
  detractors: count,
  nps: ratio,
  csat_responses: count,
  csat_satisfied: count,
  csat: ratio,
  csat_mean: ratio,
  ces_responses: count,
  ces_mean: ratio,
  ces_easy_share: ratio,
});

/** A figure of an already-published period that tonight's night changed. */
const restatementRow = z.object({
  table_name: text,
  row_key: text,
  column_name: text,
  previous_value: text.nullable(),
  new_value: text.nullable(),
  previous_is_complete: flag.nullable(),
  previous_run_id: text.nullable(),
});

type HeadlineRow = z.infer<typeof headlineRow>;
type CohortRow = z.infer<typeof cohortRow>;
type ReconciliationRow = z.infer<typeof reconciliationRow>;
type CacRow = z.infer<typeof cacRow>;
type WalletRow = z.infer<typeof walletRow>;
type RelationshipRow = z.infer<typeof relationshipRow>;
type PerceptionRow = z.infer<typeof perceptionRow>;
type RestatementRow = z.infer<typeof restatementRow>;

export {
  cacRow,
  cohortRow,
  headlineRow,
  perceptionRow,
  reconciliationRow,
  relationshipRow,
  restatementRow,
  walletRow,
};
export type {
  CacRow,
  CohortRow,
  HeadlineRow,
  PerceptionRow,
  ReconciliationRow,
  RelationshipRow,
  RestatementRow,
  WalletRow,
};
