/**
 * The export contract (v1) as data: one declarative schema per entity. The
 * same schema drives reading (which columns, which types), validation (the
 * rules become generated SQL), staging keys and documentation, so the
 * contract is written down exactly once.
 */

/** Column types of the contract; each maps to one parse rule and SQL type. */
type ColumnType =
  | 'string'
  | 'date'
  | 'timestamp'
  | 'money'
  | 'integer'
  | 'enum';

interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** An empty value rejects the row. @default false */
  readonly required?: boolean;
  /** Allowed values of an enum column, lower case. */
  readonly values?: readonly string[];
  /** Value used when the export leaves the column empty. */
  readonly default?: string;
  /** Inclusive bounds for integer columns. */
  readonly min?: number;
  readonly max?: number;
  /** Timestamp or date must not be after the export date. @default false */
  readonly notAfterExportDate?: boolean;
  /** Must equal the configured reporting currency when present. */
  readonly isCurrency?: boolean;
  /** Personal data: never copied past landing except as a keyed hash. */
  readonly pii?: boolean;
}

/**
 * A rule across columns of one row, as a SQL predicate over the typed row
 * that is TRUE when the row is bad. Typed columns are named as in the
 * contract; the predicate only runs when every column passed its own checks.
 */
interface RowRule {
  readonly column: string;
  readonly violatedWhen: string;
  readonly reason: string;
}

interface EntitySpec {
  readonly name: string;
  /** Only customers and orders are needed for a first night. */
  readonly requiredForNight: boolean;
  /** Columns that identify a row; de-duplication keeps the latest version. */
  readonly key: readonly string[];
  /**
   * The key is the contract's primary key: "unique within an export". A key
   * repeated inside one export is a contract breach, so its superseded
   * versions are rejected (the one staging would keep stays). @default false
   */
  readonly uniquePerExport?: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly rowRules: readonly RowRule[];
}

