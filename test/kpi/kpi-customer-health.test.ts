import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { ExportFiles, FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture } from './core-fixture.js';

/**
 * Five customers, export date 2025-06-30: the 12-month window holds orders
 * after 2024-06-30, the 90-day windows tickets and events after 2025-04-01.
 * churn_window_days = 180. No marketing spend (CAC 0).
 *
 *      last completed  orders/revenue 12m   latest NPS/CSAT     tickets          events 90d
 * H1   06-30 (0 d)     2 / 150              csat 2 (06-10)      1 recent, closed  3
 * H2   03-02 (120 d)   1 / 200 - 250 = -50  nps 8 (CES ignored) 1 recent open,    1 (04-02)
 *                                                               1 old open
 * H3   none            0 / 0 (a cancelled)  none                none              0 (04-01: outside)
 * H4   2024-10-01      1 / 30 (500 in 2024-05 csat 5 (02-01)    3 recent open     1
 *                          is outside)      after nps 3
 * H5   06-29 (1 d)     3 / 1200             nps 10              none              5
 */
const EXPORT_DATE = '2025-06-30';
const at = (entity: string, file: string): string =>
  `${entity}/export_date=${EXPORT_DATE}/${file}`;

const fixture: ExportFiles = {
  [at('customers', 'customers.csv')]: csv(
    'customer_id,acquired_at,acquisition_channel,segment',
    'H1,2025-01-01T00:00:00Z,organic,smb',
    'H2,2025-01-01T00:00:00Z,organic,smb',
    'H3,2025-01-01T00:00:00Z,organic,smb',
    'H4,2024-04-01T00:00:00Z,organic,smb',
    'H5,2025-01-01T00:00:00Z,organic,smb',
  ),
  [at('orders', 'orders.csv')]: csv(
    'order_id,customer_id,ordered_at,amount,cost,status',
    'H1a,H1,2025-06-30T08:00:00Z,100.00,,completed',
    'H1b,H1,2025-05-01T08:00:00Z,50.00,,completed',
    'H2a,H2,2025-03-02T08:00:00Z,200.00,,completed',
    'H2b,H2,2025-03-05T08:00:00Z,-250.00,,refunded',
    'H3x,H3,2025-06-01T08:00:00Z,70.00,,cancelled',
    'H4a,H4,2024-05-01T08:00:00Z,500.00,,completed',
    'H4b,H4,2024-10-01T08:00:00Z,30.00,,completed',
    'H5a,H5,2025-06-29T08:00:00Z,1000.00,,completed',
    'H5b,H5,2025-06-01T08:00:00Z,100.00,,completed',
    'H5c,H5,2025-05-01T08:00:00Z,100.00,,completed',
  ),
  [at('survey_responses', 'surveys.csv')]: csv(
    'response_id,customer_id,survey_type,score,responded_at,touchpoint',
    'S1,H1,nps,9,2025-06-01T10:00:00Z,support',
    'S2,H1,csat,2,2025-06-10T10:00:00Z,support',
    'S3,H2,nps,8,2025-05-01T10:00:00Z,onboarding',
    'S4,H2,ces,1,2025-06-20T10:00:00Z,support',
    'S5,H4,nps,3,2025-01-01T10:00:00Z,',
    'S6,H4,csat,5,2025-02-01T10:00:00Z,support',
    'S7,H5,nps,10,2025-06-15T10:00:00Z,',
    'S8,,nps,0,2025-06-15T10:00:00Z,',
  ),
  [at('tickets', 'tickets.csv')]: csv(
    'ticket_id,customer_id,channel,opened_at,first_response_at,resolved_at,contact_count',
    'T1,H1,email,2025-06-01T10:00:00Z,,2025-06-02T10:00:00Z,1',
    'T2,H2,chat,2025-06-15T10:00:00Z,,,',
    'T3,H2,chat,2025-01-10T10:00:00Z,,,',
    'T4,H1,email,2025-03-01T10:00:00Z,,2025-03-02T10:00:00Z,1',
    'T5,H4,phone,2025-05-01T10:00:00Z,,,',
    'T6,H4,phone,2025-05-02T10:00:00Z,,,',
    'T7,H4,phone,2025-05-03T10:00:00Z,,,',
    'T8,,phone,2025-06-01T10:00:00Z,,,',
  ),
  [at('engagement_events', 'events.csv')]: csv(
    'customer_id,occurred_at,event_type',
    'H1,2025-06-01T10:00:00Z,login',
    'H1,2025-06-02T10:00:00Z,login',
    'H1,2025-06-03T10:00:00Z,web_visit',
    'H1,2025-03-01T10:00:00Z,login',
    'H2,2025-04-02T10:00:00Z,email_open',
    'H3,2025-04-01T12:00:00Z,email_open',
    'H4,2025-05-05T10:00:00Z,loyalty',
    'H5,2025-06-01T10:00:00Z,login',
    'H5,2025-06-02T10:00:00Z,login',
    'H5,2025-06-03T10:00:00Z,login',
    'H5,2025-06-04T10:00:00Z,login',
    'H5,2025-06-05T10:00:00Z,login',
  ),
};

