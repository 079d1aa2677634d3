import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { coreFixture, EXPORT_DATE, num } from './core-fixture.js';

/**
 * The core fixture (export date 2025-04-15) with a 30-day churn window, as in
 * the reconciliation test. Customers active on some day of the month (active
 * the day before, acquired, or reactivated):
 *   Jan {A, B}   Feb {A, B, C}   Mar {A, C, D}   Apr {A, B}
 * (D was acquired on 03-01 and never ordered: acquired customers count.)
 * engagement_events:
 *   A 01-15 email_open, A 01-16 email_click (exported twice: counts once),
 *   Z 01-20 web_visit (no such customer), C 01-25 login (C acquired in Feb),
 *   B 02-10 loyalty, C 02-11 login, D 03-20 web_visit, A 03-21 login.
 * crm_user_activity (user, day, logins, records_updated):
 *   u1 01-02 3 10   u1 01-03 2 (empty)   u2 01-05 0 4   u3 01-07 (empty) 1
 *   u2 02-01 1 ->  restated as 4 by the later export
 *   u1 04-01 0 0   (no rows in March)
 */
const at = (entity: string, file: string, date = EXPORT_DATE): string =>
  `${entity}/export_date=${date}/${file}`;

const fixture = {
  ...coreFixture,
  [at('engagement_events', 'events.csv')]: csv(
    'customer_id,occurred_at,event_type',
    'A,2025-01-15T10:00:00Z,email_open',
    'A,2025-01-16T10:00:00Z,email_click',
    'Z,2025-01-20T10:00:00Z,web_visit',
    'C,2025-01-25T10:00:00Z,login',
    'B,2025-02-10T10:00:00Z,loyalty',
    'C,2025-02-11T10:00:00Z,login',
    'D,2025-03-20T10:00:00Z,web_visit',
    'A,2025-03-21T10:00:00Z,login',
  ),
  [at('engagement_events', 'events-again.csv')]: csv(
    'customer_id,occurred_at,event_type',
    'A,2025-01-16T10:00:00Z,email_click',
  ),
  [at('crm_user_activity', 'early.csv', '2025-02-02')]: csv(
    'user_id,activity_date,logins,records_updated',
    'u2,2025-02-01,1,0',
  ),
  [at('crm_user_activity', 'activity.csv')]: csv(
    'user_id,activity_date,logins,records_updated',
    'u1,2025-01-02,3,10',
    'u1,2025-01-03,2,',
    'u2,2025-01-05,0,4',
    'u3,2025-01-07,,1',
    'u2,2025-02-01,4,0',
    'u1,2025-04-01,0,0',
  ),
};

type Row = Record<string, unknown>;

/** [active, engaged, rate, customers with events, events] */
const engagementOf = (r: Row): unknown[] => [
  num(r.active_customers),
  num(r.engaged_customers),
  r.engagement_rate,
  num(r.customers_with_events),
  num(r.engagement_events),
];
/** [seen, active users, adoption, logins, logins per active user, records] */
const adoptionOf = (r: Row): unknown[] => [
  num(r.users_seen),
  num(r.active_users),
  r.adoption_rate,
  num(r.logins),
  r.logins_per_active_user,
  num(r.records_updated),
];

describe('Model: kpi_engagement_monthly', () => {
  let run: FixtureRun;
  let rows: Row[];
  beforeAll(async () => {
    run = await runFixture(fixture, { config: { churnWindowDays: 30 } });
    rows = await run.rows('SELECT * FROM main.kpi_engagement_monthly ORDER BY month');
  });
  afterAll(() => run.close());

  it('has one row per month', () => {
    expect(rows.map((r) => [r.month, r.period_end, r.is_complete])).toEqual([
      ['2025-01-01', '2025-01-31', true],
      ['2025-02-01', '2025-02-28', true],
      ['2025-03-01', '2025-03-31', true],
      ['2025-04-01', '2025-04-15', false],
    ]);
  });

  it('divides active customers with an event by active customers', () => {
    expect(rows.map(engagementOf)).toEqual([
      // Jan: A engaged of {A, B}; Z (unknown) and C (not yet acquired) are not active
      [2, 1, 0.5, 3, 4],
      // Feb: B and C engaged of {A, B, C}
      [3, 2, 2 / 3, 2, 2],
      // Mar: D and A engaged of {A, C, D}
      [3, 2, 2 / 3, 2, 2],
      // Apr: no events -> 0 engaged, rate 0 (events were exported)
      [2, 0, 0, 0, 0],
    ]);
  });

  it('matches the reconciliation sheet zero_churn_base for active customers', async () => {
    const sheet = await run.rows(`
      SELECT period_start AS month, zero_churn_base FROM main.kpi_customer_reconciliation
      WHERE period_type = 'month' AND segment = 'all' ORDER BY period_start`);
    expect(sheet.map((r) => num(r.zero_churn_base))).toEqual(
      rows.map((r) => num(r.active_customers)),
    );
  });

  it('measures CRM user adoption and logins per active user', () => {
    expect(rows.map(adoptionOf)).toEqual([
      // Jan: u1 (3 + 2 logins), u2 (0), u3 (empty = 0) seen; only u1 active
      //   adoption 1 / 3, 5 logins / 1 active user, records 10 + 0 + 4 + 1
      [3, 1, 1 / 3, 5, 5, 15],
      // Feb: u2 with 4 logins (the later export restates the day)
      [1, 1, 1, 4, 4, 0],
      // Mar: nobody seen -> NULL ratios
      [0, 0, null, 0, null, 0],
      // Apr: u1 seen without logging in
      [1, 0, 0, 0, null, 0],
    ]);
  });

  it('publishes active customers and NULL engagement and adoption when those entities are absent', async () => {
    // Prepare: only customers and orders (one customer, January to March).
    const bare = await runFixture({
      'customers/export_date=2025-03-15/customers.csv': csv(
        'customer_id,acquired_at',
        'P,2025-01-05T09:00:00Z',
      ),
      'orders/export_date=2025-03-15/orders.csv': csv(
        'order_id,customer_id,ordered_at,amount',
        'P1,P,2025-01-05T10:00:00Z,10.00',
      ),
    });
    try {
      // Act
      const bareRows = await bare.rows(
        'SELECT * FROM main.kpi_engagement_monthly ORDER BY month',
      );
      // Assess: P active in every month (180-day window); nothing else known.
      expect(bareRows.map((r) => [r.month, ...engagementOf(r), ...adoptionOf(r)])).toEqual([
        ['2025-01-01', 1, null, null, null, null, null, null, null, null, null, null],
        ['2025-02-01', 1, null, null, null, null, null, null, null, null, null, null],
        ['2025-03-01', 1, null, null, null, null, null, null, null, null, null, null],
      ]);
      expect(bare.summary.published).toContainEqual({ name: 'kpi_engagement_monthly', rows: 3 });
    } finally {
      await bare.close();
    }
  });
});
