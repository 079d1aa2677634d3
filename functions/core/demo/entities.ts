/**
 * The file layout the generator writes: every entity of the export contract
 * with its columns in contract order and the file
 * format used for it. Kept apart from the pipeline's own contract schema on
 * purpose: the generator plays the CRM, so it is written from the contract
 * text and serves as an independent check of the reader.
 */

/** The twelve entities of the export contract. */
type EntityName =
  | 'customers'
  | 'orders'
  | 'marketing_spend'
  | 'wallet_estimates'
  | 'survey_responses'
  | 'leads'
  | 'deals'
  | 'deal_stage_history'
  | 'contracts'
  | 'tickets'
  | 'engagement_events'
  | 'crm_user_activity';

/** JSON Lines needs to know which cells are numbers; CSV ignores it. */
type CellKind = 'text' | 'number';

/** One column: contract name and how JSON Lines writes it. */
interface ColumnLayout {
  readonly name: string;
  readonly kind: CellKind;
}

/** How one entity is written: file format and columns. */
interface EntityLayout {
  readonly name: EntityName;
  /** Two entities are JSON Lines so that both contract formats are exercised. */
  readonly format: 'csv' | 'jsonl';
  /** The big ones are gzip-compressed when asked, like real nightly dumps. */
  readonly big: boolean;
  readonly columns: readonly ColumnLayout[];
}

function text(...names: string[]): ColumnLayout[] {
  return names.map((name) => ({ name, kind: 'text' }));
}

function number(name: string): ColumnLayout {
  return { name, kind: 'number' };
}

function csv(
  name: EntityName,
  columns: ColumnLayout[],
  big = false,
): EntityLayout {
  return { name, format: 'csv', big, columns };
}

/** Every contract entity, in contract order (which is also the report order). */
const ENTITY_LAYOUTS: readonly EntityLayout[] = [
  csv(
    'customers',
    text(
      'customer_id',
      'acquired_at',
      'acquisition_channel',
      'segment',
      'country',
      'email',
      'updated_at',
    ),
  ),
  csv(
    'orders',
    text(
      'order_id',
      'customer_id',
      'ordered_at',
      'amount',
      'cost',
      'category',
      'status',
      'currency',
    ),
    true,
  ),
  csv(
    'marketing_spend',
    text('spent_on', 'channel', 'purpose', 'segment', 'amount'),
  ),
  {
    name: 'wallet_estimates',
    format: 'jsonl',
    big: false,
    columns: [
      ...text('customer_id', 'period_start', 'period_end', 'category'),
      number('total_category_spend'),
    ],
  },
  {
    name: 'survey_responses',
    format: 'jsonl',
    big: false,
    columns: [
      ...text('response_id', 'customer_id', 'survey_type'),
      number('score'),
      ...text('responded_at', 'touchpoint'),
    ],
  },
  csv(
    'leads',
    text(
      'lead_id',
      'created_at',
      'channel',
      'first_response_at',
      'qualified_at',
      'converted_at',
      'customer_id',
    ),
  ),
  csv(
    'deals',
    text(
      'deal_id',
      'customer_id',
      'created_at',
      'closed_at',
      'status',
      'stage',
      'amount',
      'deal_type',
    ),
  ),
  csv('deal_stage_history', text('deal_id', 'stage', 'entered_at')),
  csv('contracts', text('contract_id', 'customer_id', 'starts_on', 'ends_on')),
  csv(
    'tickets',
    text(
      'ticket_id',
      'customer_id',
      'channel',
      'opened_at',
      'first_response_at',
      'resolved_at',
      'contact_count',
    ),
  ),
  csv(
    'engagement_events',
    text('customer_id', 'occurred_at', 'event_type'),
    true,
  ),
  csv(
    'crm_user_activity',
    text('user_id', 'activity_date', 'logins', 'records_updated'),
  ),
];

export {
  ENTITY_LAYOUTS,
  type ColumnLayout,
  type EntityLayout,
  type EntityName,
};
