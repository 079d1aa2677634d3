/**
 * kpi_sales_monthly on the core fixture (customers A-D, their orders; export
 * date 2025-04-15) plus leads and deals small enough to check by hand.
 *
 * Channels: A paid_search, B email, C unknown (nothing exported), D referral.
 * Default churn window (180 days): A, B active from January, C from February;
 * D never orders, so is never active. Active at month end:
 *   Jan A B | Feb A B C | Mar A B C | Apr A B C
 *
 * leads (created -> first response = hours; qualified; converted):
 *   L1 paid_search 01-05 10:00 -> 12:00 =  2h   qualified 01-06  converted 01-10
 *   L2 paid_search 01-20 08:00 -> 12:00 =  4h   qualified 02-01  converted 03-02 (later month)
 *   L3 paid_search 01-25 09:00 -> 18:00 =  9h
 *   L4 email       01-28 no response
 *   L5 (empty)     02-10 10:00 -> 11:30 = 1.5h  -> channel unknown
 *   L6 social      02-12 00:00 -> 06:00 =  6h
 *   L7 social      02-13 00:00 -> 10:00 = 10h
 *   L8 social      02-14 00:00 -> 20:00 = 20h
 *
 * deals (channel = the customer's acquisition channel):
 *   W1 A won  new_business 1000  created 01-05 00:00 closed 01-10 12:00 (5.5 days)
 *   W2 A won  upsell        200  created 02-20       closed 03-05 (13 days)
 *   W3 B won  cross_sell    300  created 03-01       closed 03-11 (10 days)
 *   RN A won  renewal      5000  created 03-01       closed 03-15 (14 days)
 *   LD A lost new_business  400  created 02-01       closed 03-20
 *   R1 B      new_business  500  created 01-22: lost on 02-10 in the 02-28 export,
 *             open again in the 04-15 export (closed_at 02-10 still exported)
 *   O1 (no customer) open, deal_type empty -> new_business, 700, created 02-15
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, EXPORT_DATE, num } from './core-fixture.js';

const salesFixture = {
  ...coreFixture,
  [`leads/export_date=${EXPORT_DATE}/leads.csv`]: csv(
    'lead_id,created_at,channel,first_response_at,qualified_at,converted_at,customer_id',
    'L1,2025-01-05T10:00:00Z,paid_search,2025-01-05T12:00:00Z,2025-01-06T09:00:00Z,2025-01-10T09:00:00Z,A',
    'L2,2025-01-20T08:00:00Z,paid_search,2025-01-20T12:00:00Z,2025-02-01T09:00:00Z,2025-03-02T09:00:00Z,',
    'L3,2025-01-25T09:00:00Z,paid_search,2025-01-25T18:00:00Z,,,',
    'L4,2025-01-28T09:00:00Z,email,,,,',
    'L5,2025-02-10T10:00:00Z,,2025-02-10T11:30:00Z,,,',
    'L6,2025-02-12T00:00:00Z,social,2025-02-12T06:00:00Z,,,',
    'L7,2025-02-13T00:00:00Z,social,2025-02-13T10:00:00Z,,,',
    'L8,2025-02-14T00:00:00Z,social,2025-02-14T20:00:00Z,,,',
  ),
  'deals/export_date=2025-02-28/deals.csv': csv(
    'deal_id,customer_id,created_at,closed_at,status,stage,amount,deal_type',
    'R1,B,2025-01-22T00:00:00Z,2025-02-10T00:00:00Z,lost,closed_lost,500.00,new_business',
  ),
  [`deals/export_date=${EXPORT_DATE}/deals.csv`]: csv(
    'deal_id,customer_id,created_at,closed_at,status,stage,amount,deal_type',
    'W1,A,2025-01-05T00:00:00Z,2025-01-10T12:00:00Z,won,negotiation,1000.00,new_business',
    'W2,A,2025-02-20T00:00:00Z,2025-03-05T00:00:00Z,won,negotiation,200.00,upsell',
    'W3,B,2025-03-01T00:00:00Z,2025-03-11T00:00:00Z,won,proposal,300.00,cross_sell',
    'RN,A,2025-03-01T00:00:00Z,2025-03-15T00:00:00Z,won,negotiation,5000.00,renewal',
    'LD,A,2025-02-01T00:00:00Z,2025-03-20T00:00:00Z,lost,closed_lost,400.00,new_business',
    'R1,B,2025-01-22T00:00:00Z,2025-02-10T00:00:00Z,open,proposal,500.00,new_business',
    'O1,,2025-02-15T00:00:00Z,,open,prospecting,700.00,',
  ),
};

const TABLE = 'main.kpi_sales_monthly';

describe('Model: kpi_sales_monthly', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    // Prepare / Act
    run = await runFixture(salesFixture);
  });
  afterAll(() => run.close());

  it('has a row for every month x channel seen, plus all', async () => {
    // Assess
    const rows = await run.rows(`SELECT month, channel, month_end, is_complete FROM ${TABLE} ORDER BY month, channel`);
    const channels = ['all', 'email', 'paid_search', 'referral', 'social', 'unknown'];
    expect(rows.map((r) => [r.month, r.channel])).toEqual(
      ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01'].flatMap((m) =>
        channels.map((c) => [m, c]),
      ),
    );
    const april = rows.filter((r) => r.month === '2025-04-01');
    expect(april.every((r) => r.month_end === '2025-04-15' && r.is_complete === false)).toBe(true);
  });

  it('counts leads by creation month: a lead converting later counts for the month it was created', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, leads_created, leads_converted, lead_conversion_rate,
             leads_qualified, lead_qualification_rate
      FROM ${TABLE}
      WHERE channel IN ('all', 'paid_search', 'email', 'unknown')
        AND month IN (DATE '2025-01-01', DATE '2025-02-01', DATE '2025-03-01')
      ORDER BY month, channel`);
    const got = rows.map((r) => [
      r.month,
      r.channel,
      num(r.leads_created),
      num(r.leads_converted),
      r.lead_conversion_rate,
      num(r.leads_qualified),
      r.lead_qualification_rate,
    ]);
    expect(got).toEqual([
      // January: L1 converts in January, L2 in March: both count here.
      ['2025-01-01', 'all', 4, 2, 0.5, 2, 0.5],
      ['2025-01-01', 'email', 1, 0, 0, 0, 0],
      ['2025-01-01', 'paid_search', 3, 2, 2 / 3, 2, 2 / 3],
      ['2025-01-01', 'unknown', 0, 0, null, 0, null],
      ['2025-02-01', 'all', 4, 0, 0, 0, 0],
      ['2025-02-01', 'email', 0, 0, null, 0, null],
      ['2025-02-01', 'paid_search', 0, 0, null, 0, null],
      ['2025-02-01', 'unknown', 1, 0, 0, 0, 0], // L5: empty channel
      // March: L2's conversion does not count again; no lead was created.
      ['2025-03-01', 'all', 0, 0, null, 0, null],
      ['2025-03-01', 'email', 0, 0, null, 0, null],
      ['2025-03-01', 'paid_search', 0, 0, null, 0, null],
      ['2025-03-01', 'unknown', 0, 0, null, 0, null],
    ]);
  });

  it('measures response time with an exact median, odd and even counts, and counts leads without response', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, leads_responded, leads_without_response,
             lead_response_hours_total, lead_response_hours_mean, lead_response_hours_median
      FROM ${TABLE}
      WHERE month IN (DATE '2025-01-01', DATE '2025-02-01')
        AND channel IN ('all', 'email', 'paid_search', 'social')
      ORDER BY month, channel`);
    expect(
      rows.map((r) => [
        r.month,
        r.channel,
        num(r.leads_responded),
        num(r.leads_without_response),
        r.lead_response_hours_total,
        r.lead_response_hours_mean,
        r.lead_response_hours_median,
      ]),
    ).toEqual([
      // Jan: 2, 4, 9 hours (odd: the middle one); L4 never answered.
      ['2025-01-01', 'all', 3, 1, 15, 5, 4],
      ['2025-01-01', 'email', 0, 1, 0, null, null],
      ['2025-01-01', 'paid_search', 3, 0, 15, 5, 4],
      ['2025-01-01', 'social', 0, 0, 0, null, null],
      // Feb: 1.5, 6, 10, 20 hours (even: (6 + 10) / 2 = 8); mean 37.5 / 4.
      ['2025-02-01', 'all', 4, 0, 37.5, 9.375, 8],
      ['2025-02-01', 'email', 0, 0, 0, null, null],
      ['2025-02-01', 'paid_search', 0, 0, 0, null, null],
      ['2025-02-01', 'social', 3, 0, 36, 12, 10], // 6, 10, 20
    ]);
  });

  it('takes the open pipeline at month end, counting a reopened deal as open', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, open_deals, pipeline_value
      FROM ${TABLE}
      WHERE channel IN ('all', 'email', 'paid_search', 'unknown')
      ORDER BY month, channel`);
    expect(rows.map((r) => [r.month, r.channel, num(r.open_deals), num(r.pipeline_value)])).toEqual([
      // 01-31: only R1 (W1 closed 01-10; the others are created later).
      ['2025-01-01', 'all', 1, 500],
      ['2025-01-01', 'email', 1, 500],
      ['2025-01-01', 'paid_search', 0, 0],
      ['2025-01-01', 'unknown', 0, 0],
      // 02-28: W2 and LD (close in March), R1 (open now, despite closed_at
      // 02-10), O1 (no customer -> unknown).
      ['2025-02-01', 'all', 4, 1800],
      ['2025-02-01', 'email', 1, 500],
      ['2025-02-01', 'paid_search', 2, 600],
      ['2025-02-01', 'unknown', 1, 700],
      // 03-31 and 04-15: R1 and O1.
      ['2025-03-01', 'all', 2, 1200],
      ['2025-03-01', 'email', 1, 500],
      ['2025-03-01', 'paid_search', 0, 0],
      ['2025-03-01', 'unknown', 1, 700],
      ['2025-04-01', 'all', 2, 1200],
      ['2025-04-01', 'email', 1, 500],
      ['2025-04-01', 'paid_search', 0, 0],
      ['2025-04-01', 'unknown', 1, 700],
    ]);
  });

  it('computes win rate (NULL without closed deals) and the sales cycle of won deals', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, deals_won, deals_lost, deals_closed, win_rate,
             sales_cycle_days_total, sales_cycle_days_mean
      FROM ${TABLE}
      WHERE channel IN ('all', 'email', 'paid_search')
      ORDER BY month, channel`);
    const got = rows.map((r) => [
      r.month,
      r.channel,
      num(r.deals_won),
      num(r.deals_lost),
      num(r.deals_closed),
      r.win_rate,
      r.sales_cycle_days_total,
      r.sales_cycle_days_mean,
    ]);
    expect(got).toEqual([
      ['2025-01-01', 'all', 1, 0, 1, 1, 5.5, 5.5], // W1: 01-05 00:00 -> 01-10 12:00
      ['2025-01-01', 'email', 0, 0, 0, null, 0, null],
      ['2025-01-01', 'paid_search', 1, 0, 1, 1, 5.5, 5.5],
      // February: R1's old loss (02-10) no longer counts: it is open now.
      ['2025-02-01', 'all', 0, 0, 0, null, 0, null],
      ['2025-02-01', 'email', 0, 0, 0, null, 0, null],
      ['2025-02-01', 'paid_search', 0, 0, 0, null, 0, null],
      // March: W2 (13 days), RN (14), W3 (10) won; LD lost.
      ['2025-03-01', 'all', 3, 1, 4, 0.75, 37, 37 / 3],
      ['2025-03-01', 'email', 1, 0, 1, 1, 10, 10],
      ['2025-03-01', 'paid_search', 2, 1, 3, 2 / 3, 27, 13.5],
      ['2025-04-01', 'all', 0, 0, 0, null, 0, null],
      ['2025-04-01', 'email', 0, 0, 0, null, 0, null],
      ['2025-04-01', 'paid_search', 0, 0, 0, null, 0, null],
    ]);
  });

  it('divides won upsell and cross-sell deals by the customers active at month end', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, upsell_deals_won, cross_sell_deals_won, active_customers,
             upsell_rate, cross_sell_rate
      FROM ${TABLE}
      WHERE month IN (DATE '2025-01-01', DATE '2025-03-01')
        AND channel IN ('all', 'email', 'paid_search', 'referral', 'unknown')
      ORDER BY month, channel`);
    expect(
      rows.map((r) => [
        r.month,
        r.channel,
        num(r.upsell_deals_won),
        num(r.cross_sell_deals_won),
        num(r.active_customers),
        r.upsell_rate,
        r.cross_sell_rate,
      ]),
    ).toEqual([
      ['2025-01-01', 'all', 0, 0, 2, 0, 0], // A, B active on 01-31
      ['2025-01-01', 'email', 0, 0, 1, 0, 0],
      ['2025-01-01', 'paid_search', 0, 0, 1, 0, 0],
      ['2025-01-01', 'referral', 0, 0, 0, null, null], // D not yet acquired
      ['2025-01-01', 'unknown', 0, 0, 0, null, null], // C acquired in February
      // March: W2 upsell (A), W3 cross-sell (B); A, B, C active on 03-31.
      ['2025-03-01', 'all', 1, 1, 3, 1 / 3, 1 / 3],
      ['2025-03-01', 'email', 0, 1, 1, 0, 1],
      ['2025-03-01', 'paid_search', 1, 0, 1, 1, 0],
      ['2025-03-01', 'referral', 0, 0, 0, null, null], // D never ordered: not active
      ['2025-03-01', 'unknown', 0, 0, 1, 0, 0],
    ]);
  });

  it('counts net new revenue from new customers and new business only', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, new_customer_revenue, new_business_won_amount, net_new_revenue
      FROM ${TABLE}
      WHERE channel IN ('all', 'email', 'paid_search', 'unknown')
      ORDER BY month, channel`);
    expect(
      rows.map((r) => [
        r.month,
        r.channel,
        num(r.new_customer_revenue),
        num(r.new_business_won_amount),
        num(r.net_new_revenue),
      ]),
    ).toEqual([
      // Jan: A1 100 and B1 30 (both acquired in January) + W1 1000 (new business).
      ['2025-01-01', 'all', 130, 1000, 1130],
      ['2025-01-01', 'email', 30, 0, 30],
      ['2025-01-01', 'paid_search', 100, 1000, 1100],
      ['2025-01-01', 'unknown', 0, 0, 0],
      // Feb: C1 60 (C's first order makes February its cohort month).
      ['2025-02-01', 'all', 60, 0, 60],
      ['2025-02-01', 'email', 0, 0, 0],
      ['2025-02-01', 'paid_search', 0, 0, 0],
      ['2025-02-01', 'unknown', 60, 0, 60],
      // Mar: A's 40 - 10 comes from an existing customer; RN is a renewal,
      // W2 an upsell, W3 a cross-sell; LD was lost: nothing is net new.
      ['2025-03-01', 'all', 0, 0, 0],
      ['2025-03-01', 'email', 0, 0, 0],
      ['2025-03-01', 'paid_search', 0, 0, 0],
      ['2025-03-01', 'unknown', 0, 0, 0],
      // Apr: B2 20 from an existing customer.
      ['2025-04-01', 'all', 0, 0, 0],
      ['2025-04-01', 'email', 0, 0, 0],
      ['2025-04-01', 'paid_search', 0, 0, 0],
      ['2025-04-01', 'unknown', 0, 0, 0],
    ]);
  });

  it('computes average purchase value = revenue / completed orders', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, channel, revenue, completed_orders, average_purchase_value
      FROM ${TABLE}
      WHERE channel IN ('all', 'paid_search', 'referral')
      ORDER BY month, channel`);
    expect(
      rows.map((r) => [
        r.month,
        r.channel,
        num(r.revenue),
        num(r.completed_orders),
        num(r.average_purchase_value),
      ]),
    ).toEqual([
      ['2025-01-01', 'all', 130, 2, 65], // A1 100 + B1 30; A2 cancelled
      ['2025-01-01', 'paid_search', 100, 1, 100],
      ['2025-01-01', 'referral', 0, 0, null],
      ['2025-02-01', 'all', 60, 1, 60], // C1; C2 cancelled
      ['2025-02-01', 'paid_search', 0, 0, null],
      ['2025-02-01', 'referral', 0, 0, null],
      ['2025-03-01', 'all', 30, 1, 30], // A3 40 - A4 refund 10, one completed order
      ['2025-03-01', 'paid_search', 30, 1, 30],
      ['2025-03-01', 'referral', 0, 0, null],
      ['2025-04-01', 'all', 20, 1, 20], // B2
      ['2025-04-01', 'paid_search', 0, 0, null],
      ['2025-04-01', 'referral', 0, 0, null],
    ]);
  });

  it('makes every all row the sum of its channel rows', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT a.month
      FROM ${TABLE} AS a
      JOIN (
        SELECT month, sum(leads_created) AS leads, sum(open_deals) AS open_deals,
               sum(pipeline_value) AS pipeline, sum(deals_won) AS won,
               sum(active_customers) AS active, sum(net_new_revenue) AS net_new,
               sum(revenue) AS revenue
        FROM ${TABLE} WHERE channel <> 'all' GROUP BY month
      ) AS c ON a.month = c.month
      WHERE a.channel = 'all'
        AND (a.leads_created <> c.leads OR a.open_deals <> c.open_deals
          OR a.pipeline_value <> c.pipeline OR a.deals_won <> c.won
          OR a.active_customers <> c.active OR a.net_new_revenue <> c.net_new
          OR a.revenue <> c.revenue)`);
    expect(rows).toEqual([]);
  });
});

describe('Model: kpi_sales_monthly, without leads and deals', () => {
  it('publishes with zero lead and deal counts when only customers and orders are exported', async () => {
    // Prepare
    const run = await runFixture(coreFixture);
    try {
      // Act
      const rows = await run.rows(`
        SELECT month, channel, leads_created, lead_conversion_rate, lead_response_hours_median,
               open_deals, pipeline_value, deals_closed, win_rate, upsell_rate,
               net_new_revenue, revenue
        FROM ${TABLE} WHERE channel = 'all' ORDER BY month`);
      // Assess
      expect(run.summary.published.find((t) => t.name === 'kpi_sales_monthly')).toMatchObject({ rows: 20 });
      expect(
        rows.map((r) => [
          r.month,
          num(r.leads_created),
          r.lead_conversion_rate,
          r.lead_response_hours_median,
          num(r.open_deals),
          num(r.pipeline_value),
          num(r.deals_closed),
          r.win_rate,
          r.upsell_rate,
          num(r.net_new_revenue),
          num(r.revenue),
        ]),
      ).toEqual([
        ['2025-01-01', 0, null, null, 0, 0, 0, null, 0, 130, 130],
        ['2025-02-01', 0, null, null, 0, 0, 0, null, 0, 60, 60],
        ['2025-03-01', 0, null, null, 0, 0, 0, null, 0, 0, 30],
        ['2025-04-01', 0, null, null, 0, 0, 0, null, 0, 0, 20],
      ]);
    } finally {
      await run.close();
    }
  });
});