const SUB_SCORES = `
  SELECT customer_id, recency_score, frequency_score, monetary_score,
         sentiment_score, service_score, engagement_score, health_score
  FROM main.kpi_customer_health ORDER BY customer_id`;

type Scores = [string, number, number, number, number, number, number, number];

/** [id, recency, frequency, monetary, sentiment, service, engagement, health]. */
function scores(row: Record<string, unknown>): Scores {
  return [
    row.customer_id as string,
    row.recency_score as number,
    row.frequency_score as number,
    row.monetary_score as number,
    row.sentiment_score as number,
    row.service_score as number,
    row.engagement_score as number,
    row.health_score as number,
  ];
}

function expectScores(actual: Scores[], expected: Scores[]): void {
  expect(actual.map((r) => r[0])).toEqual(expected.map((r) => r[0]));
  actual.forEach((row, i) => {
    row.slice(1).forEach((value, k) => {
      expect(value, `${row[0]} column ${k + 1}`).toBeCloseTo(expected[i]?.[k + 1] as number, 10);
    });
  });
}

describe('Model: kpi_customer_health', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(fixture);
  });
  afterAll(() => run.close());

  it('publishes the raw signals behind the sub-scores', async () => {
    // Act
    const rows = await run.rows(`
      SELECT customer_id, days_since_last_order, orders_12m, revenue_12m,
             latest_survey_type, latest_survey_score, open_tickets, tickets_90d,
             engagement_events_90d
      FROM main.kpi_customer_health ORDER BY customer_id`);
    // Assess
    expect(rows.map((r) => Object.values(r).map((v) => (typeof v === 'string' && /^-?\d/.test(v) ? Number(v) : v)))).toEqual([
      ['H1', 0, 2, 150, 'csat', 2, 0, 1, 3],
      ['H2', 120, 1, -50, 'nps', 8, 2, 1, 1],
      ['H3', null, 0, 0, null, null, 0, 0, 0],
      ['H4', 272, 1, 30, 'csat', 5, 3, 3, 1],
      ['H5', 1, 3, 1200, 'nps', 10, 0, 0, 5],
    ]);
  });

  it('scores each customer by hand with the default weights', async () => {
    // Act
    const rows = (await run.rows(SUB_SCORES)).map(scores);
    // Assess: weights recency .25, frequency .15, monetary .15, sentiment .2,
    // service .1, engagement .15.
    // frequency / monetary / engagement = cume_dist over the 5 customers, 0 for
    // none (or revenue <= 0): orders 2,1,0,1,3 -> .8,.6,0,.6,1; revenue
    // 150,-50,0,30,1200 -> .8,0,0,.6,1; events 3,1,0,1,5 -> .8,.6,0,.6,1.
    // service = 1 - (open + recent) / 5: H1 1 - 1/5, H2 1 - 3/5, H4 6 -> 0.
    expectScores(rows, [
      // .25 + .15 x .8 + .15 x .8 + .2 x .25 + .1 x .8 + .15 x .8 = .74
      ['H1', 1, 0.8, 0.8, 0.25, 0.8, 0.8, 74],
      // .25/3 + .09 + 0 + .16 + .04 + .09 = .463333 (refunds exceed purchases: monetary 0)
      ['H2', 1 - 120 / 180, 0.6, 0, 0.8, 0.4, 0.6, 46.33],
      // no orders, no survey (neutral .5), no tickets: .2 x .5 + .1 x 1 = .2
      ['H3', 0, 0, 0, 0.5, 1, 0, 20],
      // 272 days > 180: recency 0; .09 + .09 + .2 + 0 + .09 = .47
      ['H4', 0, 0.6, 0.6, 1, 0, 0.6, 47],
      // .25 x (1 - 1/180) + .15 + .15 + .2 + .1 + .15 = .998611
      ['H5', 1 - 1 / 180, 1, 1, 1, 1, 1, 99.86],
    ]);
  });

  it('uses the weights from config', async () => {
    // Prepare: only recency and sentiment count, half each.
    const weighted = await runFixture(fixture, {
      config: {
        healthWeights: {
          recency: 0.5,
          frequency: 0,
          monetary: 0,
          sentiment: 0.5,
          service: 0,
          engagement: 0,
        },
      },
    });
    try {
      // Act
      const rows = await weighted.rows(
        'SELECT customer_id, health_score FROM main.kpi_customer_health ORDER BY customer_id',
      );
      // Assess: 100 x (.5 x recency + .5 x sentiment)
      expect(rows.map((r) => [r.customer_id, r.health_score])).toEqual([
        ['H1', 62.5], // .5 + .125
        ['H2', 56.67], // .166667 + .4
        ['H3', 25], // 0 + .25 (neutral sentiment)
        ['H4', 50], // 0 + .5
        ['H5', 99.72], // .497222 + .5
      ]);
    } finally {
      await weighted.close();
    }
  });

  it('leaves out the sub-scores whose input was not exported, and reweighs the rest', async () => {
    // Prepare: no tickets and no engagement events at all.
    const partial = await runFixture(
      Object.fromEntries(
        Object.entries(fixture).filter(([path]) => !/^(tickets|engagement_events)\//.test(path)),
      ),
    );
    try {
      // Act
      const rows = (await partial.rows(SUB_SCORES)).map(scores);
      // Assess: service and engagement unknown (NULL, not 1 and 0); the known
      // weights are .25 + .15 + .15 + .2 = .75:
      //   H1 (.25 + .12 + .12 + .05) / .75 = .72       H2 (.083333 + .09 + .16) / .75 = .444444
      //   H3 (.2 x .5) / .75 = .133333                  H4 (.09 + .09 + .2) / .75 = .506667
      //   H5 (.248611 + .15 + .15 + .2) / .75 = .998148
      expect(rows.map((r) => [r[0], r[5], r[6], r[7]])).toEqual([
        ['H1', null, null, 72],
        ['H2', null, null, 44.44],
        ['H3', null, null, 13.33],
        ['H4', null, null, 50.67],
        ['H5', null, null, 99.81],
      ]);
    } finally {
      await partial.close();
    }
  });

  it('rejects weights that do not sum to 1 before running', async () => {
    // Act / Assess: recency .5 plus the other defaults (.75) sums to 1.25.
    await expect(
      runFixture(fixture, { config: { healthWeights: { recency: 0.5 } } }),
    ).rejects.toThrow(/healthWeights: health score weights must sum to 1/);
  });

  it('scores on orders alone when no survey, ticket or engagement was exported', async () => {
    // Prepare: the core fixture has no surveys, tickets or engagement events.
    const core = await runFixture(coreFixture);
    try {
      // Act
      const rows = await core.rows(
        'SELECT customer_id, recency_score, frequency_score, monetary_score, sentiment_score, ' +
          'service_score, engagement_score, health_score FROM main.kpi_customer_health ORDER BY customer_id',
      );
      // Assess: the three optional sub-scores are unknown for every acquired
      // customer (A, B, C, D), and the score is the mean of recency,
      // frequency and monetary weighted .25, .15 and .15 (sum .55).
      expect(rows.map((r) => [r.customer_id, r.sentiment_score, r.service_score, r.engagement_score]))
        .toEqual([['A', null, null, null], ['B', null, null, null], ['C', null, null, null], ['D', null, null, null]]);
      for (const r of rows) {
        const known = (0.25 * Number(r.recency_score) + 0.15 * Number(r.frequency_score)
          + 0.15 * Number(r.monetary_score)) / 0.55;
        expect(r.health_score, String(r.customer_id)).toBeCloseTo(100 * known, 2);
      }
    } finally {
      await core.close();
    }
  });
});

