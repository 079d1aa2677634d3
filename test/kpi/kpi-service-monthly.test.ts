import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../helpers/run-fixture.js';
import type { ExportFiles, FixtureRun } from '../helpers/run-fixture.js';
import { num } from './core-fixture.js';

/**
 * Export date 2025-03-15: months January, February and March (partial).
 * tickets (channel, opened, first response -> hours, resolved, contacts):
 *   T1 email  01-05 08:00  01-05 10:00 ->  2    01-06  1
 *   T2 email  01-10 08:00  01-10 12:00 ->  4    01-12  3
 *   T3 chat   01-12 09:00  01-12 09:30 ->  0.5  02-02  1   (resolved in February)
 *   T4 chat   01-20 09:00  none                 open   -
 *   T5 (none) 01-25 00:00  01-26 06:00 -> 30    01-26  (empty contact_count)
 *   T6 email  02-03 10:00  02-03 11:00 ->  1    02-03  1
 *   T7 email  02-04 10:00  02-04 13:00 ->  3    open   -
 *   T8 chat   02-05 10:00  02-05 16:00 ->  6    03-01  2
 * T2 was first exported on 2025-01-11 without a first response; the later
 * export wins. T5 has no channel: 'unknown'.
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

const HEADER =
  'ticket_id,customer_id,channel,opened_at,first_response_at,resolved_at,contact_count';

const fixture: ExportFiles = {
  ...base,
  [at('tickets', 'early.csv', '2025-01-11')]: csv(
    HEADER,
    'T2,Q,email,2025-01-10T08:00:00Z,,,',
  ),
  [at('tickets', 'tickets.csv')]: csv(
    HEADER,
    'T1,P,email,2025-01-05T08:00:00Z,2025-01-05T10:00:00Z,2025-01-06T08:00:00Z,1',
    'T2,Q,email,2025-01-10T08:00:00Z,2025-01-10T12:00:00Z,2025-01-12T08:00:00Z,3',
    'T3,P,chat,2025-01-12T09:00:00Z,2025-01-12T09:30:00Z,2025-02-02T08:00:00Z,1',
    'T4,Q,chat,2025-01-20T09:00:00Z,,,',
    'T5,,,2025-01-25T00:00:00Z,2025-01-26T06:00:00Z,2025-01-26T08:00:00Z,',
    'T6,P,email,2025-02-03T10:00:00Z,2025-02-03T11:00:00Z,2025-02-03T12:00:00Z,1',
    'T7,Q,email,2025-02-04T10:00:00Z,2025-02-04T13:00:00Z,,',
    'T8,P,chat,2025-02-05T10:00:00Z,2025-02-05T16:00:00Z,2025-03-01T08:00:00Z,2',
  ),
};

type Row = Record<string, unknown>;

/** [opened, with response, without response, hours sum, mean, median] */
const responseOf = (r: Row): unknown[] => [
  num(r.tickets_opened),
  num(r.tickets_with_first_response),
  num(r.tickets_without_first_response),
  r.first_response_hours_sum,
  r.first_response_hours_mean,
  r.first_response_hours_median,
];
/** [resolved, first-contact resolutions, without contact_count, fcr_rate] */
const resolutionOf = (r: Row): unknown[] => [
  num(r.tickets_resolved),
  num(r.first_contact_resolutions),
  num(r.resolved_without_contact_count),
  r.fcr_rate,
];

