/**
 * What makes the last export an incremental one besides the orders of the
 * last day: a few customers re-exported with a later updated_at and a new
 * segment, one order re-exported as cancelled (latest export wins), and a few
 * "late" orders from 2-3 months ago that the bulk export missed. Picks are
 * spread over the run by position, so their number does not grow with size.
 */
import { DAY_SECONDS } from './calendar.js';
import type { Rng } from './random.js';
import type { Customer } from './simulate-customers.js';
import { simulateOrder, type Order } from './simulate-orders.js';
import type { Segment } from './vocabulary.js';
import type { World } from './world.js';

/**
 * Things due at given customer positions: one becomes pending when the run
 * passes its position and is taken by the next eligible customer.
 */
class Quota {
  private due = 0;
  private takenCount = 0;

  constructor(private readonly positions: readonly number[]) {}

  get taken(): number {
    return this.takenCount;
  }

  /** How many are due by customer `index` and not taken yet. */
  pending(index: number): number {
    while (
      this.due < this.positions.length &&
      (this.positions[this.due] ?? 0) <= index
    )
      this.due += 1;
    return this.due - this.takenCount;
  }

  take(): void {
    this.takenCount += 1;
  }
}

/** Spreads `count` positions evenly over `customers`, away from both ends. */
function spread(customers: number, count: number, from = 0, to = 1): number[] {
  return Array.from({ length: count }, (_, k) =>
    Math.floor(customers * (from + ((to - from) * (k + 1)) / (count + 1))),
  );
}

const NEXT_SEGMENT: Readonly<Record<Segment, Segment>> = {
  consumer: 'smb',
  smb: 'mid_market',
  mid_market: 'enterprise',
  enterprise: 'mid_market',
};

/**
 * Decides, customer by customer, what goes into the incremental export besides
 * the last day's orders and customers.
 */
class IncrementalPlan {
  private readonly segmentChanges: Quota;
  private readonly lateOrders: Quota;
  private readonly cancellations: Quota;
  private readonly lateFrom: number;
  private readonly lateTo: number;

  constructor(private readonly world: World) {
    this.segmentChanges = new Quota(spread(world.customers, 5));
    // Late orders need customers acquired well before the window: early ids.
    this.lateOrders = new Quota(spread(world.customers, 4, 0, 0.6));
    this.cancellations = new Quota(spread(world.customers, 1));
    this.lateFrom = world.horizon - 92 * DAY_SECONDS;
    this.lateTo = world.horizon - 61 * DAY_SECONDS;
  }

  /** A new segment and later updated_at when this customer is due for a re-export. */
  segmentChange(
    customer: Customer,
    rng: Rng,
  ): { segment: string; updatedAt: number } | undefined {
    if (this.segmentChanges.pending(customer.index) === 0) return undefined;
    if (customer.acquiredAt >= this.world.cutoff || customer.segmentCell === '')
      return undefined;
    this.segmentChanges.take();
    return {
      segment: NEXT_SEGMENT[customer.segment],
      updatedAt: Math.floor(this.world.cutoff + rng.uniform(1, 20) * 3600),
    };
  }

  /** A completed order 61-92 days before the last export, for a customer active then. */
  lateOrder(
    customer: Customer,
    orders: readonly Order[],
    rng: Rng,
  ): Order | undefined {
    if (this.lateOrders.pending(customer.index) === 0) return undefined;
    const activeBefore = orders.some(
      (o) => o.at < this.lateFrom && o.at >= this.lateFrom - 180 * DAY_SECONDS,
    );
    if (customer.acquiredAt >= this.lateFrom || !activeBefore) return undefined;
    this.lateOrders.take();
    return simulateOrder(
      customer,
      Math.floor(rng.uniform(this.lateFrom, this.lateTo)),
      true,
      rng,
    );
  }

  /** A recent completed order (not the first) to re-export with status cancelled. */
  cancellation(orders: readonly Order[], index: number): Order | undefined {
    if (this.cancellations.pending(index) === 0) return undefined;
    const recent = this.world.cutoff - 60 * DAY_SECONDS;
    for (let i = orders.length - 1; i > 0; i -= 1) {
      const order = orders[i];
      if (
        order &&
        order.statusCell === 'completed' &&
        order.at >= recent &&
        order.at < this.world.cutoff
      ) {
        this.cancellations.take();
        return order;
      }
    }
    return undefined;
  }
}

export { IncrementalPlan, Quota, spread };
