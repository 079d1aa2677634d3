import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, runFixture } from '../../helpers/run-fixture.js';
import type { FixtureRun } from '../../helpers/run-fixture.js';

const day = 'export_date=2025-03-31';
const customers = csv('customer_id,segment', 'C1,smb', 'C2,smb');

describe('Landing', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture({
      [`customers/${day}/customers.csv`]: customers,
      // Lines are CSV record numbers (the header is line 1), as DuckDB counts
      // them: record 3 spans two physical lines inside quotes, so the records
      // after it sit one physical line lower. Record 4 has one field too many.
      [`orders/${day}/orders.csv`]: csv(
        '\uFEFFOrder_ID , customer_id,ordered_at,amount,category,status,currency,note',
        'O1,C1,2025-01-05,10.00,"books, used",completed,USD,x',
        'O2,C1,2025-01-06,11.00,"multi',
        'line",completed,USD,x',
        'O3,C2,2025-01-07,12.00,music,completed,USD,x,extra',
        'O4,C2,2025-02-30,13.00,music,completed,USD,x',
        'O5,C2,2025-02-01,-1.00,music,completed,USD,x',
        'O6,C2,2025-02-02,1.005,music,completed,USD,x',
        'O7,C2,2025-02-03,14.00,music,shipped,USD,x',
        'O8,C2,2025-04-01,15.00,music,completed,USD,x',
        'O9,C2,2025-02-04,16.00,music,completed,EUR,x',
        ',C2,2025-02-05,17.00,music,completed,USD,x',
        'O10,C2,2025-02-06T10:00:00+02:00,18.00,music,refunded,,x',
      ),
      [`orders/${day}/more.csv.gz`]: gzipSync(
        csv('order_id,customer_id,ordered_at,amount', 'O11,C1,2025-03-01,19.00'),
      ),
      // Two malformed records in a row, then one with a bad amount: its
      // number must skip both.
      [`orders/${day}/ragged.csv`]: csv(
        'order_id,customer_id,ordered_at,amount',
        'R1,C1,2025-03-01,1.00,x',
        'R2,C1,2025-03-01',
        'R3,C1,2025-03-01,1.00',
        'R4,C1,2025-03-01,1.00,y',
        'R5,C1,2025-03-01,zero',
      ),
      [`marketing_spend/${day}/spend.csv`]: csv('spent_on,channel,amount', '2025-01-01,tv,1.00'),
      [`orders/${day}/notes.txt`]: 'not an export',
      // Most rows here are bad on purpose: tolerate any reject share.
    }, { config: { maxRejectShare: 1 } });
  });
  afterAll(() => run.close());

  it('rejects each broken row at its line and column, with the reason', async () => {
    const rows = await run.rows(`
      SELECT file, line, "column", reason, raw FROM main.pipeline_rejects
      WHERE entity = 'orders' AND file LIKE '%orders.csv' ORDER BY file, line`);
    expect(rows.map((r) => [Number(r.line), r.column, r.reason])).toEqual([
      [4, '(record)', 'the record has more fields than the header (8)'],
      [5, 'ordered_at', 'not a valid ISO 8601 timestamp'],
      [6, 'amount', 'negative amount is only allowed when status = refunded'],
      [7, 'amount', "not a valid amount (digits, '.' and at most 2 decimals)"],
      [8, 'status', 'not one of completed, refunded, cancelled'],
      [9, 'ordered_at', 'is after the export date 2025-03-31'],
      [10, 'currency', 'is not the reporting currency USD'],
      [11, 'order_id', 'required value is missing'],
    ]);
    expect(rows[1]?.raw).toBe('O4,C2,2025-02-30,13.00,music,completed,USD,x');
  });

  it('numbers records after consecutive malformed records correctly', async () => {
    const rows = await run.rows(`
      SELECT line, "column" FROM main.pipeline_rejects
      WHERE file LIKE '%ragged.csv' ORDER BY line`);
    expect(rows.map((r) => [Number(r.line), r.column])).toEqual([
      [2, '(record)'],
      [3, 'amount'], // too few fields: DuckDB names the first missing one
      [5, '(record)'],
      [6, 'amount'],
    ]);
    const [accepted] = await run.rows(
      "SELECT _line FROM landing.orders WHERE _file LIKE '%ragged.csv' AND _reject_reason IS NULL",
    );
    expect(Number(accepted?._line)).toBe(4);
  });

  it('accepts the good rows, quoted commas and newlines and gzip included', async () => {
    const rows = await run.rows(`
      SELECT order_id, category, ordered_at, amount, status
      FROM build.stg_orders ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: 'O1', category: 'books, used', ordered_at: '2025-01-05 00:00:00', amount: '10.00', status: 'completed' },
      { order_id: 'O10', category: 'music', ordered_at: '2025-02-06 08:00:00', amount: '18.00', status: 'refunded' },
      { order_id: 'O11', category: null, ordered_at: '2025-03-01 00:00:00', amount: '19.00', status: 'completed' },
      { order_id: 'O2', category: 'multi\nline', ordered_at: '2025-01-06 00:00:00', amount: '11.00', status: 'completed' },
      { order_id: 'R3', category: null, ordered_at: '2025-03-01 00:00:00', amount: '1.00', status: 'completed' },
    ]);
  });

  it('accounts for every row of every file', () => {
    const files = run.summary.files.map((f) => [f.file, f.status, f.rowsRead, f.rowsAccepted, f.rowsRejected]);
    expect(files).toEqual([
      ['customers/export_date=2025-03-31/customers.csv', 'ok', 2, 2, 0],
      ['marketing_spend/export_date=2025-03-31/spend.csv', 'rejected', 1, 0, 1],
      ['orders/export_date=2025-03-31/more.csv.gz', 'ok', 1, 1, 0],
      ['orders/export_date=2025-03-31/notes.txt', 'unsupported', 0, 0, 0],
      ['orders/export_date=2025-03-31/orders.csv', 'ok', 11, 3, 8],
      ['orders/export_date=2025-03-31/ragged.csv', 'ok', 5, 1, 4],
    ]);
    expect(run.summary.gates.filter((g) => g.gate.startsWith('row_accounting:')).every((g) => g.passed)).toBe(true);
  });

  it('names the missing column and the fix for a whole-file rejection', () => {
    const spend = run.summary.files.find((f) => f.entity === 'marketing_spend');
    expect(spend?.problem).toBe('required column purpose is missing, so the whole file was rejected');
    expect(spend?.fix).toBe('add the column purpose to the export header');
  });

  it('reports extra columns and keeps them out of the tables', () => {
    const orders = run.summary.files.find((f) => f.file.endsWith('orders.csv'));
    expect(orders?.unknownColumns).toEqual(['note']);
  });
});

describe('Landing a file with many malformed records', () => {
  // 70 malformed records (one field too many), each followed by a good one,
  // then a bad amount: more line shifts than are written into the query
  // inline (MAX_INLINE_SHIFTS), so they are joined from their table.
  // Record numbers: header 1, malformed at 2, 4, ..., 140, good at 3, 5,
  // ..., 141, bad amount at 142.
  const lines = Array.from({ length: 70 }, (_, i) => [
    `X${i},C1,2025-03-01,1.00,extra`,
    `G${i},C1,2025-03-01,1.00`,
  ]).flat();
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture(
      {
        [`customers/${day}/customers.csv`]: customers,
        [`orders/${day}/orders.csv`]: csv(
          'order_id,customer_id,ordered_at,amount',
          ...lines,
          'B1,C1,2025-03-01,lots',
        ),
      },
      { config: { maxRejectShare: 1 } },
    );
  });
  afterAll(() => run.close());

  it('numbers every record as it stands in the file', async () => {
    const rejects = await run.rows(
      "SELECT line, \"column\" FROM main.pipeline_rejects WHERE entity = 'orders' ORDER BY line",
    );
    expect(rejects.map((r) => [Number(r.line), r.column])).toEqual([
      ...Array.from({ length: 70 }, (_, i) => [2 + 2 * i, '(record)']),
      [142, 'amount'],
    ]);
    const accepted = await run.rows(
      'SELECT order_id, _line FROM landing.orders WHERE _reject_reason IS NULL ORDER BY _line',
    );
    expect(accepted.map((r) => [r.order_id, Number(r._line)])).toEqual(
      Array.from({ length: 70 }, (_, i) => [`G${i}`, 3 + 2 * i]),
    );
  });
});

describe('Landing fields with surrounding spaces', () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture({
      [`customers/${day}/customers.csv`]: customers,
      [`orders/${day}/orders.csv`]: csv(
        'order_id,customer_id,ordered_at,amount,category',
        ' S1 , C1,2025-03-01 ,  5.00 ,   ',
        'S2,   ,2025-03-01,1.00,books',
        'S3,C2,2025-03-02,2.00, used books ',
      ),
    }, { config: { maxRejectShare: 1 } });
  });
  afterAll(() => run.close());

  it('lands values without their spaces, and blank fields as missing', async () => {
    const accepted = await run.rows(
      'SELECT order_id, customer_id, ordered_at, amount, category FROM build.stg_orders ORDER BY order_id',
    );
    expect(accepted).toEqual([
      { order_id: 'S1', customer_id: 'C1', ordered_at: '2025-03-01 00:00:00', amount: '5.00', category: null },
      { order_id: 'S3', customer_id: 'C2', ordered_at: '2025-03-02 00:00:00', amount: '2.00', category: 'used books' },
    ]);
    const rejects = await run.rows(
      "SELECT line, \"column\", reason FROM main.pipeline_rejects WHERE entity = 'orders'",
    );
    expect(rejects).toEqual([{ line: '3', column: 'customer_id', reason: 'required value is missing' }]);
  });
});

describe('Landing: the export date ends at midnight in the reporting time zone', () => {
  // New York is UTC-4 in late March (summer time since 9 March).
  //   E1 2025-04-01T03:00Z = 23:00 on 31 March there: on the export date
  //   E2 2025-04-01T05:00Z = 01:00 on 1 April there: after it
  //   E3 2025-03-31T23:30, no offset, read in New York: on the export date
  const exports = {
    [`customers/${day}/customers.csv`]: customers,
    [`orders/${day}/orders.csv`]: csv(
      'order_id,customer_id,ordered_at,amount',
      'E1,C1,2025-04-01T03:00:00Z,1.00',
      'E2,C1,2025-04-01T05:00:00Z,2.00',
      'E3,C1,2025-03-31T23:30:00,3.00',
    ),
  };
  const rejected = async (timeZone: string): Promise<unknown[]> => {
    const run = await runFixture(exports, { config: { timeZone, maxRejectShare: 1 } });
    try {
      const rows = await run.rows(
        "SELECT line FROM main.pipeline_rejects WHERE entity = 'orders' ORDER BY line",
      );
      return rows.map((r) => Number(r.line));
    } finally {
      await run.close();
    }
  };

  it('accepts what happened on the export date locally, and rejects what came later', async () => {
    expect(await rejected('America/New_York')).toEqual([3]); // E2
  });

  it('in UTC, ends the day at midnight UTC', async () => {
    // E1 and E2 fall on 1 April UTC; E3 is read as 23:30 UTC on 31 March.
    expect(await rejected('UTC')).toEqual([2, 3]);
  });
});