describe('Model: kpi_customer_scorecard', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(fixture);
  });
  afterAll(() => run.close());

  it('grades value tier against relationship strength', async () => {
    // Act
    const rows = await run.rows(`
      SELECT customer_id, net_clv, value_tier, health_score, relationship_band,
             grade_points, grade
      FROM main.kpi_customer_scorecard ORDER BY customer_id`);
    // Assess: net CLV (no CAC) H5 1200 > H4 530 > H1 150 > H3 0 > H2 -50 gives
    // one customer per quintile: top, middle x 3, bottom. Bands: >= 70 strong,
    // >= 40 moderate. Points: tier (2/1/0) + band (2/1/0); 4 A, 3 B, 2 C, else D.
    expect(
      rows.map((r) => [
        r.customer_id,
        Number(r.net_clv),
        r.value_tier,
        r.health_score,
        r.relationship_band,
        r.grade_points,
        r.grade,
      ]),
    ).toEqual([
      ['H1', 150, 'middle', 74, 'strong', 3, 'B'],
      ['H2', -50, 'bottom', 46.33, 'moderate', 1, 'D'],
      ['H3', 0, 'middle', 20, 'weak', 1, 'D'],
      ['H4', 530, 'middle', 47, 'moderate', 2, 'C'],
      ['H5', 1200, 'top', 99.86, 'strong', 4, 'A'],
    ]);
  });
});
