/**
 * Referential checks between staging models. The contract lets an order
 * name a customer the customers export lacks (an implied customer, flagged
 * in int_customers), and other entities name customers or deals loosely, so
 * these are warnings: counted and published in the run log, never blocking.
 * The SQL (`referenceSql`) is measured by plan/gates.ts and the verdict
 * (`referenceGate`) given by plan/gate-rules.ts, on every engine.
 */
import { sqlIdentifier } from '../sql/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { gateResult } from './gate-result.js';
import type { GateResult } from './gate-result.js';

interface Reference {
  readonly model: string;
  readonly column: string;
  readonly target: string;
  readonly targetColumn: string;
  /** What happens to the rows that refer to nothing. */
  readonly consequence: string;
}

const REFERENCES: readonly Reference[] = [
  {
    model: 'stg_orders',
    column: 'customer_id',
    target: 'stg_customers',
    targetColumn: 'customer_id',
    consequence: 'each is an implied customer (int_customers.is_implied; channel unknown, segment unassigned)',
  },
  ...[
    'stg_contracts',
    'stg_wallet_estimates',
    'stg_survey_responses',
    'stg_tickets',
    'stg_deals',
    'stg_leads',
    'stg_engagement_events',
  ].map((model) => ({
    model,
    column: 'customer_id',
    target: 'int_customers',
    targetColumn: 'customer_id',
    consequence: 'kept, but no customer-level figure includes them',
  })),
  {
    model: 'stg_deal_stage_history',
    column: 'deal_id',
    target: 'stg_deals',
    targetColumn: 'deal_id',
    consequence: 'kept for stage velocity, without the deal attributes',
  },
];

/** The gate's name: `references:<model>.<column>`. */
const referenceGateName = (ref: Reference): string => `references:${ref.model}.${ref.column}`;

/** The reference a gate name stands for, if it is a referential gate. */
const referenceNamed = (gate: string): Reference | undefined =>
  REFERENCES.find((ref) => referenceGateName(ref) === gate);

/** The references whose two models are part of the graph. */
function referencesOf(models: readonly Model[]): Reference[] {
  const names = new Set(models.map((m) => m.name));
  return REFERENCES.filter((r) => names.has(r.model) && names.has(r.target));
}

/**
 * One row (rows_missing, values_missing) counting the rows and distinct
 * values that refer to nothing; `table` names a model's built table on the
 * engine at hand. Portable SQL: DuckDB and Athena run the same text.
 */
function referenceSql(ref: Reference, table: (model: string) => string): string {
  const column = sqlIdentifier(ref.column);
  const target = sqlIdentifier(ref.targetColumn);
  return `SELECT count(*) AS rows_missing, count(DISTINCT source.${column}) AS values_missing
     FROM ${table(ref.model)} AS source
     LEFT JOIN ${table(ref.target)} AS target
         ON source.${column} = target.${target}
     WHERE source.${column} IS NOT NULL AND target.${target} IS NULL`;
}

/** The verdict of a reference from its counts: a warning, whatever they are. */
function referenceGate(ref: Reference, rowsMissing: number, valuesMissing: number): GateResult {
  return gateResult(
    referenceGateName(ref),
    valuesMissing,
    valuesMissing === 0
      ? `every ${ref.column} is in ${ref.target}`
      : `${rowsMissing} rows name ${valuesMissing} ${ref.column} values missing from ${ref.target}: ${ref.consequence}`,
    'warning',
  );
}

export { referenceGate, referenceGateName, referenceNamed, referencesOf, referenceSql };
export type { Reference };
