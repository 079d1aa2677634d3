/**
 * The sales funnel around a customer: the lead they came from (if any), the
 * new-business deal that won them (B2B), upsell/cross-sell deals while they
 * buy, renewal deals at contract ends, and leads that never converted (some
 * never even got a response). Deals that close after the cutoff are still
 * open in the export, at the last stage they reached.
 */
import { DAY_SECONDS, formatCents } from './calendar.js';
import type { Cell } from './csv-writer.js';
import { WeightedPicker, type Rng } from './random.js';
import type { Customer } from './simulate-customers.js';
import { channelPicker, DEAL_STAGES, SEGMENT_PARAMS } from './vocabulary.js';
import type { World } from './world.js';

type DealType = 'new_business' | 'upsell' | 'cross_sell' | 'renewal';

interface Lead {
  readonly createdAt: number;
  readonly channel: string;
  readonly firstResponseAt: number | null;
  readonly qualifiedAt: number | null;
  /** The customer's acquisition when the lead converted, else null. */
  readonly convertedAt: number | null;
}

interface Deal {
  readonly forCustomer: boolean;
  readonly type: DealType;
  readonly createdAt: number;
  /** When it closes (won or lost); after the cutoff the deal is still open. */
  readonly closesAt: number;
  readonly won: boolean;
  /** How many of the four stages it goes through before closing. */
  readonly stages: number;
  readonly cents: number;
}

interface Sales {
  readonly leads: readonly Lead[];
  readonly deals: readonly Deal[];
}

const HOUR = 3600;
const lostDealMedians = new WeightedPicker<number>([
  [SEGMENT_PARAMS.smb.dealMedianUsd, 0.6],
  [SEGMENT_PARAMS.mid_market.dealMedianUsd, 0.3],
  [SEGMENT_PARAMS.enterprise.dealMedianUsd, 0.1],
]);

function deal(
  type: DealType,
  createdAt: number,
  closesAt: number,
  won: boolean,
  medianUsd: number,
  rng: Rng,
): Deal {
  return {
    forCustomer: true,
    type,
    createdAt: Math.floor(createdAt),
    closesAt: Math.floor(closesAt),
    won,
    stages: won ? DEAL_STAGES.length : rng.int(1, DEAL_STAGES.length),
    cents: Math.round(rng.lognormal(medianUsd * 100, 0.5)),
  };
}

/** The lead a customer came from, responded to and qualified before acquisition. */
function convertedLead(world: World, customer: Customer, rng: Rng): Lead {
  const acquiredAt = customer.acquiredAt;
  const createdAt = Math.max(
    world.historyStart,
    acquiredAt - rng.uniform(1, 60) * DAY_SECONDS,
  );
  const respondedAt =
    createdAt +
    Math.min(rng.lognormal(3 * HOUR, 1.2), 0.3 * (acquiredAt - createdAt));
  return {
    createdAt: Math.floor(createdAt),
    channel: customer.channel,
    firstResponseAt: Math.floor(respondedAt),
    qualifiedAt: Math.floor(
      respondedAt + (acquiredAt - respondedAt) * rng.uniform(0.2, 0.8),
    ),
    convertedAt: acquiredAt,
  };
}

/** A lead that went nowhere; a qualified B2B one may still have a lost deal. */
function strayLead(world: World, rng: Rng, deals: Deal[]): Lead | undefined {
  const createdAt = Math.floor(world.acquisitionAt(rng.next()));
  if (createdAt >= world.cutoff) return undefined;
  const respondedAt = rng.chance(0.15)
    ? null
    : createdAt + rng.lognormal(5 * HOUR, 1.3);
  const qualifiedAt =
    respondedAt !== null && rng.chance(0.3)
      ? respondedAt + rng.uniform(1, 10) * DAY_SECONDS
      : null;
  if (qualifiedAt !== null && rng.chance(0.5)) {
    const closesAt = qualifiedAt + rng.uniform(10, 90) * DAY_SECONDS;
    deals.push({
      ...deal(
        'new_business',
        qualifiedAt,
        closesAt,
        false,
        lostDealMedians.pick(rng),
        rng,
      ),
      forCustomer: false,
    });
  }
  return {
    createdAt,
    channel: channelPicker.pick(rng),
    firstResponseAt: respondedAt === null ? null : Math.floor(respondedAt),
    qualifiedAt: qualifiedAt === null ? null : Math.floor(qualifiedAt),
    convertedAt: null,
  };
}

