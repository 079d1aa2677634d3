/**
 * Deliberately broken rows, one per contract rule worth proving, so a demo
 * night shows the rejects table at work and a test can check that each one is
 * rejected at the reported line. Each is an extra row with fresh ids whose
 * absence does not matter: rejecting it leaves the good data intact. Their
 * number is fixed (not scaled with the customer count).
 */
import { DAY_SECONDS, yearOfDay } from './calendar.js';
import type { Cell, TableWriter } from './csv-writer.js';
import type { EntityName } from './entities.js';
import type { Customer } from './simulate-customers.js';
import { CATEGORIES } from './vocabulary.js';
import type { World } from './world.js';

interface BadRow {
  readonly entity: EntityName;
  readonly path: string;
  /** Record number in the file: CSV header is line 1, JSON Lines start at 1. */
  readonly line: number;
  /** The contract column at fault, or `(record)` when the record itself is broken. */
  readonly column: string;
  readonly why: string;
}

/**
 * A bad row tied to an existing customer (so that its only defect is the one
 * described). `build` gets the customer and a valid instant after acquisition.
 */
interface AnchoredBadRow {
  readonly entity: EntityName;
  readonly column: string;
  readonly why: string;
  readonly build: (
    world: World,
    anchor: Customer,
    at: number,
  ) => readonly Cell[] | string;
}

/** Collects what was written where, as `generateExports` reports it. */
class BadRowLog {
  readonly rows: BadRow[] = [];

  write(
    entity: EntityName,
    writer: TableWriter,
    column: string,
    why: string,
    row: readonly Cell[] | string,
  ): void {
    this.rows.push({
      entity,
      path: writer.path,
      line: writer.nextLine,
      column,
      why,
    });
    if (typeof row === 'string') writer.writeRaw(row);
    else writer.write(row);
  }
}

/** A good-looking completed order of the anchor, with one field replaced. */
function order(
  world: World,
  anchor: Customer,
  at: number,
  change: Partial<
    Record<'id' | 'at' | 'amount' | 'status' | 'currency', string>
  >,
): Cell[] {
  return [
    change.id ?? world.ids.order.next(),
    anchor.id,
    change.at ?? world.time.utc(at),
    change.amount ?? '49.90',
    '29.94',
    'books',
    change.status ?? 'completed',
    change.currency ?? 'USD',
  ];
}

const ANCHORED_BAD_ROWS: readonly AnchoredBadRow[] = [
  {
    entity: 'orders',
    column: 'ordered_at',
    why: 'impossible date (February 30)',
    build: (world, anchor, at) =>
      order(world, anchor, at, {
        at: `${yearOfDay(world.bulkDay) - 1}-02-30T10:00:00Z`,
      }),
  },
  {
    entity: 'orders',
    column: 'amount',
    why: "non-numeric amount 'n/a'",
    build: (world, anchor, at) => order(world, anchor, at, { amount: 'n/a' }),
  },
  {
    entity: 'orders',
    column: 'amount',
    why: 'negative amount on a completed order',
    build: (world, anchor, at) =>
      order(world, anchor, at, { amount: '-25.00' }),
  },
  {
    entity: 'orders',
    column: 'currency',
    why: 'foreign currency EUR (reporting currency is USD)',
    build: (world, anchor, at) => order(world, anchor, at, { currency: 'EUR' }),
  },
  {
    entity: 'orders',
    column: 'status',
    why: "unknown status 'shipped'",
    build: (world, anchor, at) =>
      order(world, anchor, at, { status: 'shipped' }),
  },
  {
    entity: 'orders',
    column: 'order_id',
    why: 'missing required order_id',
    build: (world, anchor, at) => order(world, anchor, at, { id: '' }),
  },
  {
    entity: 'orders',
    column: '(record)',
    why: 'too many fields: 9 values for 8 columns',
    build: (world, anchor, at) =>
      order(world, anchor, at, {}).join(',') + ',gift-wrap',
  },
  {
    entity: 'orders',
    column: 'ordered_at',
    why: 'ordered_at after the export date',
    build: (world, anchor, at) =>
      order(world, anchor, at, {
        at: world.time.utc((world.bulkDay + 3) * DAY_SECONDS + 12 * 3600),
      }),
  },
  {
    entity: 'contracts',
    column: 'ends_on',
    why: 'ends_on before starts_on',
    build: (world, anchor, at) => {
      const day = Math.floor(at / DAY_SECONDS);
      return [
        world.ids.contract.next(),
        anchor.id,
        world.time.date(day),
        world.time.date(day - 30),
      ];
    },
  },
  {
    entity: 'survey_responses',
    column: 'score',
    why: 'nps score 11 outside 0-10',
    build: (world, anchor, at) => [
      world.ids.response.next(),
      anchor.id,
      'nps',
      '11',
      world.time.utc(at),
      'purchase',
    ],
  },
  {
    entity: 'survey_responses',
    column: '(record)',
    why: 'broken JSON line (truncated object)',
    build: (world, anchor, at) =>
      `{"response_id":"${world.ids.response.next()}","customer_id":"${anchor.id}","survey_type":"csat","score":4,"responded_at":"${world.time.utc(at)}"`,
  },
  {
    entity: 'wallet_estimates',
    column: 'total_category_spend',
    why: 'total_category_spend 0.00 is not > 0',
    build: (_world, anchor, at) => {
      const year = yearOfDay(Math.floor(at / DAY_SECONDS));
      // A category the anchor has no real estimate for, so no key is shared.
      const category =
        CATEGORIES.find((c) => c !== anchor.mainCategory) ?? null;
      return [anchor.id, `${year}-01-01`, `${year}-12-31`, category, '0.00'];
    },
  },
  {
    entity: 'deals',
    column: 'closed_at',
    why: 'won deal without closed_at',
    build: (world, anchor, at) => [
      world.ids.deal.next(),
      anchor.id,
      world.time.utc(at),
      null,
      'won',
      'negotiation',
      '1200.00',
      'upsell',
    ],
  },
  {
    entity: 'leads',
    column: 'first_response_at',
    why: 'first_response_at before created_at',
    build: (world, _anchor, at) => [
      world.ids.lead.next(),
      world.time.utc(at),
      'social',
      world.time.utc(at - 7200),
      null,
      null,
      null,
    ],
  },
];

export { ANCHORED_BAD_ROWS, BadRowLog, type BadRow };
