/**
 * The values a model may read with `{{ var('name') }}`: validated config and
 * the run's dates, as typed literals. Nothing a user typed reaches SQL as text.
 */
import type { PipelineConfig } from '../config/pipeline-config.js';

/** A value the template renders as a typed SQL literal. */
type SqlLiteral =
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'zone'; readonly value: string };

type SqlVars = Readonly<Record<string, SqlLiteral>>;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** IANA zone names (Europe/Paris, America/Port-au-Prince, Etc/GMT+5, UTC). */
const zoneName = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Renders a literal; throws on anything that is not what its kind says. */
function renderLiteral(name: string, literal: SqlLiteral): string {
  switch (literal.kind) {
    case 'integer':
      if (!Number.isSafeInteger(literal.value)) {
        throw new TypeError(`var ${name} is not an integer: ${literal.value}`);
      }
      return `CAST(${literal.value} AS INTEGER)`;
    case 'double':
      if (!Number.isFinite(literal.value)) {
        throw new TypeError(`var ${name} is not a finite number`);
      }
      return `CAST(${literal.value.toString()} AS DOUBLE)`;
    case 'date': {
      const day = new Date(`${literal.value}T00:00:00Z`);
      if (
        !isoDate.test(literal.value) ||
        Number.isNaN(day.getTime()) ||
        day.toISOString().slice(0, 10) !== literal.value
      ) {
        throw new TypeError(`var ${name} is not a YYYY-MM-DD date`);
      }
      return `DATE '${literal.value}'`;
    }
    case 'zone':
      if (!zoneName.test(literal.value)) {
        throw new TypeError(`var ${name} is not a time zone name`);
      }
      return `'${literal.value}'`;
  }
}

/** The vars every model can use, from the validated config and run date. */
function buildSqlVars(config: PipelineConfig, asOf: string): SqlVars {
  const integer = (value: number): SqlLiteral => ({ kind: 'integer', value });
  const double = (value: number): SqlLiteral => ({ kind: 'double', value });
  return {
    as_of: { kind: 'date', value: asOf },
    time_zone: { kind: 'zone', value: config.timeZone },
    churn_window_days: integer(config.churnWindowDays),
    clv_horizon_months: integer(config.clvHorizonMonths),
    annual_discount_rate: double(config.annualDiscountRate),
    renewal_grace_days: integer(config.renewalGraceDays),
    csat_satisfied_min: integer(config.csatSatisfiedMin),
    cac_to_clv_max_ratio: double(config.cacToClvMaxRatio),
    fiscal_year_start_month: integer(config.fiscalYearStartMonth),
    health_weight_recency: double(config.healthWeights.recency),
    health_weight_frequency: double(config.healthWeights.frequency),
    health_weight_monetary: double(config.healthWeights.monetary),
    health_weight_sentiment: double(config.healthWeights.sentiment),
    health_weight_service: double(config.healthWeights.service),
    health_weight_engagement: double(config.healthWeights.engagement),
  };
}

export { buildSqlVars, renderLiteral };
export type { SqlLiteral, SqlVars };