describe('Model: kpi_service_monthly', () => {
  let run: FixtureRun;
  let rows: Row[];
  beforeAll(async () => {
    run = await runFixture(fixture);
    rows = await run.rows(`SELECT * FROM main.kpi_service_monthly ORDER BY month, channel`);
  });
  afterAll(() => run.close());

  const pick = (month: string, channel: string): Row => {
    const found = rows.filter((r) => r.month === month && r.channel === channel);
    expect(found).toHaveLength(1);
    return found[0] as Row;
  };

  it('has every month for every ticket channel and all', () => {
    // Assess: 3 channels + 'all' x 3 months.
    expect(rows.map((r) => [r.month, r.channel, r.is_complete])).toEqual([
      ['2025-01-01', 'all', true],
      ['2025-01-01', 'chat', true],
      ['2025-01-01', 'email', true],
      ['2025-01-01', 'unknown', true],
      ['2025-02-01', 'all', true],
      ['2025-02-01', 'chat', true],
      ['2025-02-01', 'email', true],
      ['2025-02-01', 'unknown', true],
      ['2025-03-01', 'all', false],
      ['2025-03-01', 'chat', false],
      ['2025-03-01', 'email', false],
      ['2025-03-01', 'unknown', false],
    ]);
  });

  it('leaves a ticket without a first response out of the times, and counts it', () => {
    // January all: 5 opened, T4 never answered; hours 2, 4, 0.5, 30
    //   sum 36.5, mean 36.5 / 4 = 9.125, median of 0.5 2 | 4 30 = (2 + 4) / 2 = 3
    expect(responseOf(pick('2025-01-01', 'all'))).toEqual([5, 4, 1, 36.5, 9.125, 3]);
    // January chat: T3 0.5 answered, T4 not
    expect(responseOf(pick('2025-01-01', 'chat'))).toEqual([2, 1, 1, 0.5, 0.5, 0.5]);
  });

  it('takes the exact median for even and odd counts', () => {
    // January email (even, 2): 2 and 4 (T2 from the later export) -> 3
    expect(responseOf(pick('2025-01-01', 'email'))).toEqual([2, 2, 0, 6, 3, 3]);
    // February all (odd, 3): 1, 3, 6 -> middle value 3; mean 10 / 3
    expect(responseOf(pick('2025-02-01', 'all'))).toEqual([3, 3, 0, 10, 10 / 3, 3]);
    // February email (even, 2): 1 and 3 -> 2
    expect(responseOf(pick('2025-02-01', 'email'))).toEqual([2, 2, 0, 4, 2, 2]);
    // March: nothing opened -> no times
    expect(responseOf(pick('2025-03-01', 'all'))).toEqual([0, 0, 0, null, null, null]);
  });

  it('computes first contact resolution over the tickets resolved in the month', () => {
    // January: T1 (1 contact), T2 (3), T5 (contact_count empty) resolved.
    // A resolved ticket without contact_count stays in the base (the catalogue
    // divides by every resolved ticket) but is never a first-contact resolution.
    expect(resolutionOf(pick('2025-01-01', 'all'))).toEqual([3, 1, 1, 1 / 3]);
    expect(resolutionOf(pick('2025-01-01', 'unknown'))).toEqual([1, 0, 1, 0]);
    expect(resolutionOf(pick('2025-01-01', 'email'))).toEqual([2, 1, 0, 0.5]);
    // January chat: nothing resolved -> NULL
    expect(resolutionOf(pick('2025-01-01', 'chat'))).toEqual([0, 0, 0, null]);
    // February: T3 (opened in January) and T6, both first contact
    expect(resolutionOf(pick('2025-02-01', 'all'))).toEqual([2, 2, 0, 1]);
    // March: T8 needed 2 contacts
    expect(resolutionOf(pick('2025-03-01', 'all'))).toEqual([1, 0, 0, 0]);
    expect(resolutionOf(pick('2025-03-01', 'chat'))).toEqual([1, 0, 0, 0]);
  });

  it('publishes an empty table when no ticket was exported', async () => {
    // Prepare: only customers and orders.
    const bare = await runFixture(base);
    try {
      // Act
      const counted = await bare.rows('SELECT count(*) AS n FROM main.kpi_service_monthly');
      // Assess
      expect(num(counted[0]?.n)).toBe(0);
      expect(bare.summary.published).toContainEqual({ name: 'kpi_service_monthly', rows: 0 });
    } finally {
      await bare.close();
    }
  });
});
