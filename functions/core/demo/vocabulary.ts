/**
 * The demo business: vocabularies and the behavioural parameters per segment.
 * Numbers are chosen so that the KPI tables come out plausible (about ten
 * orders per customer, retention curves that decay, CAC well below CLV for
 * most channels) rather than to model any real company.
 */
import { WeightedPicker } from './random.js';

/** Business segments of the demo; contract customers are mid_market and enterprise. */
type Segment = 'consumer' | 'smb' | 'mid_market' | 'enterprise';
/** Product categories, for share of wallet by category. */
type Category = 'music' | 'books' | 'electronics' | 'home' | 'services';
/** Acquisition channels (`tv` only appears in marketing spend, on purpose). */
type Channel =
  'paid_search' | 'social' | 'email' | 'referral' | 'affiliate' | 'organic';

interface SegmentParams {
  readonly share: number;
  /** Mean orders per active day before per-customer heterogeneity. */
  readonly ordersPerDay: number;
  /** Mean length of a buying lifetime (non-contract segments). */
  readonly lifetimeDays: number;
  readonly orderMedianUsd: number;
  /** Buys under 12-month contracts that renew or not. */
  readonly contracted: boolean;
  /** Share of customers that came in through a lead (and, if B2B, a deal). */
  readonly leadShare: number;
  readonly ticketsPerYear: number;
  readonly dealMedianUsd: number;
  /** Upsell and cross-sell opportunities per active year. */
  readonly expansionDealsPerYear: number;
  /** Retention spend per expected active customer and month. */
  readonly retentionUsdPerCustomerMonth: number;
}

/** Behaviour per segment; see the field comments. */
const SEGMENT_PARAMS: Readonly<Record<Segment, SegmentParams>> = {
  consumer: {
    share: 0.7,
    ordersPerDay: 1 / 29,
    lifetimeDays: 420,
    orderMedianUsd: 45,
    contracted: false,
    leadShare: 0.15,
    ticketsPerYear: 0.35,
    dealMedianUsd: 0,
    expansionDealsPerYear: 0,
    retentionUsdPerCustomerMonth: 0.4,
  },
  smb: {
    share: 0.18,
    ordersPerDay: 1 / 25,
    lifetimeDays: 520,
    orderMedianUsd: 140,
    contracted: false,
    leadShare: 0.5,
    ticketsPerYear: 0.9,
    dealMedianUsd: 4_000,
    expansionDealsPerYear: 0.3,
    retentionUsdPerCustomerMonth: 1.5,
  },
  mid_market: {
    share: 0.08,
    ordersPerDay: 1 / 21,
    lifetimeDays: 0,
    orderMedianUsd: 520,
    contracted: true,
    leadShare: 0.8,
    ticketsPerYear: 2,
    dealMedianUsd: 25_000,
    expansionDealsPerYear: 0.6,
    retentionUsdPerCustomerMonth: 6,
  },
  enterprise: {
    share: 0.04,
    ordersPerDay: 1 / 17,
    lifetimeDays: 0,
    orderMedianUsd: 1_800,
    contracted: true,
    leadShare: 0.9,
    ticketsPerYear: 4,
    dealMedianUsd: 120_000,
    expansionDealsPerYear: 1,
    retentionUsdPerCustomerMonth: 20,
  },
};

/** Segments in size order, for per-segment loops. */
const SEGMENTS: readonly Segment[] = [
  'consumer',
  'smb',
  'mid_market',
  'enterprise',
];
/** Draws a new customer's segment by its share. */
const segmentPicker = new WeightedPicker(
  SEGMENTS.map((s) => [s, SEGMENT_PARAMS[s].share] as const),
);

/** '' is a customer without a credited channel (the pipeline defaults it to `unknown`). */
const CHANNEL_SHARES: readonly (readonly [Channel | '', number])[] = [
  ['paid_search', 0.25],
  ['social', 0.2],
  ['email', 0.1],
  ['referral', 0.12],
  ['affiliate', 0.1],
  ['organic', 0.15],
  ['', 0.08],
];
/** Draws a new customer's acquisition channel by its share. */
const channelPicker = new WeightedPicker(CHANNEL_SHARES);

/** Target acquisition cost per customer; marketing spend is derived from it. */
const TARGET_CAC_USD: Readonly<Record<Exclude<Channel, 'organic'>, number>> = {
  paid_search: 65,
  social: 48,
  email: 18,
  referral: 30,
  affiliate: 38,
};

/** All categories, for orders outside the customer's main category. */
const CATEGORIES: readonly Category[] = [
  'music',
  'books',
  'electronics',
  'home',
  'services',
];
/** Consumers mostly buy media and home goods. */
const consumerCategories = new WeightedPicker<Category>([
  ['music', 0.25],
  ['books', 0.3],
  ['electronics', 0.2],
  ['home', 0.2],
  ['services', 0.05],
]);
/** Businesses mostly buy electronics and services. */
const businessCategories = new WeightedPicker<Category>([
  ['music', 0.05],
  ['books', 0.15],
  ['electronics', 0.35],
  ['home', 0.1],
  ['services', 0.35],
]);

/** Country of a customer, weighted towards the US like many CRMs. */
const countryPicker = new WeightedPicker([
  ['US', 0.42],
  ['GB', 0.1],
  ['DE', 0.09],
  ['FR', 0.07],
  ['CA', 0.07],
  ['AU', 0.05],
  ['NL', 0.04],
  ['SE', 0.03],
  ['ES', 0.04],
  ['IT', 0.03],
  ['BR', 0.03],
  ['JP', 0.03],
] as const);

/** Engagement event types, opens far more common than clicks. */
const eventTypePicker = new WeightedPicker([
  ['email_open', 0.35],
  ['web_visit', 0.25],
  ['login', 0.2],
  ['email_click', 0.12],
  ['loyalty', 0.08],
] as const);

/** Help-desk channels named by the contract. */
const TICKET_CHANNELS = ['email', 'chat', 'phone'] as const;
/** Pipeline stages in order; a deal enters them one after the other. */
const DEAL_STAGES = [
  'prospecting',
  'qualification',
  'proposal',
  'negotiation',
] as const;

export {
  businessCategories,
  CATEGORIES,
  CHANNEL_SHARES,
  channelPicker,
  consumerCategories,
  countryPicker,
  DEAL_STAGES,
  eventTypePicker,
  SEGMENT_PARAMS,
  segmentPicker,
  SEGMENTS,
  TARGET_CAC_USD,
  TICKET_CHANNELS,
  type Category,
  type Channel,
  type Segment,
};
