/**
 * One simulated customer: when and how they were acquired, who they are, and
 * the periods in which they buy. Every other per-customer entity (orders,
 * tickets, surveys, deals, wallet estimates) is derived from this profile, so
 * the entities agree with each other the way a real CRM's would.
 */
import { addMonths, DAY_SECONDS } from './calendar.js';
import type { Cell } from './csv-writer.js';
import type { Rng } from './random.js';
import {
  businessCategories,
  channelPicker,
  consumerCategories,
  countryPicker,
  SEGMENT_PARAMS,
  segmentPicker,
  type Category,
  type Channel,
  type Segment,
} from './vocabulary.js';
import type { World } from './world.js';

/** A buying period, in seconds; `end` is exclusive and never past the horizon. */
interface Period {
  readonly start: number;
  readonly end: number;
}

/**
 * A 12-month contract. `renewal` says what happened at its end: renewed
 * (`nextStartDay` set; within 30 days or later), lapsed, or not known yet.
 */
interface ContractTerm {
  readonly startDay: number;
  readonly endDay: number;
  readonly renewal: 'renewed' | 'lapsed' | 'open';
  readonly nextStartDay?: number;
}

/** Everything the other entities need to know about one customer. */
interface Customer {
  readonly index: number;
  readonly id: string;
  /** The real acquisition instant; the first order is never before it. */
  readonly acquiredAt: number;
  /** False for ~10%: acquired_at is left empty and the first order marks acquisition. */
  readonly acquiredAtKnown: boolean;
  readonly channel: Channel | '';
  readonly segment: Segment;
  /** The exported segment: empty for a few (the pipeline assigns `unassigned`). */
  readonly segmentCell: string;
  readonly country: string;
  readonly email: string;
  readonly updatedAt: number;
  /** How this CRM record writes its timestamps (a few use an offset or none). */
  readonly timestampStyle: 'utc' | 'offset' | 'naive';
  /** Latent happiness, N(0, 1): longer lifetimes, better scores, more renewals. */
  readonly satisfaction: number;
  readonly ordersPerDay: number;
  readonly orderMedianCents: number;
  readonly mainCategory: Category;
  /** False for a few customers that signed up but never bought. */
  readonly buys: boolean;
  readonly periods: readonly Period[];
  readonly contracts: readonly ContractTerm[];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Contract customers renew 12-month terms until they lapse or history ends. */
function simulateContracts(
  world: World,
  acquiredAt: number,
  satisfaction: number,
  rng: Rng,
): ContractTerm[] {
  const terms: ContractTerm[] = [];
  let startDay = Math.floor(acquiredAt / DAY_SECONDS);
  const renewProbability = clamp(0.78 + 0.08 * satisfaction, 0.4, 0.95);
  while (startDay < world.exportDay) {
    const endDay = addMonths(startDay, 12) - 1;
    if (endDay >= world.bulkDay) {
      terms.push({ startDay, endDay, renewal: 'open' });
      break;
    }
    if (!rng.chance(renewProbability)) {
      terms.push({ startDay, endDay, renewal: 'lapsed' });
      break;
    }
    const gap = rng.chance(0.75)
      ? rng.chance(0.6)
        ? 1
        : rng.int(2, 30)
      : rng.int(31, 120);
    terms.push({
      startDay,
      endDay,
      renewal: 'renewed',
      nextStartDay: endDay + gap,
    });
    startDay = endDay + gap;
  }
  return terms;
}

/** A lifetime after which the customer stops; a quarter come back after a long gap. */
function simulateLifetimes(
  world: World,
  acquiredAt: number,
  meanDays: number,
  rng: Rng,
): Period[] {
  const end = acquiredAt + rng.exponential(meanDays * DAY_SECONDS);
  const periods: Period[] = [
    { start: acquiredAt, end: Math.min(end, world.horizon) },
  ];
  if (end < world.horizon && rng.chance(0.25)) {
    const comeback = end + rng.uniform(200, 450) * DAY_SECONDS;
    if (comeback < world.horizon) {
      const again = comeback + rng.exponential(0.6 * meanDays * DAY_SECONDS);
      periods.push({ start: comeback, end: Math.min(again, world.horizon) });
    }
  }
  return periods;
}

/**
 * Draws customer `index`. Acquisition follows the growing curve at a
 * stratified position, so ids are roughly in acquisition order.
 */
function simulateCustomer(world: World, index: number, rng: Rng): Customer {
  const id = world.customerId(index);
  const acquiredAt = Math.floor(
    world.acquisitionAt((index + rng.next()) / world.customers),
  );
  const segment = segmentPicker.pick(rng);
  const params = SEGMENT_PARAMS[segment];
  const satisfaction = rng.normal();
  const acquiredAtKnown = rng.chance(0.9);
  const contracts = params.contracted
    ? simulateContracts(world, acquiredAt, satisfaction, rng)
    : [];
  const periods = params.contracted
    ? contracts.map((term) => ({
        start: Math.max(term.startDay * DAY_SECONDS, acquiredAt),
        end: Math.min((term.endDay + 1) * DAY_SECONDS, world.horizon),
      }))
    : simulateLifetimes(
        world,
        acquiredAt,
        params.lifetimeDays * Math.exp(0.25 * satisfaction),
        rng,
      );
  const updateLimit = acquiredAt < world.cutoff ? world.cutoff : world.horizon;
  const style = rng.next();
  return {
    index,
    id,
    acquiredAt,
    acquiredAtKnown,
    channel: channelPicker.pick(rng),
    segment,
    segmentCell: rng.chance(0.01) ? '' : segment,
    country: countryPicker.pick(rng),
    email: rng.chance(0.03) ? '' : id.toLowerCase() + '@example.test',
    updatedAt: Math.floor(
      acquiredAt + (updateLimit - acquiredAt) * Math.sqrt(rng.next()),
    ),
    timestampStyle: style < 0.005 ? 'offset' : style < 0.01 ? 'naive' : 'utc',
    satisfaction,
    ordersPerDay: params.ordersPerDay * rng.gamma(2, 0.5),
    orderMedianCents: params.orderMedianUsd * 100 * rng.lognormal(1, 0.35),
    mainCategory: (segment === 'consumer'
      ? consumerCategories
      : businessCategories
    ).pick(rng),
    buys: !acquiredAtKnown || rng.chance(0.96),
    periods,
    contracts,
  };
}

/** Formats an instant the way this customer's CRM record does. */
function customerTime(
  world: World,
  customer: Customer,
  seconds: number,
): string {
  if (customer.timestampStyle === 'offset')
    return world.time.withOffset(seconds, 120);
  if (customer.timestampStyle === 'naive') return world.time.naive(seconds);
  return world.time.utc(seconds);
}

/** The customers row; a re-export passes a later `updatedAt` and a new segment. */
function customerCells(
  world: World,
  customer: Customer,
  change?: { readonly segment: string; readonly updatedAt: number },
): Cell[] {
  return [
    customer.id,
    customer.acquiredAtKnown
      ? customerTime(world, customer, customer.acquiredAt)
      : null,
    customer.channel,
    change?.segment ?? customer.segmentCell,
    customer.country,
    customer.email,
    customerTime(world, customer, change?.updatedAt ?? customer.updatedAt),
  ];
}

/** The contracts row of one term. */
function contractCells(
  world: World,
  contractId: string,
  customer: Customer,
  term: ContractTerm,
): Cell[] {
  return [
    contractId,
    customer.id,
    world.time.date(term.startDay),
    world.time.date(term.endDay),
  ];
}

export { contractCells, customerCells, simulateCustomer, type Customer };
