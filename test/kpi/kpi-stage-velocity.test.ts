/**
 * kpi_stage_velocity on the core fixture (export date 2025-04-15, months
 * January to April 2025) plus a deal_stage_history small enough to check by
 * hand. Days in a stage = next entry's entered_at - this entered_at, counted
 * in the month of the next entry; each deal's last stage is not counted.
 *
 *   W1 prospecting 01-05 00:00 -> proposal 01-07 00:00 -> negotiation 01-08 12:00
 *        prospecting 2 days (Jan), proposal 1.5 (Jan), negotiation current
 *   R1 prospecting 01-22 -> proposal 02-01 -> closed_lost 02-10 -> proposal 03-01
 *        (lost, then reopened): prospecting 10 (Feb), proposal 9 (Feb),
 *        closed_lost 19 (Mar), proposal current. Its first two rows come in
 *        the 02-28 export too and count once.
 *   W2 prospecting 02-20 -> proposal 02-24 -> negotiation 03-02
 *        prospecting 4 (Feb), proposal 6 (Mar)
 *   W3 prospecting 03-01 00:00 -> proposal 03-03 12:00: prospecting 2.5 (Mar)
 *   LD prospecting 02-01 -> proposal 02-08 -> closed_lost 03-20
 *        prospecting 7 (Feb), proposal 40 (Mar)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, EXPORT_DATE, num } from './core-fixture.js';

const HEADER = 'deal_id,stage,entered_at';

const velocityFixture = {
  ...coreFixture,
  'deal_stage_history/export_date=2025-02-28/history.csv': csv(
    HEADER,
    'R1,prospecting,2025-01-22T00:00:00Z',
    'R1,proposal,2025-02-01T00:00:00Z',
  ),
  [`deal_stage_history/export_date=${EXPORT_DATE}/history.csv`]: csv(
    HEADER,
    'W1,prospecting,2025-01-05T00:00:00Z',
    'W1,proposal,2025-01-07T00:00:00Z',
    'W1,negotiation,2025-01-08T12:00:00Z',
    'R1,prospecting,2025-01-22T00:00:00Z',
    'R1,proposal,2025-02-01T00:00:00Z',
    'R1,closed_lost,2025-02-10T00:00:00Z',
    'R1,proposal,2025-03-01T00:00:00Z',
    'W2,prospecting,2025-02-20T00:00:00Z',
    'W2,proposal,2025-02-24T00:00:00Z',
    'W2,negotiation,2025-03-02T00:00:00Z',
    'W3,prospecting,2025-03-01T00:00:00Z',
    'W3,proposal,2025-03-03T12:00:00Z',
    'LD,prospecting,2025-02-01T00:00:00Z',
    'LD,proposal,2025-02-08T00:00:00Z',
    'LD,closed_lost,2025-03-20T00:00:00Z',
  ),
};

const TABLE = 'main.kpi_stage_velocity';

describe('Model: kpi_stage_velocity', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    // Prepare / Act
    run = await runFixture(velocityFixture);
  });
  afterAll(() => run.close());

  it('measures days per stage in the month the deal left it, with exact medians', async () => {
    // Assess
    const rows = await run.rows(`
      SELECT month, stage, is_complete, stage_exits, days_in_stage_total,
             days_in_stage_mean, days_in_stage_median
      FROM ${TABLE} ORDER BY month, stage`);
    expect(
      rows.map((r) => [
        r.month,
        r.stage,
        r.is_complete,
        num(r.stage_exits),
        r.days_in_stage_total,
        r.days_in_stage_mean,
        r.days_in_stage_median,
      ]),
    ).toEqual([
      // Jan: 2 and 1.5 days (even count: (1.5 + 2) / 2).
      ['2025-01-01', 'all', true, 2, 3.5, 1.75, 1.75],
      ['2025-01-01', 'closed_lost', true, 0, 0, null, null],
      ['2025-01-01', 'negotiation', true, 0, 0, null, null],
      ['2025-01-01', 'proposal', true, 1, 1.5, 1.5, 1.5],
      ['2025-01-01', 'prospecting', true, 1, 2, 2, 2],
      // Feb: prospecting 10, 4, 7 (odd: 7); proposal 9; all 4, 7, 9, 10 (even: 8).
      ['2025-02-01', 'all', true, 4, 30, 7.5, 8],
      ['2025-02-01', 'closed_lost', true, 0, 0, null, null],
      ['2025-02-01', 'negotiation', true, 0, 0, null, null],
      ['2025-02-01', 'proposal', true, 1, 9, 9, 9],
      ['2025-02-01', 'prospecting', true, 3, 21, 7, 7],
      // Mar: closed_lost 19 (R1 reopened), proposal 6 and 40, prospecting 2.5;
      // all 2.5, 6, 19, 40 (even: (6 + 19) / 2).
      ['2025-03-01', 'all', true, 4, 67.5, 16.875, 12.5],
      ['2025-03-01', 'closed_lost', true, 1, 19, 19, 19],
      ['2025-03-01', 'negotiation', true, 0, 0, null, null],
      ['2025-03-01', 'proposal', true, 2, 46, 23, 23],
      ['2025-03-01', 'prospecting', true, 1, 2.5, 2.5, 2.5],
      // Apr: no deal changed stage; every deal's current stage is not counted.
      ['2025-04-01', 'all', false, 0, 0, null, null],
      ['2025-04-01', 'closed_lost', false, 0, 0, null, null],
      ['2025-04-01', 'negotiation', false, 0, 0, null, null],
      ['2025-04-01', 'proposal', false, 0, 0, null, null],
      ['2025-04-01', 'prospecting', false, 0, 0, null, null],
    ]);
  });

  it('counts a history row exported twice once', async () => {
    // Assess: R1 prospecting and proposal arrive in both exports.
    const rows = await run.rows(
      `SELECT count(*) AS n FROM build.stg_deal_stage_history WHERE deal_id = 'R1'`,
    );
    expect(num(rows[0]?.n)).toBe(4);
  });
});

describe('Model: kpi_stage_velocity, without a stage history', () => {
  it('publishes an empty table when only customers and orders are exported', async () => {
    // Prepare
    const run = await runFixture(coreFixture);
    try {
      // Act
      const rows = await run.rows(`SELECT count(*) AS n FROM ${TABLE}`);
      // Assess
      expect(num(rows[0]?.n)).toBe(0);
      expect(run.summary.published.find((t) => t.name === 'kpi_stage_velocity')).toMatchObject({
        rows: 0,
      });
    } finally {
      await run.close();
    }
  });
});
