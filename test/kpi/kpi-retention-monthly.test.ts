import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { num } from './core-fixture.js';

/**
 * Export date 2026-02-15.
 *   A smb      acquired 2025-01-05; completed 2025-01-05 100, 2025-01-20 50, 2026-01-10 80
 *   B smb      acquired 2025-01-10; completed 2025-01-10 40, 2026-01-15 30; refund 2026-01-12 -10
 *   C consumer acquired 2025-03-01; completed 2025-03-01 20
 *   D smb      acquired 2025-06-05; no orders, only contract K6: active 06-05..06-20
 * contracts (renewal grace 30 days):
 *   K1 A 2025-01-01..2025-12-31, K2 A 2026-01-01..2026-12-31  -> K1 renewed
 *   K3 B 2025-01-01..2025-12-31, K4 B 2026-01-31..2027-01-30  -> starts 31 days after: not renewed
 *   K5 C 2025-02-01..2025-12-15                               -> not renewed
 *   K6 D 2025-06-05..2025-06-20                               -> not renewed: K7
 *   K7 D 2025-06-10..2025-06-25 (alongside K6, not after it)   -> not renewed
 *   K8 A 2025-08-01..2026-01-25 (K2 started before its end)   -> not renewed, and
 *      its grace runs to 2026-02-24, past the export date: renewal still open
 * retention spend: 2026-01-05 email retention smb 20.00
 */
const day = 'export_date=2026-02-15';
const fixture = {
  [`customers/${day}/customers.csv`]: csv(
    'customer_id,acquired_at,acquisition_channel,segment',
    'A,2025-01-05,email,smb',
    'B,2025-01-10,email,smb',
    'C,2025-03-01,email,consumer',
    'D,2025-06-05,email,smb',
  ),
  [`orders/${day}/orders.csv`]: csv(
    'order_id,customer_id,ordered_at,amount,status',
    'A1,A,2025-01-05,100.00,completed',
    'A2,A,2025-01-20,50.00,completed',
    'A3,A,2026-01-10,80.00,completed',
    'B1,B,2025-01-10,40.00,completed',
    'B2,B,2026-01-12,-10.00,refunded',
    'B3,B,2026-01-15,30.00,completed',
    'C1,C,2025-03-01,20.00,completed',
  ),
  [`contracts/${day}/contracts.csv`]: csv(
    'contract_id,customer_id,starts_on,ends_on',
    'K1,A,2025-01-01,2025-12-31',
    'K2,A,2026-01-01,2026-12-31',
    'K3,B,2025-01-01,2025-12-31',
    'K4,B,2026-01-31,2027-01-30',
    'K5,C,2025-02-01,2025-12-15',
    'K6,D,2025-06-05,2025-06-20',
    'K7,D,2025-06-10,2025-06-25',
    'K8,A,2025-08-01,2026-01-25',
  ),
  [`marketing_spend/${day}/spend.csv`]: csv(
    'spent_on,channel,purpose,segment,amount',
    '2026-01-05,email,retention,smb,20.00',
  ),
};