const entities = [
  {
    name: 'customers',
    requiredForNight: true,
    key: ['customer_id'],
    uniquePerExport: true,
    columns: [
      { name: 'customer_id', type: 'string', required: true },
      { name: 'acquired_at', type: 'timestamp', notAfterExportDate: true },
      { name: 'acquisition_channel', type: 'string', default: 'unknown' },
      { name: 'segment', type: 'string', default: 'unassigned' },
      { name: 'country', type: 'string' },
      { name: 'email', type: 'string', pii: true },
      { name: 'updated_at', type: 'timestamp' },
    ],
    rowRules: [],
  },
  {
    name: 'orders',
    requiredForNight: true,
    key: ['order_id'],
    uniquePerExport: true,
    columns: [
      { name: 'order_id', type: 'string', required: true },
      { name: 'customer_id', type: 'string', required: true },
      {
        name: 'ordered_at',
        type: 'timestamp',
        required: true,
        notAfterExportDate: true,
      },
      { name: 'amount', type: 'money', required: true },
      { name: 'cost', type: 'money' },
      { name: 'category', type: 'string' },
      {
        name: 'status',
        type: 'enum',
        values: ['completed', 'refunded', 'cancelled'],
        default: 'completed',
      },
      { name: 'currency', type: 'string', isCurrency: true },
      { name: 'updated_at', type: 'timestamp' },
    ],
    rowRules: [
      {
        column: 'amount',
        violatedWhen: "amount < 0 AND status <> 'refunded'",
        reason: 'negative amount is only allowed when status = refunded',
      },
    ],
  },
  {
    name: 'marketing_spend',
    requiredForNight: false,
    key: ['spent_on', 'channel', 'purpose', 'segment'],
    columns: [
      { name: 'spent_on', type: 'date', required: true },
      { name: 'channel', type: 'string', required: true },
      {
        name: 'purpose',
        type: 'enum',
        required: true,
        values: ['acquisition', 'retention'],
      },
      { name: 'segment', type: 'string' },
      { name: 'amount', type: 'money', required: true },
    ],
    rowRules: [
      {
        column: 'amount',
        violatedWhen: 'amount < 0',
        reason: 'marketing spend must be >= 0',
      },
    ],
  },
  {
    name: 'wallet_estimates',
    requiredForNight: false,
    key: ['customer_id', 'period_start', 'period_end', 'category'],
    columns: [
      { name: 'customer_id', type: 'string', required: true },
      { name: 'period_start', type: 'date', required: true },
      { name: 'period_end', type: 'date', required: true },
      { name: 'category', type: 'string' },
      { name: 'total_category_spend', type: 'money', required: true },
    ],
    rowRules: [
      {
        column: 'period_end',
        violatedWhen: 'period_end < period_start',
        reason: 'period_end must be >= period_start',
      },
      {
        column: 'total_category_spend',
        violatedWhen: 'total_category_spend <= 0',
        reason: 'total_category_spend must be > 0',
      },
    ],
  },
  {
    name: 'survey_responses',
    requiredForNight: false,
    key: ['response_id'],
    uniquePerExport: true,
    columns: [
      { name: 'response_id', type: 'string', required: true },
      { name: 'customer_id', type: 'string' },
      {
        name: 'survey_type',
        type: 'enum',
        required: true,
        values: ['nps', 'csat', 'ces'],
      },
      { name: 'score', type: 'integer', required: true, min: 0, max: 10 },
      {
        name: 'responded_at',
        type: 'timestamp',
        required: true,
        notAfterExportDate: true,
      },
      { name: 'touchpoint', type: 'string' },
    ],
    rowRules: [
      {
        column: 'score',
        violatedWhen:
          "(survey_type = 'csat' AND (score < 1 OR score > 5)) OR " +
          "(survey_type = 'ces' AND (score < 1 OR score > 7))",
        reason: 'score outside the scale of its survey type',
      },
    ],
  },
  {
    name: 'leads',
    requiredForNight: false,
    key: ['lead_id'],
    uniquePerExport: true,
    columns: [
      { name: 'lead_id', type: 'string', required: true },
      { name: 'created_at', type: 'timestamp', required: true },
      { name: 'channel', type: 'string', default: 'unknown' },
      { name: 'first_response_at', type: 'timestamp' },
      { name: 'qualified_at', type: 'timestamp' },
      { name: 'converted_at', type: 'timestamp' },
      { name: 'customer_id', type: 'string' },
    ],
    rowRules: [
      {
        column: 'first_response_at',
        violatedWhen: 'first_response_at < created_at',
        reason: 'first_response_at must be >= created_at',
      },
    ],
  },
  {
    name: 'deals',
    requiredForNight: false,
    key: ['deal_id'],
    uniquePerExport: true,
    columns: [
      { name: 'deal_id', type: 'string', required: true },
      { name: 'customer_id', type: 'string' },
      { name: 'created_at', type: 'timestamp', required: true },
      { name: 'closed_at', type: 'timestamp' },
      {
        name: 'status',
        type: 'enum',
        required: true,
        values: ['open', 'won', 'lost'],
      },
      { name: 'stage', type: 'string' },
      { name: 'amount', type: 'money', required: true },
      {
        name: 'deal_type',
        type: 'enum',
        values: ['new_business', 'upsell', 'cross_sell', 'renewal'],
        default: 'new_business',
      },
    ],
    rowRules: [
      {
        column: 'closed_at',
        violatedWhen: "status IN ('won', 'lost') AND closed_at IS NULL",
        reason: 'closed_at is required when status is won or lost',
      },
    ],
  },
  {
    name: 'deal_stage_history',
    requiredForNight: false,
    key: ['deal_id', 'stage', 'entered_at'],
    columns: [
      { name: 'deal_id', type: 'string', required: true },
      { name: 'stage', type: 'string', required: true },
      { name: 'entered_at', type: 'timestamp', required: true },
    ],
    rowRules: [],
  },
  {
    name: 'contracts',
    requiredForNight: false,
    key: ['contract_id'],
    uniquePerExport: true,
    columns: [
      { name: 'contract_id', type: 'string', required: true },
      { name: 'customer_id', type: 'string', required: true },
      { name: 'starts_on', type: 'date', required: true },
      { name: 'ends_on', type: 'date', required: true },
    ],
    rowRules: [
      {
        column: 'ends_on',
        violatedWhen: 'ends_on < starts_on',
        reason: 'ends_on must be >= starts_on',
      },
    ],
  },
  {
    name: 'tickets',
    requiredForNight: false,
    key: ['ticket_id'],
    uniquePerExport: true,
    columns: [
      { name: 'ticket_id', type: 'string', required: true },
      { name: 'customer_id', type: 'string' },
      { name: 'channel', type: 'string' },
      { name: 'opened_at', type: 'timestamp', required: true },
      { name: 'first_response_at', type: 'timestamp' },
      { name: 'resolved_at', type: 'timestamp' },
      { name: 'contact_count', type: 'integer', min: 1, max: 1000 },
    ],
    rowRules: [
      {
        column: 'first_response_at',
        violatedWhen: 'first_response_at < opened_at',
        reason: 'first_response_at must be >= opened_at',
      },
      {
        column: 'resolved_at',
        violatedWhen: 'resolved_at < opened_at',
        reason: 'resolved_at must be >= opened_at',
      },
    ],
  },
  {
    name: 'engagement_events',
    requiredForNight: false,
    key: ['customer_id', 'occurred_at', 'event_type'],
    columns: [
      { name: 'customer_id', type: 'string', required: true },
      { name: 'occurred_at', type: 'timestamp', required: true },
      { name: 'event_type', type: 'string', required: true },
    ],
    rowRules: [],
  },
  {
    name: 'crm_user_activity',
    requiredForNight: false,
    key: ['user_id', 'activity_date'],
    columns: [
      { name: 'user_id', type: 'string', required: true },
      { name: 'activity_date', type: 'date', required: true },
      { name: 'logins', type: 'integer', min: 0, max: 100000 },
      { name: 'records_updated', type: 'integer', min: 0, max: 10000000 },
    ],
    rowRules: [],
  },
] as const satisfies readonly EntitySpec[];

type EntityName = (typeof entities)[number]['name'];

const entityNames: readonly EntityName[] = entities.map((e) => e.name);

/** Looks up an entity's schema; throws on a name outside the contract. */
function entitySpec(name: string): EntitySpec {
  const found = entities.find((e) => e.name === name);
  if (!found) throw new RangeError(`no entity ${name} in the export contract`);
  return found;
}

export { entities, entityNames, entitySpec };
export type { ColumnSpec, ColumnType, EntityName, EntitySpec, RowRule };
