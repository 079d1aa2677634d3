import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { ExportFiles, FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, num } from './core-fixture.js';

/**
 * Export date 2025-06-30; no costs are missing, no CAC is shared unevenly.
 *
 * customer  acquired    channel   segment     order (cost)   CAC   net CLV
 *   A1      2025-01-05  search    smb         300 (100)       50   150
 *   A2      2025-01-06  search    smb         100 (50)        50     0
 *   B1      2025-02-01  email     consumer    200 (50)         0   150
 *   E1      2025-03-01  referral  enterprise   50 (20)        60   -30
 *   F1      2025-04-01  organic   partner     none             0     0
 * acquisition spend: search 2025-01 100 (2 customers -> 50 each), referral
 * 2025-03 60 (1 customer), tv 2025-04 40 (acquires nobody: no segment's).
 * retention spend: smb 30, consumer 10, vip 5 (a segment without customers),
 * untargeted 20, and smb 1000 dated after the export date (not counted).
 *
 * spend per segment: smb 100 + 30 = 130, consumer 0 + 10 = 10,
 * enterprise 60 + 0 = 60, vip 0 + 5 = 5, partner 0; total 205.
 * net CLV: smb 150, consumer 150, enterprise -30, vip 0, partner 0; total 270.
 */
const EXPORT_DATE = '2025-06-30';
const at = (entity: string, file: string): string =>
  `${entity}/export_date=${EXPORT_DATE}/${file}`;

const fixture: ExportFiles = {
  [at('customers', 'customers.csv')]: csv(
    'customer_id,acquired_at,acquisition_channel,segment',
    'A1,2025-01-05T09:00:00Z,search,smb',
    'A2,2025-01-06T09:00:00Z,search,smb',
    'B1,2025-02-01T09:00:00Z,email,consumer',
    'E1,2025-03-01T09:00:00Z,referral,enterprise',
    'F1,2025-04-01T09:00:00Z,organic,partner',
  ),
  [at('orders', 'orders.csv')]: csv(
    'order_id,customer_id,ordered_at,amount,cost,status',
    'O1,A1,2025-01-05T10:00:00Z,300.00,100.00,completed',
    'O2,A2,2025-01-06T10:00:00Z,100.00,50.00,completed',
    'O3,B1,2025-02-01T10:00:00Z,200.00,50.00,completed',
    'O4,E1,2025-03-01T10:00:00Z,50.00,20.00,completed',
  ),
  [at('marketing_spend', 'spend.csv')]: csv(
    'spent_on,channel,purpose,segment,amount',
    '2025-01-03,search,acquisition,,100.00',
    '2025-03-02,referral,acquisition,,60.00',
    '2025-04-02,tv,acquisition,,40.00',
    '2025-04-10,email,retention,smb,30.00',
    '2025-05-10,email,retention,consumer,10.00',
    '2025-05-11,email,retention,vip,5.00',
    '2025-05-12,email,retention,,20.00',
    '2025-07-15,email,retention,smb,1000.00',
  ),
};

const QUERY = `
  SELECT segment, customers, acquisition_spend, retention_spend,
         untargeted_retention_spend, spend, total_spend, spend_share,
         net_clv, total_net_clv, clv_share, funding_ratio, funding_status
  FROM main.kpi_clv_budget ORDER BY segment`;

