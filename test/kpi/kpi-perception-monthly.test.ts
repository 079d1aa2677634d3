import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { ExportFiles, FixtureRun } from '../helpers/run-fixture.js';
import { num } from './core-fixture.js';

/**
 * Export date 2025-03-15: months January, February (no answers) and March.
 * customers: P smb, Q consumer (both acquired in January).
 * survey_responses (customer, type, score, day, touchpoint):
 *   R1  P  nps  10  01-06 support       R7  P  csat 3  01-12 support
 *   R2  P  nps   9  01-07 support       R8  P  csat 5  01-13 support
 *   R3  Q  nps   7  01-08 support       R9  Q  ces  2  01-14 (empty -> unknown)
 *   R4  Q  nps   3  01-09 onboarding    R10 Q  ces  5  01-15 (empty -> unknown)
 *   R5  -  nps   0  01-10 onboarding    R11 P  ces  3  01-16 support
 *   R6  Z  csat  4  01-11 support       R12 Q  nps  5  03-02 onboarding
 *                                       R13 Q  nps  6  03-03 onboarding
 * R5 is anonymous and Z is no customer: both count as segment 'unassigned'.
 * R7 was first exported on 2025-02-01 with score 1; the later export wins.
 */
const EXPORT_DATE = '2025-03-15';
const at = (entity: string, file: string, date = EXPORT_DATE): string =>
  `${entity}/export_date=${date}/${file}`;

const base: ExportFiles = {
  [at('customers', 'customers.csv')]: csv(
    'customer_id,acquired_at,segment',
    'P,2025-01-05T09:00:00Z,smb',
    'Q,2025-01-10T09:00:00Z,consumer',
  ),
  [at('orders', 'orders.csv')]: csv(
    'order_id,customer_id,ordered_at,amount',
    'P1,P,2025-01-05T10:00:00Z,10.00',
    'Q1,Q,2025-01-10T10:00:00Z,10.00',
  ),
};

const fixture: ExportFiles = {
  ...base,
  [at('survey_responses', 'early.csv', '2025-02-01')]: csv(
    'response_id,customer_id,survey_type,score,responded_at,touchpoint',
    'R7,P,csat,1,2025-01-12T10:00:00Z,support',
  ),
  [at('survey_responses', 'responses.csv')]: csv(
    'response_id,customer_id,survey_type,score,responded_at,touchpoint',
    'R1,P,nps,10,2025-01-06T10:00:00Z,support',
    'R2,P,nps,9,2025-01-07T10:00:00Z,support',
    'R3,Q,nps,7,2025-01-08T10:00:00Z,support',
    'R4,Q,nps,3,2025-01-09T10:00:00Z,onboarding',
    'R5,,nps,0,2025-01-10T10:00:00Z,onboarding',
    'R6,Z,csat,4,2025-01-11T10:00:00Z,support',
    'R7,P,csat,3,2025-01-12T10:00:00Z,support',
    'R8,P,csat,5,2025-01-13T10:00:00Z,support',
    'R9,Q,ces,2,2025-01-14T10:00:00Z,',
    'R10,Q,ces,5,2025-01-15T10:00:00Z,',
    'R11,P,ces,3,2025-01-16T10:00:00Z,support',
    'R12,Q,nps,5,2025-03-02T10:00:00Z,onboarding',
    'R13,Q,nps,6,2025-03-03T10:00:00Z,onboarding',
  ),
};

const COLUMNS = `
  SELECT month, touchpoint, segment, nps_responses, promoters, passives,
         detractors, nps, csat_responses, csat_satisfied, csat, csat_score_sum,
         csat_mean, ces_responses, ces_score_sum, ces_mean, ces_easy,
         ces_easy_share, is_complete
  FROM main.kpi_perception_monthly`;

type Row = Record<string, unknown>;

const npsOf = (r: Row): unknown[] => [
  num(r.nps_responses),
  num(r.promoters),
  num(r.passives),
  num(r.detractors),
  r.nps,
];
const csatOf = (r: Row): unknown[] => [
  num(r.csat_responses),
  num(r.csat_satisfied),
  r.csat,
  num(r.csat_score_sum),
  r.csat_mean,
];
const cesOf = (r: Row): unknown[] => [
  num(r.ces_responses),
  num(r.ces_score_sum),
  r.ces_mean,
  num(r.ces_easy),
  r.ces_easy_share,
];

