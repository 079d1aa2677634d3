/**
 * Engagement events (email opens and clicks, logins, web visits, loyalty)
 * while a customer buys and for two months after they stop, at a modest rate
 * (about four per customer over their life) so the entity stays the second
 * largest, not the largest.
 */
import { DAY_SECONDS } from './calendar.js';
import type { Cell } from './csv-writer.js';
import type { Rng } from './random.js';
import type { Customer } from './simulate-customers.js';
import { eventTypePicker } from './vocabulary.js';
import type { World } from './world.js';

interface EngagementEvent {
  readonly at: number;
  readonly type: string;
}

const EVENTS_PER_DAY = 0.012;
const FADE_OUT_SECONDS = 60 * DAY_SECONDS;

/** A Poisson stream of events per customer, at a rate that rises with satisfaction. */
function simulateEngagement(
  world: World,
  customer: Customer,
  rng: Rng,
): EngagementEvent[] {
  const perDay =
    EVENTS_PER_DAY * rng.gamma(2, 0.5) * Math.exp(0.2 * customer.satisfaction);
  const meanGap = DAY_SECONDS / perDay;
  const events: EngagementEvent[] = [];
  for (const period of customer.periods) {
    const end = Math.min(period.end + FADE_OUT_SECONDS, world.cutoff);
    for (
      let at = period.start + rng.exponential(meanGap);
      at < end;
      at += rng.exponential(meanGap)
    ) {
      events.push({ at: Math.floor(at), type: eventTypePicker.pick(rng) });
    }
  }
  return events;
}

/** The engagement_events row. */
function engagementCells(
  world: World,
  customer: Customer,
  event: EngagementEvent,
): Cell[] {
  return [customer.id, world.time.utc(event.at), event.type];
}

export { engagementCells, simulateEngagement };