describe('Model: kpi_clv_budget', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(fixture);
  });
  afterAll(() => run.close());

  it('attributes acquisition cost shares and targeted retention spend to segments', async () => {
    // Act
    const rows = await run.rows(QUERY);
    // Assess: [segment, customers, acquisition, retention, untargeted, spend, total]
    expect(
      rows.map((r) => [
        r.segment,
        num(r.customers),
        num(r.acquisition_spend),
        num(r.retention_spend),
        num(r.untargeted_retention_spend),
        num(r.spend),
        num(r.total_spend),
      ]),
    ).toEqual([
      ['all', 5, 160, 45, 20, 205, 205], // tv's 40 and the untargeted 20 are in no segment
      ['consumer', 1, 0, 10, 0, 10, 205],
      ['enterprise', 1, 60, 0, 0, 60, 205],
      ['partner', 1, 0, 0, 0, 0, 205],
      ['smb', 2, 100, 30, 0, 130, 205], // the 1000 after the export date is left out
      ['vip', 0, 0, 5, 0, 5, 205], // retention aimed at a segment nobody is in
    ]);
  });

  it('compares spend share with CLV share and flags over- and under-funding', async () => {
    // Act
    const rows = await run.rows(QUERY);
    const by = Object.fromEntries(rows.map((r) => [r.segment as string, r]));
    // Assess: shares of 205 spend and 270 net CLV.
    const expected: Record<string, [number, number | null, number | null, string | null]> = {
      all: [1, 1, 1, 'balanced'],
      // (130 / 205) / (150 / 270) = 1.1415: more budget than value returned
      smb: [130 / 205, 150 / 270, 130 / 205 / (150 / 270), 'over-funded'],
      // (10 / 205) / (150 / 270) = 0.0878
      consumer: [10 / 205, 150 / 270, 10 / 205 / (150 / 270), 'under-funded'],
      // a negative CLV under a positive total: negative share, ratio NULL, any spend is too much
      enterprise: [60 / 205, -30 / 270, null, 'over-funded'],
      vip: [5 / 205, 0, null, 'over-funded'],
      // no value, no spend: nothing to say
      partner: [0, 0, null, null],
    };
    for (const [segment, [spendShare, clvShare, ratio, status]] of Object.entries(expected)) {
      const row = by[segment];
      expect(row, segment).toBeDefined();
      expect(row?.spend_share as number, segment).toBeCloseTo(spendShare, 12);
      expect(num(row?.net_clv), segment).toBe(
        { all: 270, smb: 150, consumer: 150, enterprise: -30, vip: 0, partner: 0 }[segment],
      );
      expect(num(row?.total_net_clv), segment).toBe(270);
      if (clvShare === null) expect(row?.clv_share, segment).toBeNull();
      else expect(row?.clv_share as number, segment).toBeCloseTo(clvShare, 12);
      if (ratio === null) expect(row?.funding_ratio, segment).toBeNull();
      else expect(row?.funding_ratio as number, segment).toBeCloseTo(ratio, 12);
      expect(row?.funding_status, segment).toBe(status);
    }
  });

  it('gives NULL CLV shares when the total net CLV is not positive', async () => {
    // Prepare: the core fixture's customers are worth -150 + 40 + 30 + 0 = -80 in total.
    const core = await runFixture(coreFixture);
    try {
      // Act
      const rows = await core.rows(QUERY);
      // Assess: spend shares still exist (209 attributed: smb 200 CAC + 9 retention).
      expect(
        rows.map((r) => [
          r.segment,
          num(r.spend),
          r.spend_share,
          num(r.net_clv),
          num(r.total_net_clv),
          r.clv_share,
          r.funding_ratio,
          r.funding_status,
        ]),
      ).toEqual([
        ['all', 209, 1, -80, -80, null, null, null],
        ['consumer', 0, 0, 40, -80, null, null, null],
        ['smb', 209, 1, -150, -80, null, null, null],
        ['unassigned', 0, 0, 30, -80, null, null, null],
      ]);
    } finally {
      await core.close();
    }
  });

  it('publishes an all row of zeros when there is no spend and no value', async () => {
    // Prepare: one customer who never ordered and no marketing spend at all.
    const empty = await runFixture({
      [at('customers', 'c.csv')]: csv('customer_id,acquired_at', 'Z,2025-06-01T00:00:00Z'),
      [at('orders', 'o.csv')]: csv('order_id,customer_id,ordered_at,amount'),
    });
    try {
      // Act
      const rows = await empty.rows(QUERY);
      // Assess: zero denominators give NULL shares, never an error.
      expect(
        rows.map((r) => [r.segment, num(r.customers), num(r.spend), r.spend_share, r.clv_share, r.funding_status]),
      ).toEqual([
        ['all', 1, 0, null, null, null],
        ['unassigned', 1, 0, null, null, null],
      ]);
    } finally {
      await empty.close();
    }
  });
});
