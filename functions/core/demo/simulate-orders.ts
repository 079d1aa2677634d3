/**
 * A customer's orders: a Poisson process at the customer's own rate inside
 * each buying period, lognormal amounts around the customer's typical basket,
 * ~3% refunds (negative amounts), ~2% cancellations. The first order is never
 * before acquisition and is always completed, because for customers without
 * acquired_at it is what marks the acquisition.
 */
import { DAY_SECONDS, formatCents } from './calendar.js';
import type { Cell } from './csv-writer.js';
import type { Rng } from './random.js';
import type { Customer } from './simulate-customers.js';
import { CATEGORIES, type Category } from './vocabulary.js';
import type { World } from './world.js';

type OrderStatus = 'completed' | 'refunded' | 'cancelled';

/** One simulated order; the id is given when it is written (ids follow file order). */
interface Order {
  readonly at: number;
  readonly cents: number;
  readonly costCents: number | null;
  readonly category: Category;
  readonly status: OrderStatus;
  /** The exported status: a few completed orders leave it empty (the default). */
  readonly statusCell: string;
  /** `USD`, or empty for a few (the contract allows an absent currency). */
  readonly currency: string;
}

/** Sum of `cents` that count as revenue (everything but cancelled orders). */
function revenueCents(orders: readonly Order[]): number {
  let sum = 0;
  for (const order of orders)
    if (order.status !== 'cancelled') sum += order.cents;
  return sum;
}

/** One order at `at`; `forceCompleted` for first orders (and late re-deliveries). */
function simulateOrder(
  customer: Customer,
  at: number,
  forceCompleted: boolean,
  rng: Rng,
): Order {
  const roll = rng.next();
  const status: OrderStatus =
    forceCompleted || roll >= 0.05
      ? 'completed'
      : roll < 0.03
        ? 'refunded'
        : 'cancelled';
  const gross = Math.max(
    100,
    Math.round(rng.lognormal(customer.orderMedianCents, 0.55)),
  );
  const cents = status === 'refunded' ? -gross : gross;
  return {
    at,
    cents,
    costCents: rng.chance(0.1)
      ? null
      : Math.round(cents * rng.uniform(0.5, 0.7)),
    category: rng.chance(0.6) ? customer.mainCategory : rng.pick(CATEGORIES),
    status,
    statusCell: status === 'completed' && rng.chance(0.02) ? '' : status,
    currency: rng.chance(0.05) ? '' : 'USD',
  };
}

/** All orders of one customer, in time order, up to the horizon (both exports). */
function simulateOrders(world: World, customer: Customer, rng: Rng): Order[] {
  const orders: Order[] = [];
  if (!customer.buys) return orders;
  const meanGap = DAY_SECONDS / customer.ordersPerDay;
  customer.periods.forEach((period, k) => {
    // Customers with a known acquired_at usually buy a little after signing up.
    const delay =
      k === 0 && customer.acquiredAtKnown
        ? rng.exponential(2 * DAY_SECONDS)
        : 0;
    let at = Math.floor(period.start + delay);
    // Without acquired_at the first order is the acquisition, so it always happens.
    const mustBuy = k === 0 && !customer.acquiredAtKnown;
    while (
      (at < period.end || (mustBuy && orders.length === 0)) &&
      at < world.horizon
    ) {
      orders.push(simulateOrder(customer, at, orders.length === 0, rng));
      at += Math.max(60, Math.floor(rng.exponential(meanGap)));
    }
  });
  return orders;
}

/** The orders row; a re-export passes the changed status. */
function orderCells(
  world: World,
  orderId: string,
  customer: Customer,
  order: Order,
  statusCell = order.statusCell,
): Cell[] {
  return [
    orderId,
    customer.id,
    world.time.utc(order.at),
    formatCents(order.cents),
    order.costCents === null ? null : formatCents(order.costCents),
    order.category,
    statusCell,
    order.currency,
  ];
}

export { orderCells, revenueCents, simulateOrder, simulateOrders, type Order };