describe('Model: kpi_perception_monthly', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(fixture);
  });
  afterAll(() => run.close());

  async function row(month: string, touchpoint: string, segment: string): Promise<Row> {
    const rows = await run.rows(
      `${COLUMNS} WHERE month = DATE '${month}' AND touchpoint = '${touchpoint}'
       AND segment = '${segment}'`,
    );
    expect(rows).toHaveLength(1);
    return rows[0] as Row;
  }

  it('has every month for every touchpoint x segment pair seen, with the four roll-ups', async () => {
    // Act
    const rows = await run.rows(
      `SELECT DISTINCT touchpoint, segment FROM main.kpi_perception_monthly
       ORDER BY touchpoint, segment`,
    );
    const months = await run.rows(
      `SELECT month, count(*) AS n, bool_and(is_complete) AS complete
       FROM main.kpi_perception_monthly GROUP BY month ORDER BY month`,
    );
    // Assess: 6 pairs answered + 3 segment totals + 3 touchpoint totals + all/all.
    expect(rows.map((r) => `${String(r.touchpoint)}/${String(r.segment)}`)).toEqual([
      'all/all',
      'all/consumer',
      'all/smb',
      'all/unassigned',
      'onboarding/all',
      'onboarding/consumer',
      'onboarding/unassigned',
      'support/all',
      'support/consumer',
      'support/smb',
      'support/unassigned',
      'unknown/all',
      'unknown/consumer',
    ]);
    expect(months.map((m) => [m.month, num(m.n), m.complete])).toEqual([
      ['2025-01-01', 13, true],
      ['2025-02-01', 13, true],
      ['2025-03-01', 13, false],
    ]);
  });

  it('computes NPS from promoters, passives and detractors', async () => {
    // Act
    const all = await row('2025-01-01', 'all', 'all');
    const supportSmb = await row('2025-01-01', 'support', 'smb');
    const allConsumer = await row('2025-01-01', 'all', 'consumer');
    // Assess
    // all/all January: R1 10, R2 9 promoters; R3 7 passive; R4 3, R5 0 detractors
    //   -> 100 x (2 - 2) / 5 = 0
    expect(npsOf(all)).toEqual([5, 2, 1, 2, 0]);
    // support/smb: R1, R2 -> 100 x 2 / 2 = 100
    expect(npsOf(supportSmb)).toEqual([2, 2, 0, 0, 100]);
    // all/consumer: R3 passive, R4 detractor -> 100 x (0 - 1) / 2 = -50
    expect(npsOf(allConsumer)).toEqual([2, 0, 1, 1, -50]);
  });

  it('gives NPS -100 when every answer is a detractor and there are no passives', async () => {
    // Act
    const januaryOnboarding = await row('2025-01-01', 'onboarding', 'all');
    const marchConsumer = await row('2025-03-01', 'onboarding', 'consumer');
    const marchAll = await row('2025-03-01', 'all', 'all');
    // Assess: R4 3 and R5 0 in January; R12 5 and R13 6 (6 is still a detractor) in March.
    expect(npsOf(januaryOnboarding)).toEqual([2, 0, 0, 2, -100]);
    expect(npsOf(marchConsumer)).toEqual([2, 0, 0, 2, -100]);
    expect(npsOf(marchAll)).toEqual([2, 0, 0, 2, -100]);
  });

  it('counts a CSAT score exactly on csat_satisfied_min (4) as satisfied', async () => {
    // Act
    const supportUnassigned = await row('2025-01-01', 'support', 'unassigned');
    const supportSmb = await row('2025-01-01', 'support', 'smb');
    const all = await row('2025-01-01', 'all', 'all');
    // Assess
    // R6 (Z, no such customer -> unassigned) scored exactly 4: satisfied.
    expect(csatOf(supportUnassigned)).toEqual([1, 1, 1, 4, 4]);
    // R7 3 (the later export, not the first export's 1), R8 5 -> 1 of 2; mean (3 + 5) / 2
    expect(csatOf(supportSmb)).toEqual([2, 1, 0.5, 8, 4]);
    // R6 4, R7 3, R8 5 -> 2 of 3 satisfied; mean 12 / 3 = 4
    expect(csatOf(all)).toEqual([3, 2, 2 / 3, 12, 4]);
  });

  it('follows csat_satisfied_min from the config', async () => {
    // Prepare: threshold 5 leaves only R8 satisfied.
    const run5 = await runFixture(fixture, { config: { csatSatisfiedMin: 5 } });
    try {
      // Act
      const rows = await run5.rows(
        `${COLUMNS} WHERE month = DATE '2025-01-01' AND touchpoint = 'all' AND segment = 'all'`,
      );
      // Assess
      expect(csatOf(rows[0] as Row)).toEqual([3, 1, 1 / 3, 12, 4]);
    } finally {
      await run5.close();
    }
  });

  it('computes the CES mean and the share of easy (1-3) answers', async () => {
    // Act
    const unknownConsumer = await row('2025-01-01', 'unknown', 'consumer');
    const supportSmb = await row('2025-01-01', 'support', 'smb');
    const all = await row('2025-01-01', 'all', 'all');
    // Assess
    // R9 2 (easy), R10 5 -> mean 7 / 2 = 3.5, 1 of 2 easy (empty touchpoint -> unknown)
    expect(cesOf(unknownConsumer)).toEqual([2, 7, 3.5, 1, 0.5]);
    // R11 3: the top of the easy band
    expect(cesOf(supportSmb)).toEqual([1, 3, 3, 1, 1]);
    // R9 2, R10 5, R11 3 -> mean 10 / 3, 2 of 3 easy
    expect(cesOf(all)).toEqual([3, 10, 10 / 3, 2, 2 / 3]);
  });

  it('gives zero counts and NULL ratios in a month without answers', async () => {
    // Act
    const rows = await run.rows(`${COLUMNS} WHERE month = DATE '2025-02-01'`);
    // Assess: all 13 February rows are empty.
    expect(rows).toHaveLength(13);
    for (const r of rows) {
      expect(npsOf(r)).toEqual([0, 0, 0, 0, null]);
      expect(csatOf(r)).toEqual([0, 0, null, 0, null]);
      expect(cesOf(r)).toEqual([0, 0, null, 0, null]);
    }
    // and a pair with answers only in other months is NULL there too
    expect(npsOf(await row('2025-03-01', 'support', 'smb'))).toEqual([0, 0, 0, 0, null]);
  });

  it('publishes an empty table when no survey was exported', async () => {
    // Prepare: only customers and orders.
    const bare = await runFixture(base);
    try {
      // Act
      const rows = await bare.rows('SELECT count(*) AS n FROM main.kpi_perception_monthly');
      // Assess
      expect(num(rows[0]?.n)).toBe(0);
      expect(bare.summary.published).toContainEqual({ name: 'kpi_perception_monthly', rows: 0 });
    } finally {
      await bare.close();
    }
  });
});