/** The leads and deals around one customer, plus a few stray leads in its slot. */
function simulateSales(world: World, customer: Customer, rng: Rng): Sales {
  const params = SEGMENT_PARAMS[customer.segment];
  const leads: Lead[] = [];
  const deals: Deal[] = [];
  if (rng.chance(params.leadShare)) {
    const lead = convertedLead(world, customer, rng);
    leads.push(lead);
    if (customer.segment !== 'consumer') {
      deals.push(
        deal(
          'new_business',
          lead.qualifiedAt ?? lead.createdAt,
          customer.acquiredAt,
          true,
          params.dealMedianUsd,
          rng,
        ),
      );
    }
  }
  const expansionGap =
    (365 * DAY_SECONDS) / Math.max(params.expansionDealsPerYear, 1e-9);
  for (const period of customer.periods) {
    const end = Math.min(period.end, world.cutoff);
    for (
      let at = period.start + rng.exponential(expansionGap);
      at < end;
      at += rng.exponential(expansionGap)
    ) {
      const won = rng.chance(0.5 + 0.1 * customer.satisfaction);
      const type = rng.chance(0.55) ? 'upsell' : 'cross_sell';
      deals.push(
        deal(
          type,
          at,
          at + rng.uniform(10, 90) * DAY_SECONDS,
          won,
          0.3 * params.dealMedianUsd,
          rng,
        ),
      );
    }
  }
  for (const term of customer.contracts) {
    const createdAt = Math.max(
      customer.acquiredAt,
      (term.endDay - 60) * DAY_SECONDS + rng.uniform(0, DAY_SECONDS),
    );
    const closesAt =
      term.nextStartDay !== undefined
        ? term.nextStartDay * DAY_SECONDS + 10 * HOUR
        : (term.endDay + rng.uniform(0, 30)) * DAY_SECONDS;
    deals.push(
      deal(
        'renewal',
        createdAt,
        closesAt,
        term.renewal === 'renewed',
        params.dealMedianUsd,
        rng,
      ),
    );
  }
  for (let n = rng.poisson(0.6); n > 0; n -= 1) {
    const lead = strayLead(world, rng, deals);
    if (lead) leads.push(lead);
  }
  return { leads, deals: deals.filter((d) => d.createdAt < world.cutoff) };
}

/**
 * The leads row. Steps after the cutoff are not known yet (empty); a lead
 * names its customer only once converted.
 */
function leadCells(
  world: World,
  leadId: string,
  customer: Customer,
  lead: Lead,
): Cell[] {
  const time = (at: number | null): Cell =>
    at === null || at >= world.cutoff ? null : world.time.utc(at);
  const converted =
    lead.convertedAt !== null && lead.convertedAt < world.cutoff;
  return [
    leadId,
    world.time.utc(lead.createdAt),
    lead.channel,
    time(lead.firstResponseAt),
    time(lead.qualifiedAt),
    time(lead.convertedAt),
    converted ? customer.id : null,
  ];
}

/** When each stage was entered, as far as it happened before the cutoff. */
function stageEntries(world: World, d: Deal, rng: Rng): number[] {
  const entries: number[] = [];
  for (let i = 0; i < d.stages; i += 1) {
    const at =
      i === 0
        ? d.createdAt
        : Math.floor(
            d.createdAt +
              ((d.closesAt - d.createdAt) * i * rng.uniform(0.8, 1)) / d.stages,
          );
    if (at < world.cutoff) entries.push(at);
  }
  return entries;
}

/** The deals row and its stage history rows (deal_id, stage, entered_at). */
function dealRows(
  world: World,
  dealId: string,
  customer: Customer,
  d: Deal,
  rng: Rng,
): { deal: Cell[]; stages: Cell[][] } {
  const entries = stageEntries(world, d, rng);
  const closed = d.closesAt < world.cutoff;
  const stages = entries.map((at, i): Cell[] => [
    dealId,
    DEAL_STAGES[i] ?? null,
    world.time.utc(at),
  ]);
  const deal: Cell[] = [
    dealId,
    d.forCustomer ? customer.id : null,
    world.time.utc(d.createdAt),
    closed ? world.time.utc(d.closesAt) : null,
    closed ? (d.won ? 'won' : 'lost') : 'open',
    DEAL_STAGES[entries.length - 1] ?? null,
    formatCents(d.cents),
    d.type === 'new_business' && rng.chance(0.1) ? null : d.type,
  ];
  return { deal, stages };
}

export { dealRows, leadCells, simulateSales };
