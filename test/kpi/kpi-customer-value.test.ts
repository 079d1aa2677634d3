import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { ExportFiles, FixtureRun } from '../helpers/run-fixture.js';
import { num } from './core-fixture.js';

/**
 * Seven customers, export date 2025-06-30 (CLV horizon 36 months covers all).
 *
 * customer  acquired    channel   segment      orders (cost in brackets)
 *   P       2025-01-05  search    smb          P1 01-05 200 [100], P2 05-10 100 [ ]
 *   Q       2025-01-10  search    smb          Q1 01-10  80 [40],  Q2 02-10 30 cancelled
 *   R       2025-02-01  email     consumer     R1 02-01  50 [20],  R2 06-20 50 [20]
 *   S       2025-02-15  email     consumer     S1 02-15 120 [60]
 *   T       2025-03-01  search    enterprise   T1 03-01  40 [ ]
 *   U       2025-03-10  referral  consumer     U1 03-10  50 [30],  U2 03-20 -80 refunded
 *   V       2025-06-01  referral  consumer     no orders
 * acquisition spend: search 2025-01-03 100 (CAC 50 for P, Q), search 2025-03-02 30
 * (CAC 30 for T); email and referral: none (CAC 0).
 */
const EXPORT_DATE = '2025-06-30';
const at = (entity: string, file: string): string =>
  `${entity}/export_date=${EXPORT_DATE}/${file}`;

const fixture: ExportFiles = {
  [at('customers', 'customers.csv')]: csv(
    'customer_id,acquired_at,acquisition_channel,segment',
    'P,2025-01-05T09:00:00Z,search,smb',
    'Q,2025-01-10T09:00:00Z,search,smb',
    'R,2025-02-01T09:00:00Z,email,consumer',
    'S,2025-02-15T09:00:00Z,email,consumer',
    'T,2025-03-01T09:00:00Z,search,enterprise',
    'U,2025-03-10T09:00:00Z,referral,consumer',
    'V,2025-06-01T09:00:00Z,referral,consumer',
  ),
  [at('orders', 'orders.csv')]: csv(
    'order_id,customer_id,ordered_at,amount,cost,status',
    'P1,P,2025-01-05T10:00:00Z,200.00,100.00,completed',
    'P2,P,2025-05-10T10:00:00Z,100.00,,completed',
    'Q1,Q,2025-01-10T10:00:00Z,80.00,40.00,completed',
    'Q2,Q,2025-02-10T10:00:00Z,30.00,10.00,cancelled',
    'R1,R,2025-02-01T10:00:00Z,50.00,20.00,completed',
    'R2,R,2025-06-20T10:00:00Z,50.00,20.00,completed',
    'S1,S,2025-02-15T10:00:00Z,120.00,60.00,completed',
    'T1,T,2025-03-01T10:00:00Z,40.00,,completed',
    'U1,U,2025-03-10T10:00:00Z,50.00,30.00,completed',
    'U2,U,2025-03-20T10:00:00Z,-80.00,,refunded',
  ),
  [at('marketing_spend', 'spend.csv')]: csv(
    'spent_on,channel,purpose,segment,amount',
    '2025-01-03,search,acquisition,,100.00',
    '2025-03-02,search,acquisition,,30.00',
  ),
};

