/**
 * The main pass: simulate one customer at a time (profile, orders, tickets,
 * surveys, engagement, sales, contracts, wallet) and write their rows at once,
 * so memory stays flat however many customers there are. Each customer has
 * its own seeded stream; only the id sequences are shared, and they advance
 * in customer order, so the output is the same on every run.
 */
import { ANCHORED_BAD_ROWS, type BadRowLog } from './bad-rows.js';
import { DAY_SECONDS } from './calendar.js';
import type { ExportSink } from './export-sink.js';
import { IncrementalPlan, Quota, spread } from './incremental.js';
import { deriveSeed, Rng } from './random.js';
import { simulateEngagement, engagementCells } from './simulate-engagement.js';
import {
  contractCells,
  customerCells,
  simulateCustomer,
  type Customer,
} from './simulate-customers.js';
import { orderCells, simulateOrders, type Order } from './simulate-orders.js';
import { dealRows, leadCells, simulateSales } from './simulate-sales.js';
import {
  simulateSurveys,
  simulateTickets,
  surveyCells,
  ticketCells,
} from './simulate-service.js';
import { walletRows } from './simulate-wallet.js';
import type { World } from './world.js';

/** Stream id for deriveSeed: customer i draws from (seed, 0, i). */
const CUSTOMER_STREAM = 0;
/** Customers between two waits for backpressure. */
const DRAIN_EVERY = 64;

function writeOrders(
  world: World,
  sink: ExportSink,
  customer: Customer,
  orders: readonly Order[],
  plan: IncrementalPlan,
  rng: Rng,
): void {
  const bulk = sink.bulk('orders');
  const incremental = sink.incremental('orders');
  const cancelled = plan.cancellation(orders, customer.index);
  for (const order of orders) {
    const id = world.ids.order.next();
    const cells = orderCells(world, id, customer, order);
    (order.at < world.cutoff ? bulk : incremental).write(cells);
    if (order === cancelled) {
      incremental.write(orderCells(world, id, customer, order, 'cancelled'));
    }
  }
  const late = plan.lateOrder(customer, orders, rng);
  if (late) {
    const id = world.ids.order.next();
    incremental.write(orderCells(world, id, customer, late));
  }
}

function writeCustomer(
  world: World,
  sink: ExportSink,
  customer: Customer,
  plan: IncrementalPlan,
  rng: Rng,
): void {
  const incremental = sink.incremental('customers');
  const writer =
    customer.acquiredAt < world.cutoff ? sink.bulk('customers') : incremental;
  writer.write(customerCells(world, customer));
  const change = plan.segmentChange(customer, rng);
  if (change) incremental.write(customerCells(world, customer, change));
}

/** Everything derived from one customer except orders and the customer row. */
function writeRelated(
  world: World,
  sink: ExportSink,
  customer: Customer,
  orders: readonly Order[],
  rng: Rng,
): void {
  const { ids } = world;
  const tickets = simulateTickets(world, customer, rng);
  for (const ticket of tickets) {
    const cells = ticketCells(world, ids.ticket.next(), customer, ticket);
    sink.bulk('tickets').write(cells);
  }
  const responses = simulateSurveys(world, customer, orders, tickets, rng);
  for (const response of responses) {
    const cells = surveyCells(world, ids.response.next(), customer, response);
    sink.bulk('survey_responses').write(cells);
  }
  for (const event of simulateEngagement(world, customer, rng)) {
    sink
      .bulk('engagement_events')
      .write(engagementCells(world, customer, event));
  }
  const sales = simulateSales(world, customer, rng);
  for (const lead of sales.leads) {
    sink.bulk('leads').write(leadCells(world, ids.lead.next(), customer, lead));
  }
  for (const deal of sales.deals) {
    const rows = dealRows(world, ids.deal.next(), customer, deal, rng);
    sink.bulk('deals').write(rows.deal);
    for (const stage of rows.stages)
      sink.bulk('deal_stage_history').write(stage);
  }
  for (const term of customer.contracts) {
    if (term.startDay >= world.bulkDay) continue;
    const cells = contractCells(world, ids.contract.next(), customer, term);
    sink.bulk('contracts').write(cells);
  }
  for (const row of walletRows(world, customer, orders, rng)) {
    sink.bulk('wallet_estimates').write(row);
  }
}

/**
 * Writes the bad rows due by customer `index`, anchored on `anchor` (a
 * customer of the bulk export acquired at least a day before its cutoff).
 */
function writeBadRows(
  world: World,
  sink: ExportSink,
  log: BadRowLog,
  quota: Quota,
  index: number,
  anchor: Customer,
): void {
  for (let due = quota.pending(index); due > 0; due -= 1) {
    const spec = ANCHORED_BAD_ROWS[quota.taken];
    if (!spec) return;
    const row = spec.build(world, anchor, anchor.acquiredAt + DAY_SECONDS);
    log.write(spec.entity, sink.bulk(spec.entity), spec.column, spec.why, row);
    quota.take();
  }
}

/** Runs the per-customer pass over all customers, then places any bad rows still due. */
async function writeCustomerEntities(
  world: World,
  sink: ExportSink,
  badRows: BadRowLog | undefined,
): Promise<void> {
  const plan = new IncrementalPlan(world);
  const badQuota = new Quota(spread(world.customers, ANCHORED_BAD_ROWS.length));
  let anchor: Customer | undefined;
  for (let index = 0; index < world.customers; index += 1) {
    const rng = new Rng(deriveSeed(world.seed, CUSTOMER_STREAM, index));
    const customer = simulateCustomer(world, index, rng);
    const orders = simulateOrders(world, customer, rng);
    writeCustomer(world, sink, customer, plan, rng);
    writeOrders(world, sink, customer, orders, plan, rng);
    writeRelated(world, sink, customer, orders, rng);
    if (customer.acquiredAt < world.cutoff - DAY_SECONDS) anchor = customer;
    if (badRows && anchor) {
      writeBadRows(world, sink, badRows, badQuota, index, anchor);
    }
    if (index % DRAIN_EVERY === 0) await sink.drained();
  }
  if (badRows && anchor) {
    writeBadRows(world, sink, badRows, badQuota, Infinity, anchor);
  }
}

export { writeCustomerEntities };
