/**
 * Referential checks between staging models. The contract lets an order
 * name a customer the customers export lacks (an implied customer, flagged
 * in int_customers), and other entities name customers or deals loosely, so
 * these are warnings: counted and published in the run log, never blocking.
 */
import type { Engine } from '../engine/engine.js';
import { sqlIdentifier } from '../landing/sql-text.js';
import type { Model } from '../models/model-graph.js';
import { buildTable } from './build-models.js';
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

async function checkReference(engine: Engine, ref: Reference): Promise<GateResult> {
  const column = sqlIdentifier(ref.column);
  const [row] = await engine.query(
    `SELECT count(*) AS rows_missing, count(DISTINCT source.${column}) AS values_missing
     FROM ${buildTable(ref.model)} AS source
     LEFT JOIN ${buildTable(ref.target)} AS target
         ON source.${column} = target.${sqlIdentifier(ref.targetColumn)}
     WHERE source.${column} IS NOT NULL AND target.${sqlIdentifier(ref.targetColumn)} IS NULL`,
  );
  const rows = Number(row?.rows_missing ?? 0);
  const values = Number(row?.values_missing ?? 0);
  return gateResult(
    `references:${ref.model}.${ref.column}`,
    values,
    values === 0
      ? `every ${ref.column} is in ${ref.target}`
      : `${rows} rows name ${values} ${ref.column} values missing from ${ref.target}: ${ref.consequence}`,
    'warning',
  );
}

/** The checks whose two models are part of this night's graph. */
async function referentialGates(engine: Engine, models: readonly Model[]): Promise<GateResult[]> {
  const names = new Set(models.map((m) => m.name));
  const results: GateResult[] = [];
  for (const ref of REFERENCES.filter((r) => names.has(r.model) && names.has(r.target))) {
    results.push(await checkReference(engine, ref));
  }
  return results;
}

export { referentialGates };