describe('Model: kpi_retention_monthly', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(fixture);
  });
  afterAll(() => run.close());

  const row = async (month: string, segment: string) =>
    (
      await run.rows(
        `SELECT * FROM main.kpi_retention_monthly
         WHERE month = DATE '${month}' AND segment = '${segment}'`,
      )
    )[0] ?? {};

  it('counts repeat purchasers ever and within the month', async () => {
    // Jan 2025: A (2 orders) and B (1) have bought: 1 of 2 repeat; nobody returning.
    // Mar 2025: C joins: 1 of 3. Jan 2026: B's second completed order: 2 of 3,
    // and both A and B had bought before: 2 of 2 returning (the refund is no purchase).
    const expected = [
      ['2025-01-01', 2, 1, 0.5, 2, 0, 0],
      ['2025-03-01', 3, 1, 1 / 3, 1, 0, 0],
      ['2026-01-01', 3, 2, 2 / 3, 2, 2, 1],
    ] as const;
    for (const [month, buyers, repeat, rate, ordering, returning, monthRate] of expected) {
      const r = await row(month, 'all');
      expect(
        [num(r.customers_with_purchase), num(r.repeat_customers), r.repeat_purchase_rate,
          num(r.customers_ordering), num(r.returning_customers), r.repeat_purchase_rate_month],
        month,
      ).toEqual([buyers, repeat, rate, ordering, returning, monthRate]);
    }
  });

  it('renews only within the grace period', async () => {
    // December 2025: K1 renewed (next contract starts the next day); K3's next
    // contract starts 2026-01-31, 31 days after it ended: not a renewal; K5 none.
    const all = await row('2025-12-01', 'all');
    const smb = await row('2025-12-01', 'smb');
    const consumer = await row('2025-12-01', 'consumer');
    expect([num(all.contracts_ending), num(all.contracts_renewed), all.renewal_rate]).toEqual([3, 1, 1 / 3]);
    expect([num(smb.contracts_ending), num(smb.contracts_renewed), smb.renewal_rate]).toEqual([2, 1, 0.5]);
    expect([num(consumer.contracts_ending), consumer.renewal_rate]).toEqual([1, 0]);
    expect((await row('2025-11-01', 'all')).renewal_rate).toBeNull(); // nothing ended
    expect(num(all.contracts_renewal_open)).toBe(0); // grace ended 2026-01-30
  });

  it('does not count a contract that started before the end as a renewal', async () => {
    // June 2025: K6 ends 06-20 and K7 (started 06-10, alongside it) ends 06-25;
    // no contract of D starts on or after either end: 2 ending, 0 renewed.
    const june = await row('2025-06-01', 'all');
    expect([num(june.contracts_ending), num(june.contracts_renewed), june.renewal_rate]).toEqual([2, 0, 0]);
  });

  it('counts the contracts whose renewal is still possible at the export date', async () => {
    // January 2026 is complete, but K8 ended 01-25 and may be renewed until
    // 01-25 + 30 days = 02-24, after the export date 02-15. A's K2 started on
    // 01-01, before K8's end, so it does not renew K8.
    const january = await row('2026-01-01', 'all');
    expect(
      [january.is_complete, num(january.contracts_ending), num(january.contracts_renewed),
        num(january.contracts_renewal_open), january.renewal_rate],
    ).toEqual([true, 1, 0, 1, 0]);
  });

  it('divides retention spend by the customers retained from the start', async () => {
    // January 2026: A and B active on 12-31 (contracts) and on 01-31 (A's K2, B's
    // K4 from 01-31): 2 retained; C lapsed. 20.00 aimed at smb -> 10.00 each.
    const smb = await row('2026-01-01', 'smb');
    const all = await row('2026-01-01', 'all');
    expect([num(smb.retained_from_start), num(smb.retention_spend), num(smb.retention_cost_per_retained)]).toEqual([2, 20, 10]);
    expect([num(all.retained_from_start), num(all.retention_cost_per_retained)]).toEqual([2, 10]);
    expect((await row('2026-01-01', 'consumer')).retention_cost_per_retained).toBeNull();
  });

  it('measures net revenue retention against the same month a year earlier', async () => {
    // Base for Jan 2026 = active on 2025-01-31: A and B, who spent 150 + 40 = 190
    // then and 80 + (30 - 10) = 100 now.
    const all = await row('2026-01-01', 'all');
    expect([num(all.nrr_base_customers), num(all.nrr_base_revenue), num(all.nrr_revenue)]).toEqual([2, 190, 100]);
    expect(all.net_revenue_retention).toBe(100 / 190);
    // Feb 2026: the base (A, B) bought nothing in Feb 2025: NULL, not 0 or infinity.
    expect((await row('2026-02-01', 'all')).net_revenue_retention).toBeNull();
    expect((await row('2026-01-01', 'consumer')).net_revenue_retention).toBeNull();
  });

  it('publishes the numerators of retention and churn beside them', async () => {
    // June 2025: A, B and C active on 05-31 (contracts K1, K3, K5) and on 06-30:
    // 3 at start, 3 retained, 0 lost: retention 3 / 3 = 1 = 1 - churn. D is
    // acquired on 06-05 and lost by 06-30 (K6 ended 06-20), so customers_end
    // = 3 and the sheet's end - acquired - reactivated is 3 - 1 - 0 = 2: the
    // starting base is not blamed for D.
    const all = await row('2025-06-01', 'all');
    expect(
      [num(all.customers_start), num(all.retained_from_start), num(all.lost_from_start),
        num(all.customers_end_not_new), all.retention_rate, all.churn_rate],
    ).toEqual([3, 3, 0, 2, 1, 0]);
    const smb = await row('2025-06-01', 'smb');
    // smb: A and B at start, both retained (2 / 2); D acquired and lost: 2 - 1 = 1 not new.
    expect([num(smb.customers_end_not_new), smb.retention_rate]).toEqual([1, 1]);
  });

  it('takes retention and churn from the reconciliation sheet', async () => {
    const differences = await run.rows(`
      SELECT r.month, r.segment FROM main.kpi_retention_monthly r
      JOIN main.kpi_customer_reconciliation s
        ON s.period_type = 'month' AND s.period_start = r.month AND s.segment = r.segment
      WHERE r.retention_rate IS DISTINCT FROM s.retention_rate
         OR r.churn_rate IS DISTINCT FROM s.churn_rate
         OR r.customers_start <> s.customers_start`);
    expect(differences).toEqual([]);
  });
});
