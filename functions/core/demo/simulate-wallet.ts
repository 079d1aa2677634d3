/**
 * Share-of-wallet estimates: for ~60% of customers, one estimate per calendar
 * year they were a customer, some restricted to their main category. The
 * total is set from what they really spent with us so the share comes out
 * mostly between 0.1 and 0.8, with a few inconsistent estimates (share > 1)
 * that the KPI must keep and flag.
 */
import {
  DAY_SECONDS,
  firstDayOfYear,
  formatCents,
  yearOfDay,
} from './calendar.js';
import type { Cell } from './csv-writer.js';
import type { Rng } from './random.js';
import type { Customer } from './simulate-customers.js';
import { revenueCents, type Order } from './simulate-orders.js';
import type { World } from './world.js';

/** The wallet_estimates records of one customer (none for most customers of the last day). */
function walletRows(
  world: World,
  customer: Customer,
  orders: readonly Order[],
  rng: Rng,
): Cell[][] {
  if (customer.acquiredAt >= world.cutoff || !rng.chance(0.6)) return [];
  const rows: Cell[][] = [];
  const lastYear = yearOfDay(world.bulkDay - 1);
  for (
    let year = yearOfDay(Math.floor(customer.acquiredAt / DAY_SECONDS));
    year <= lastYear;
    year += 1
  ) {
    const from = firstDayOfYear(year) * DAY_SECONDS;
    const to = firstDayOfYear(year + 1) * DAY_SECONDS;
    const category = rng.chance(0.3) ? customer.mainCategory : null;
    const ours = revenueCents(
      orders.filter(
        (o) =>
          o.at >= from &&
          o.at < to &&
          o.at < world.cutoff &&
          (category === null || o.category === category),
      ),
    );
    const share = rng.chance(0.03)
      ? rng.uniform(1.05, 1.6)
      : rng.uniform(0.1, 0.8);
    const total =
      ours > 0
        ? ours / share
        : rng.lognormal(customer.orderMedianCents * 12, 0.5);
    rows.push([
      customer.id,
      world.time.date(from / DAY_SECONDS),
      world.time.date(to / DAY_SECONDS - 1),
      category,
      formatCents(Math.max(100, Math.round(total))),
    ]);
  }
  return rows;
}

export { walletRows };
