/**
 * Marketing spend, derived from the same acquisition curve the customers are
 * drawn from so that CAC per channel lands near its target: daily rows for
 * paid search and social, weekly (Monday) rows for email, referral and
 * affiliate, a 12-week TV campaign that acquired nobody (no customer has
 * channel `tv`, so its CAC has no denominator), and monthly retention spend
 * per segment plus an untagged brand-loyalty line.
 */
import { addMonths, formatCents, weekdayOf } from './calendar.js';
import type { BadRowLog } from './bad-rows.js';
import type { TableWriter } from './csv-writer.js';
import { deriveSeed, Rng } from './random.js';
import {
  CHANNEL_SHARES,
  SEGMENT_PARAMS,
  SEGMENTS,
  TARGET_CAC_USD,
} from './vocabulary.js';
import type { World } from './world.js';

/** Stream id for deriveSeed, distinct from the per-customer streams. */
const MARKETING_STREAM = 1;
const DAILY = ['paid_search', 'social'] as const;
const WEEKLY = ['email', 'referral', 'affiliate'] as const;
const MONDAY = 1;
const WEDNESDAY = 3;
/** Share of the customers acquired so far that are still active, roughly. */
const ACTIVE_SHARE = 0.55;

function channelShare(channel: string): number {
  return CHANNEL_SHARES.find(([c]) => c === channel)?.[1] ?? 0;
}

/** Writes the whole marketing_spend file (and its one bad row when asked). */
async function writeMarketingSpend(
  world: World,
  writer: TableWriter,
  badRows: BadRowLog | undefined,
): Promise<void> {
  const rng = new Rng(deriveSeed(world.seed, MARKETING_STREAM));
  const cents = (usd: number, noise: number): string =>
    formatCents(Math.round(usd * 100 * rng.lognormal(1, noise)));
  const tvFrom = addMonths(world.exportDay, -9);
  const tvTo = tvFrom + 12 * 7;
  const tvWeeklyUsd = Math.max(500, 0.5 * world.customers);
  const firstDay = world.historyStartDay;
  let badDay = firstDay + Math.floor((world.bulkDay - firstDay) / 2);
  while (weekdayOf(badDay) !== WEDNESDAY) badDay += 1;
  let acquiredSoFar = 0;
  for (let day = firstDay; day < world.bulkDay; day += 1) {
    const date = world.time.date(day);
    const expected = world.expectedAcquisitionsOn(day);
    acquiredSoFar += expected;
    for (const channel of DAILY) {
      writer.write([
        date,
        channel,
        'acquisition',
        null,
        cents(expected * channelShare(channel) * TARGET_CAC_USD[channel], 0.25),
      ]);
    }
    if (weekdayOf(day) === MONDAY) {
      for (const channel of WEEKLY) {
        const usd =
          7 * expected * channelShare(channel) * TARGET_CAC_USD[channel];
        writer.write([date, channel, 'acquisition', null, cents(usd, 0.15)]);
      }
      if (day >= tvFrom && day < tvTo)
        writer.write([
          date,
          'tv',
          'acquisition',
          null,
          cents(tvWeeklyUsd, 0.1),
        ]);
    }
    if (date.endsWith('-01')) {
      for (const segment of SEGMENTS) {
        const params = SEGMENT_PARAMS[segment];
        const usd =
          acquiredSoFar *
          ACTIVE_SHARE *
          params.share *
          params.retentionUsdPerCustomerMonth;
        writer.write([date, 'email', 'retention', segment, cents(usd, 0.15)]);
      }
      writer.write([
        date,
        'social',
        'retention',
        null,
        cents(0.1 * acquiredSoFar * ACTIVE_SHARE, 0.2),
      ]);
    }
    // A mid-week affiliate "correction" that went negative; no good row shares its key.
    if (day === badDay && badRows) {
      badRows.write(
        'marketing_spend',
        writer,
        'amount',
        'negative spend amount',
        [date, 'affiliate', 'acquisition', null, '-150.00'],
      );
    }
    await writer.drained();
  }
}

export { writeMarketingSpend };