describe('Model: kpi_customer_value', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(fixture);
  });
  afterAll(() => run.close());

  it('totals orders, revenue and gross profit per customer', async () => {
    // Act
    const rows = await run.rows(`
      SELECT customer_id, segment, acquisition_channel, cohort_month,
             first_order_date, last_order_date, orders, revenue, gross_profit,
             average_purchase_value
      FROM main.kpi_customer_value ORDER BY customer_id`);
    // Assess: revenue counts every non-cancelled order (refunds negative);
    // gross profit only orders with a cost; APV = revenue / completed orders.
    expect(
      rows.map((r) => [
        r.customer_id,
        r.segment,
        r.acquisition_channel,
        r.cohort_month,
        r.first_order_date,
        r.last_order_date,
        num(r.orders),
        num(r.revenue),
        num(r.gross_profit),
        num(r.average_purchase_value),
      ]),
    ).toEqual([
      // 200 + 100; GP only P1: 200 - 100; 300 / 2
      ['P', 'smb', 'search', '2025-01-01', '2025-01-05', '2025-05-10', 2, 300, 100, 150],
      // Q2 cancelled never counts
      ['Q', 'smb', 'search', '2025-01-01', '2025-01-10', '2025-01-10', 1, 80, 40, 80],
      ['R', 'consumer', 'email', '2025-02-01', '2025-02-01', '2025-06-20', 2, 100, 60, 50],
      ['S', 'consumer', 'email', '2025-02-01', '2025-02-15', '2025-02-15', 1, 120, 60, 120],
      // no order has a cost: gross profit NULL
      ['T', 'enterprise', 'search', '2025-03-01', '2025-03-01', '2025-03-01', 1, 40, null, 40],
      // refund exceeds the purchase: 50 - 80 = -30; GP from U1 only: 50 - 30
      ['U', 'consumer', 'referral', '2025-03-01', '2025-03-10', '2025-03-10', 1, -30, 20, -30],
      // no orders: revenue 0, APV and dates NULL
      ['V', 'consumer', 'referral', '2025-06-01', null, null, 0, 0, null, null],
    ]);
  });

  it('takes acquisition cost share and net CLV from int_customer_clv', async () => {
    // Act
    const rows = await run.rows(`
      SELECT customer_id, clv_horizon_revenue, clv_horizon_cost,
             acquisition_cost_share, net_clv
      FROM main.kpi_customer_value ORDER BY customer_id`);
    // Assess: net CLV = horizon revenue - horizon cost (missing = 0) - CAC share
    expect(
      rows.map((r) => [
        r.customer_id,
        num(r.clv_horizon_revenue),
        num(r.clv_horizon_cost),
        num(r.acquisition_cost_share),
        num(r.net_clv),
      ]),
    ).toEqual([
      ['P', 300, 100, 50, 150], // search January: 100 / 2 customers
      ['Q', 80, 40, 50, -10],
      ['R', 100, 40, 0, 60],
      ['S', 120, 60, 0, 60],
      ['T', 40, 0, 30, 10], // search March: 30 / 1
      ['U', -30, 30, 0, -60],
      ['V', 0, 0, 0, 0],
    ]);
    const fromClv = await run.rows(`
      SELECT count(*) AS n FROM main.kpi_customer_value v
      JOIN build.int_customer_clv c USING (customer_id)
      WHERE v.net_clv = c.net_clv AND v.acquisition_cost_share = c.acquisition_cost_share`);
    expect(num(fromClv[0]?.n)).toBe(7);
  });

  it('agrees exactly with kpi_cac_by_channel: mean net CLV per cohort month x channel', async () => {
    // Act: the mean of this table's net_clv per cohort and channel (and 'all'),
    // beside kpi_cac_by_channel.clv.
    const rows = await run.rows(`
      WITH means AS (
        SELECT cohort_month, acquisition_channel AS channel,
               round(avg(CAST(net_clv AS DOUBLE)), 2) AS mean_clv
        FROM main.kpi_customer_value GROUP BY 1, 2
        UNION ALL
        SELECT cohort_month, 'all', round(avg(CAST(net_clv AS DOUBLE)), 2)
        FROM main.kpi_customer_value GROUP BY 1
      )
      SELECT m.cohort_month, m.channel, m.mean_clv, CAST(c.clv AS DOUBLE) AS cac_clv
      FROM means m
      LEFT JOIN main.kpi_cac_by_channel c
        ON c.month = m.cohort_month AND c.channel = m.channel
      ORDER BY 1, 2`);
    // Assess: January search (150 - 10) / 2 = 70; February email (60 + 60) / 2 = 60;
    // March search 10, referral -60, all (10 - 60) / 2 = -25; June referral 0.
    expect(rows.map((r) => [r.cohort_month, r.channel, r.mean_clv])).toEqual([
      ['2025-01-01', 'all', 70],
      ['2025-01-01', 'search', 70],
      ['2025-02-01', 'all', 60],
      ['2025-02-01', 'email', 60],
      ['2025-03-01', 'all', -25],
      ['2025-03-01', 'referral', -60],
      ['2025-03-01', 'search', 10],
      ['2025-06-01', 'all', 0],
      ['2025-06-01', 'referral', 0],
    ]);
    for (const r of rows) expect(r.cac_clv, `${r.cohort_month} ${r.channel}`).toBe(r.mean_clv);
  });

  it('scores RFM in quintiles, 5 = best, ties broken by customer_id', async () => {
    // Act
    const rows = await run.rows(`
      SELECT customer_id, recency_days, frequency, monetary,
             r_score, f_score, m_score, rfm_score, rfm_total
      FROM main.kpi_customer_value ORDER BY customer_id`);
    // Assess: ntile(5) over 7 customers: bucket sizes 2, 2, 1, 1, 1 (positions 1-2, 3-4, 5, 6, 7).
    // Recency (days to 06-30), worst first, no order first:
    //   V null, Q 171 | S 135, T 121 | U 112 | P 51 | R 10
    // Frequency ascending; the four customers with 1 order tie, and the
    // customer_id sorting first ranks better (placed later):
    //   V 0, U 1 | T 1, S 1 | Q 1 | R 2 | P 2
    // Monetary ascending (the refund makes U's -30 the lowest):
    //   U -30, V 0 | T 40, Q 80 | R 100 | S 120 | P 300
    expect(
      rows.map((r) => [
        r.customer_id,
        num(r.recency_days),
        num(r.frequency),
        num(r.monetary),
        r.r_score,
        r.f_score,
        r.m_score,
        r.rfm_score,
        r.rfm_total,
      ]),
    ).toEqual([
      ['P', 51, 2, 300, 4, 5, 5, '455', 14],
      ['Q', 171, 1, 80, 1, 3, 2, '132', 6],
      ['R', 10, 2, 100, 5, 4, 3, '543', 12],
      ['S', 135, 1, 120, 2, 2, 4, '224', 8],
      ['T', 121, 1, 40, 2, 2, 2, '222', 6],
      ['U', 112, 1, -30, 3, 1, 1, '311', 5],
      ['V', null, 0, 0, 1, 1, 1, '111', 3],
    ]);
  });

  it('tiers customers by net CLV: top 20%, middle 60%, bottom 20%', async () => {
    // Act
    const rows = await run.rows(`
      SELECT customer_id, value_tier FROM main.kpi_customer_value ORDER BY customer_id`);
    // Assess: net CLV descending: P 150, R 60, S 60, T 10, V 0, Q -10, U -60; buckets
    // 1, 1, 2, 2, 3, 4, 5. R and S tie at 60: R sorts first and stays top.
    expect(Object.fromEntries(rows.map((r) => [r.customer_id, r.value_tier]))).toEqual({
      P: 'top',
      R: 'top',
      S: 'middle',
      T: 'middle',
      V: 'middle',
      Q: 'middle',
      U: 'bottom', // refunds exceeding purchases: the lowest CLV
    });
  });

  it('gives the same scores and tiers whatever order the rows arrive in', async () => {
    // Prepare: the same exports with every file's data rows reversed.
    const reversed: ExportFiles = Object.fromEntries(
      Object.entries(fixture).map(([path, text]) => {
        const [header, ...body] = String(text).trim().split('\n');
        return [path, csv(header ?? '', ...body.reverse())];
      }),
    );
    // Act
    const again = await runFixture(reversed);
    try {
      const query = `SELECT customer_id, r_score, f_score, m_score, value_tier
        FROM main.kpi_customer_value ORDER BY customer_id`;
      // Assess
      expect(await again.rows(query)).toEqual(await run.rows(query));
    } finally {
      await again.close();
    }
  });
});
