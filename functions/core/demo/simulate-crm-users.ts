/**
 * CRM user activity: about 20 sellers and agents per 3,000 customers, one row
 * per working day they were employed (a few days missing, some with zero
 * logins), so CRM adoption has both active and idle users to count.
 */
import { weekdayOf } from './calendar.js';
import type { TableWriter } from './csv-writer.js';
import { deriveSeed, Rng } from './random.js';
import type { World } from './world.js';

/** Stream id for deriveSeed, distinct from customers and marketing. */
const CRM_USERS_STREAM = 2;

/** Users scale with the business: about 20 per 3,000 customers. */
function crmUserCount(customers: number): number {
  return Math.max(1, Math.round((customers * 20) / 3000));
}

/** Writes the crm_user_activity file, one user at a time, each with its own stream. */
async function writeCrmUserActivity(
  world: World,
  writer: TableWriter,
): Promise<void> {
  const users = crmUserCount(world.customers);
  const width = String(users).length;
  const historyDays = world.bulkDay - world.historyStartDay;
  for (let u = 0; u < users; u += 1) {
    const rng = new Rng(deriveSeed(world.seed, CRM_USERS_STREAM, u));
    const userId = 'U' + String(u + 1).padStart(width, '0');
    const from =
      world.historyStartDay +
      (rng.chance(0.7) ? 0 : rng.int(0, historyDays - 1));
    const to = rng.chance(0.15) ? rng.int(from, world.bulkDay) : world.bulkDay;
    const engagement = rng.gamma(2, 0.5);
    for (let day = from; day < to; day += 1) {
      const weekday = weekdayOf(day);
      if (weekday === 0 || weekday === 6 || rng.chance(0.08)) continue;
      const logins = rng.poisson(3 * engagement);
      const updated = logins === 0 ? 0 : rng.poisson(18 * engagement);
      writer.write([
        userId,
        world.time.date(day),
        String(logins),
        String(updated),
      ]);
    }
    await writer.drained();
  }
}

export { writeCrmUserActivity };
