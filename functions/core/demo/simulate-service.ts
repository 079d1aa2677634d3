/**
 * Service and perception: support tickets while the customer is active, and
 * survey responses after onboarding, purchases and resolved tickets. Scores
 * follow the customer's latent satisfaction (and get worse with every extra
 * contact a ticket needed), so NPS/CSAT/CES move with retention as the
 * literature says they should.
 */
import { DAY_SECONDS } from './calendar.js';
import type { Cell } from './csv-writer.js';
import { WeightedPicker, type Rng } from './random.js';
import type { Customer } from './simulate-customers.js';
import type { Order } from './simulate-orders.js';
import { SEGMENT_PARAMS, TICKET_CHANNELS } from './vocabulary.js';
import type { World } from './world.js';

type TicketChannel = (typeof TICKET_CHANNELS)[number];
type SurveyType = 'nps' | 'csat' | 'ces';

interface Ticket {
  readonly openedAt: number;
  readonly withCustomer: boolean;
  readonly channel: TicketChannel | '';
  readonly firstResponseAt: number | null;
  readonly resolvedAt: number | null;
  readonly contactCount: number | null;
}

interface SurveyResponse {
  readonly at: number;
  readonly anonymous: boolean;
  readonly type: SurveyType;
  readonly score: number;
  readonly touchpoint: 'support' | 'onboarding' | 'purchase' | null;
}

const HOUR = 3600;
/** Median minutes to first response and to resolution, per channel. */
const RESPONSE_MINUTES: Readonly<
  Record<TicketChannel, readonly [number, number]>
> = {
  chat: [6, 40],
  phone: [1, 20],
  email: [240, 1200],
};
const contactCounts = new WeightedPicker<number>([
  [1, 0.6],
  [2, 0.25],
  [3, 0.1],
  [4, 0.05],
]);

/** `at` if it happened before the bulk export's cutoff, else null (not yet happened). */
function happened(world: World, at: number): number | null {
  return at < world.cutoff ? Math.floor(at) : null;
}

function simulateTicket(world: World, openedAt: number, rng: Rng): Ticket {
  const channel = rng.pick(TICKET_CHANNELS);
  const [responseMinutes, resolveMinutes] = RESPONSE_MINUTES[channel];
  const contactCount = contactCounts.pick(rng);
  const firstResponseAt = rng.chance(0.05)
    ? null
    : happened(world, openedAt + 60 * rng.lognormal(responseMinutes, 0.9));
  const resolvedAt =
    firstResponseAt === null || rng.chance(0.07)
      ? null
      : happened(
          world,
          firstResponseAt +
            60 * contactCount * rng.lognormal(resolveMinutes, 0.8),
        );
  return {
    openedAt,
    withCustomer: !rng.chance(0.02),
    channel: rng.chance(0.02) ? '' : channel,
    firstResponseAt,
    resolvedAt,
    contactCount: rng.chance(0.03) ? null : contactCount,
  };
}

/** Tickets arrive at a segment rate (more for unhappy customers) while buying. */
function simulateTickets(world: World, customer: Customer, rng: Rng): Ticket[] {
  const perYear =
    SEGMENT_PARAMS[customer.segment].ticketsPerYear *
    Math.exp(-0.3 * customer.satisfaction);
  const meanGap = (365 * DAY_SECONDS) / perYear;
  const tickets: Ticket[] = [];
  for (const period of customer.periods) {
    const end = Math.min(period.end, world.cutoff);
    for (
      let at = period.start + rng.exponential(meanGap);
      at < end;
      at += rng.exponential(meanGap)
    ) {
      tickets.push(simulateTicket(world, Math.floor(at), rng));
    }
  }
  return tickets;
}

function score(
  type: SurveyType,
  satisfaction: number,
  penalty: number,
  rng: Rng,
): number {
  const [center, slope, min, max] =
    type === 'nps'
      ? [7.3, 1.8, 0, 10]
      : type === 'csat'
        ? [3.9, 0.8, 1, 5]
        : [3, -1, 1, 7];
  const raw =
    center +
    slope * satisfaction +
    (type === 'ces' ? penalty : -penalty) +
    rng.normal();
  return Math.min(max, Math.max(min, Math.round(raw)));
}

/** Onboarding NPS for a quarter of customers, purchase and support surveys for a few orders and tickets. */
function simulateSurveys(
  world: World,
  customer: Customer,
  orders: readonly Order[],
  tickets: readonly Ticket[],
  rng: Rng,
): SurveyResponse[] {
  const responses: SurveyResponse[] = [];
  const add = (
    at: number,
    type: SurveyType,
    touchpoint: SurveyResponse['touchpoint'],
    penalty = 0,
  ): void => {
    if (at >= world.cutoff) return;
    responses.push({
      at: Math.floor(at),
      anonymous: rng.chance(0.03),
      type,
      score: score(type, customer.satisfaction, penalty, rng),
      touchpoint: rng.chance(0.05) ? null : touchpoint,
    });
  };
  if (rng.chance(0.25))
    add(
      customer.acquiredAt + rng.uniform(3, 14) * DAY_SECONDS,
      'nps',
      'onboarding',
    );
  for (const order of orders) {
    if (order.status === 'completed' && rng.chance(0.04)) {
      add(
        order.at + rng.uniform(1, 3) * DAY_SECONDS,
        rng.chance(0.7) ? 'csat' : 'nps',
        'purchase',
      );
    }
  }
  for (const ticket of tickets) {
    if (ticket.resolvedAt !== null && rng.chance(0.3)) {
      const penalty = 0.5 * ((ticket.contactCount ?? 1) - 1);
      add(
        ticket.resolvedAt + rng.uniform(1, 48) * HOUR,
        rng.chance(0.6) ? 'csat' : 'ces',
        'support',
        penalty,
      );
    }
  }
  return responses;
}

/** The tickets row (a few lack the customer or channel, as in real help desks). */
function ticketCells(
  world: World,
  ticketId: string,
  customer: Customer,
  ticket: Ticket,
): Cell[] {
  const time = (at: number | null): Cell =>
    at === null ? null : world.time.utc(at);
  return [
    ticketId,
    ticket.withCustomer ? customer.id : null,
    ticket.channel,
    world.time.utc(ticket.openedAt),
    time(ticket.firstResponseAt),
    time(ticket.resolvedAt),
    ticket.contactCount === null ? null : String(ticket.contactCount),
  ];
}

/** The survey_responses record; a few are anonymous (no customer_id). */
function surveyCells(
  world: World,
  responseId: string,
  customer: Customer,
  response: SurveyResponse,
): Cell[] {
  return [
    responseId,
    response.anonymous ? null : customer.id,
    response.type,
    String(response.score),
    world.time.utc(response.at),
    response.touchpoint,
  ];
}

export { simulateSurveys, simulateTickets, surveyCells, ticketCells };
