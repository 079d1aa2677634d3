/**
 * The bad-input corpus: one small export set per case in
 * test/fixtures/bad-input/<case>/ (binary files are generated here), each
 * run as a whole night, with its exact outcome: every file's status and row
 * counts, every reject (file, line, column, reason, raw text), the rows that
 * still flow into staging, and whether the night published.
 *
 * Every case has a customers.csv (C1, C2) and orders O1 (C1, 100.00) and
 * O2 (C2, 50.00) unless it says otherwise. The reject share is not judged
 * here (most fixtures are mostly bad rows): maxRejectShare is 1, and the
 * exit-code policy has its own test.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../functions/core/engine/engine.js';
import { prepareExports, runTrustNight } from './trust-night.js';
import type { GeneratedFiles, TrustNight } from './trust-night.js';

const DATE = 'export_date=2025-03-31';
const ORDERS_HEADER = 'order_id,customer_id,ordered_at,amount,status,currency\n';
const path = (entity: string, file: string, date = DATE): string => `${entity}/${date}/${file}`;
const orders = (file: string): string => path('orders', file);
const customers = (file = 'customers.csv'): string => path('customers', file);

type Status = 'ok' | 'empty' | 'rejected' | 'unreadable' | 'unsupported';
/** file -> [status, read, accepted, rejected, problem, fix]; read is the hand count. */
type FileRow = [Status, number, number, number, (string | null)?, (string | null)?];
/** [file, line, column, reason, raw] */
type RejectRow = [string, number, string, string, string];

interface BadInputCase {
  readonly files: Record<string, FileRow>;
  readonly rejects: readonly RejectRow[];
  /** false: a gate failed and only the run log was published. */
  readonly published: boolean;
  readonly generate?: () => GeneratedFiles;
  readonly check?: (night: TrustNight) => Promise<void>;
}

const ok = (read: number, accepted = read, rejected = 0): FileRow => ['ok', read, accepted, rejected];
const TWO_CUSTOMERS = { [customers()]: ok(2) };
const NO_ROWS = 'none needed if the export had no rows';
const BAD_AMOUNT = "not a valid amount (digits, '.' and at most 2 decimals)";
const BAD_TIMESTAMP = 'not a valid ISO 8601 timestamp';
const FUTURE = 'is after the export date 2025-03-31';
const BAD_ENCODING =
  'INVALID ENCODING: Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.';

async function column(night: TrustNight, sql: string): Promise<unknown[][]> {
  return (await night.rows(sql)).map((r: Row) => Object.values(r));
}

/** Order ids (and amounts) that reached staging. */
const stagedOrders = (night: TrustNight): Promise<unknown[][]> =>
  column(night, 'SELECT order_id, amount FROM build.stg_orders ORDER BY order_id');

/** 500 varied orders, gzipped, cut off halfway. */
function truncatedGzip(): Buffer {
  const rows = Array.from(
    { length: 500 },
    (_, i) =>
      `O${100 + i},C${(i % 2) + 1},2025-03-${String((i % 28) + 1).padStart(2, '0')},` +
      `${(i * 7.31).toFixed(2)},completed,USD\n`,
  ).join('');
  const whole = gzipSync(ORDERS_HEADER + rows);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

const cases: Record<string, BadInputCase> = {
  bom: {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(2) },
    rejects: [],
    published: true,
    check: async (night) => {
      // The BOM is not part of the first column name: order_id is found.
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O2', '50.00']]);
    },
  },
  crlf: {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(2) },
    rejects: [],
    published: true,
    check: async (night) => {
      // A stray \r would make currency 'USD\r' (rejected) and status invalid.
      expect(
        await column(night, 'SELECT status, currency FROM landing.orders WHERE _reject_reason IS NULL ORDER BY order_id'),
      ).toEqual([['completed', 'USD'], ['completed', 'USD']]);
    },
  },
  'quoted-commas-newlines': {
    // Records: header 1, O1 2, O2 3 (two physical lines), O3 4, O4 5.
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(4, 3, 1) },
    rejects: [[orders('orders.csv'), 4, 'amount', BAD_AMOUNT, 'O3,C2,2025-02-11,ten,"say ""hi""",completed,USD']],
    published: true,
    check: async (night) => {
      expect(await column(night, 'SELECT order_id, category FROM build.stg_orders ORDER BY 1')).toEqual([
        ['O1', 'books, used'],
        ['O2', 'multi\nline'],
        ['O4', 'plain'],
      ]);
    },
  },
  'missing-required-column': {
    files: {
      ...TWO_CUSTOMERS,
      [orders('no-amount.csv')]: [
        'rejected', 2, 0, 2,
        'required column amount is missing, so the whole file was rejected',
        'add the column amount to the export header',
      ],
      [orders('orders.csv')]: ok(2),
    },
    rejects: [
      [orders('no-amount.csv'), 2, 'amount', 'required column amount is missing from the file: whole file rejected', 'O3,C1,2025-03-01,completed'],
      [orders('no-amount.csv'), 3, 'amount', 'required column amount is missing from the file: whole file rejected', 'O4,C2,2025-03-02,completed'],
    ],
    published: true,
    check: async (night) => {
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O2', '50.00']]);
    },
  },
  'unknown-extra-column': {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(2) },
    rejects: [],
    published: true,
    check: async (night) => {
      const [log] = await night.rows(
        `SELECT unknown_columns FROM main.pipeline_file_log WHERE file = '${orders('orders.csv')}'`,
      );
      expect(log?.unknown_columns).toBe('coupon_code, Internal Note');
      const landed = await column(
        night,
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'landing' AND table_name = 'orders' AND column_name ILIKE '%coupon%'",
      );
      expect(landed).toEqual([]);
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O2', '50.00']]);
    },
  },
  'wrong-types': {
    files: {
      ...TWO_CUSTOMERS,
      [orders('orders.csv')]: ok(7, 2, 5),
      [path('survey_responses', 'surveys.csv')]: ok(3, 1, 2),
    },
    rejects: [
      [orders('orders.csv'), 4, 'ordered_at', BAD_TIMESTAMP, 'O3,C1,yesterday,10.00,,completed,USD'],
      [orders('orders.csv'), 5, 'amount', BAD_AMOUNT, 'O4,C1,2025-03-01,ten,,completed,USD'],
      [orders('orders.csv'), 6, 'cost', BAD_AMOUNT, 'O5,C1,2025-03-01,10.00,"1,50",completed,USD'],
      [orders('orders.csv'), 7, 'amount', BAD_AMOUNT, 'O6,C1,2025-03-01,1 000.00,,completed,USD'],
      [orders('orders.csv'), 8, 'status', 'not one of completed, refunded, cancelled', 'O7,C1,2025-03-01,10.00,,shipped,USD'],
      [path('survey_responses', 'surveys.csv'), 3, 'score', 'not a whole number', 'S2,C1,nps,7.5,2025-03-01'],
      [path('survey_responses', 'surveys.csv'), 4, 'score', 'score outside the scale of its survey type', 'S3,C2,csat,6,2025-03-01'],
    ],
    published: true,
    check: async (night) => {
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O2', '50.00']]);
      expect(await column(night, 'SELECT response_id FROM build.stg_survey_responses')).toEqual([['S1']]);
    },
  },
  'impossible-dates': {
    files: {
      ...TWO_CUSTOMERS,
      [path('marketing_spend', 'spend.csv')]: ok(2, 1, 1),
      [orders('orders.csv')]: ok(6, 3, 3),
      [path('tickets', 'tickets.csv')]: ok(3, 1, 2),
    },
    rejects: [
      [path('marketing_spend', 'spend.csv'), 3, 'spent_on', 'not a valid date (YYYY-MM-DD)', '2025-02-29,search,acquisition,100.00'],
      [orders('orders.csv'), 5, 'ordered_at', BAD_TIMESTAMP, 'O4,C2,2024-02-30,50.00,completed,USD'],
      [orders('orders.csv'), 6, 'ordered_at', BAD_TIMESTAMP, 'O5,C2,2025-13-01,50.00,completed,USD'],
      [orders('orders.csv'), 7, 'ordered_at', BAD_TIMESTAMP, 'O6,C2,2025-01-01T25:00:00Z,50.00,completed,USD'],
      // A ticket answered, or resolved, before it was opened.
      [path('tickets', 'tickets.csv'), 3, 'first_response_at', 'first_response_at must be >= opened_at',
        'T2,C1,2025-03-01T10:00:00Z,2025-03-01T09:00:00Z,'],
      [path('tickets', 'tickets.csv'), 4, 'resolved_at', 'resolved_at must be >= opened_at',
        'T3,C2,2025-03-05T10:00:00Z,,2025-03-04T10:00:00Z'],
    ],
    published: true,
    check: async (night) => {
      // 2024 is a leap year: 2024-02-29 is a real day.
      expect(await column(night, 'SELECT order_id, order_date FROM build.stg_orders ORDER BY 1')).toEqual([
        ['O1', '2025-01-05'],
        ['O2', '2025-02-10'],
        ['O3', '2024-02-29'],
      ]);
    },
  },
  'future-timestamps': {
    files: { [customers()]: ok(3, 2, 1), [orders('orders.csv')]: ok(6, 3, 3) },
    rejects: [
      [customers(), 4, 'acquired_at', FUTURE, 'C3,2026-01-01,search,smb,<redacted>'],
      [orders('orders.csv'), 5, 'ordered_at', FUTURE, 'O4,C2,2025-04-01,50.00,completed,USD'],
      // 23:30 at UTC-2 is 01:30 UTC on April 1st.
      [orders('orders.csv'), 6, 'ordered_at', FUTURE, 'O5,C2,2025-03-31T23:30:00-02:00,50.00,completed,USD'],
      [orders('orders.csv'), 7, 'ordered_at', FUTURE, 'O6,C2,2031-01-01,50.00,completed,USD'],
    ],
    published: true,
    check: async (night) => {
      // The export day's last second is not the future.
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O2', '50.00'], ['O3', '50.00']]);
    },
  },
  'negative-amount-completed': {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(5, 3, 2) },
    rejects: [
      [orders('orders.csv'), 4, 'amount', 'negative amount is only allowed when status = refunded', 'O3,C1,2025-03-01,-20.00,completed,USD'],
      // An empty status defaults to completed.
      [orders('orders.csv'), 6, 'amount', 'negative amount is only allowed when status = refunded', 'O5,C1,2025-03-03,-20.00,,USD'],
    ],
    published: true,
    check: async (night) => {
      expect(await column(night, 'SELECT order_id, amount, status FROM build.stg_orders ORDER BY 1')).toEqual([
        ['O1', '100.00', 'completed'],
        ['O2', '50.00', 'completed'],
        ['O4', '-20.00', 'refunded'],
      ]);
    },
  },
  'foreign-currency': {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(5, 4, 1) },
    rejects: [[orders('orders.csv'), 4, 'currency', 'is not the reporting currency USD', 'O3,C1,2025-03-01,20.00,completed,EUR']],
    published: true,
    check: async (night) => {
      // 'usd' is the reporting currency in lower case; empty means it.
      expect(await column(night, 'SELECT order_id FROM build.stg_orders ORDER BY 1')).toEqual([
        ['O1'], ['O2'], ['O4'], ['O5'],
      ]);
    },
  },
  'duplicate-keys-within-export': {
    files: {
      [customers()]: ok(3, 2, 1),
      [orders('part-1.csv')]: ok(2, 1, 1),
      [orders('part-2.csv')]: ok(3, 2, 1),
    },
    rejects: [
      // C1 twice: the later updated_at (line 2) wins over the later line.
      [customers(), 4, 'customer_id', `customer_id repeated in the same export: superseded by ${customers()} line 2`,
        '{"customer_id":"C1","acquired_at":"2025-01-05 00:00:00","acquisition_channel":"search","segment":"enterprise","country":null,"updated_at":"2025-02-01 00:00:00"}'],
      // O1 in both files, no updated_at: the later file wins.
      [orders('part-1.csv'), 2, 'order_id', `order_id repeated in the same export: superseded by ${orders('part-2.csv')} line 2`,
        '{"order_id":"O1","customer_id":"C1","ordered_at":"2025-01-05 00:00:00","amount":100.00,"cost":null,"category":null,"status":"completed","currency":"USD","updated_at":null}'],
      // O3 twice in one file: the later line wins.
      [orders('part-2.csv'), 3, 'order_id', `order_id repeated in the same export: superseded by ${orders('part-2.csv')} line 4`,
        '{"order_id":"O3","customer_id":"C2","ordered_at":"2025-03-01 00:00:00","amount":10.00,"cost":null,"category":null,"status":"completed","currency":"USD","updated_at":null}'],
    ],
    published: true,
    check: async (night) => {
      expect(await stagedOrders(night)).toEqual([['O1', '120.00'], ['O2', '50.00'], ['O3', '11.00']]);
      expect(await column(night, 'SELECT customer_id, segment FROM build.stg_customers ORDER BY 1')).toEqual([
        ['C1', 'smb'],
        ['C2', 'consumer'],
      ]);
    },
  },
  'duplicate-keys-across-exports': {
    files: {
      [path('customers', 'customers.csv', 'export_date=2025-03-30')]: ok(2),
      [customers()]: ok(1),
      [path('orders', 'orders.csv', 'export_date=2025-03-30')]: ok(2),
      [orders('orders.csv')]: ok(1),
    },
    rejects: [],
    published: true,
    check: async (night) => {
      // The later export restates O1; C1's later export has an older updated_at, so it loses.
      expect(await stagedOrders(night)).toEqual([['O1', '110.00'], ['O2', '50.00']]);
      expect(await column(night, 'SELECT customer_id, segment FROM build.stg_customers ORDER BY 1')).toEqual([
        ['C1', 'smb'],
        ['C2', 'consumer'],
      ]);
    },
  },
  'unknown-customers': {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(4) },
    rejects: [],
    published: true,
    check: async (night) => {
      expect(
        await column(night, 'SELECT customer_id, is_implied, segment FROM build.int_customers ORDER BY 1'),
      ).toEqual([['C1', false, 'smb'], ['C2', false, 'consumer'], ['C9', true, 'unassigned']]);
      const [gate] = await night.rows(
        "SELECT severity, violations, passed, detail FROM main.pipeline_gate_log WHERE gate = 'references:stg_orders.customer_id'",
      );
      expect(gate).toEqual({
        severity: 'warning',
        violations: '1',
        passed: true,
        detail:
          '2 rows name 1 customer_id values missing from stg_customers: each is an implied customer ' +
          '(int_customers.is_implied; channel unknown, segment unassigned)',
      });
    },
  },
  'empty-file': {
    files: {
      ...TWO_CUSTOMERS,
      [orders('empty.csv')]: ['empty', 0, 0, 0, 'the file is empty', NO_ROWS],
      [orders('orders.csv')]: ok(2),
    },
    rejects: [],
    published: true,
  },
  'header-only': {
    files: {
      ...TWO_CUSTOMERS,
      [orders('header-only.csv')]: ['empty', 0, 0, 0, 'the file has a header but no rows', NO_ROWS],
      [orders('orders.csv')]: ok(2),
    },
    rejects: [],
    published: true,
  },
  'truncated-gzip': {
    generate: () => ({ [orders('part-2.csv.gz')]: truncatedGzip() }),
    files: {
      ...TWO_CUSTOMERS,
      [orders('orders.csv')]: ok(2),
      // Its rows are unknown: DuckDB alone would have read the first part
      // and called it the whole file.
      [orders('part-2.csv.gz')]: [
        'unreadable', 0, 0, 0,
        'the gzip file is cut off or corrupt (unexpected end of file)',
        're-export the file: it is incomplete, so some of its rows cannot be read',
      ],
    },
    rejects: [],
    published: false,
    check: async (night) => {
      expect(night.gateError?.failures).toEqual([{ gate: 'readable_files', violations: 1 }]);
    },
  },
  'invalid-utf8': {
    generate: () => ({
      [orders('orders.csv')]: Buffer.concat([
        Buffer.from(
          'order_id,customer_id,ordered_at,amount,category,status,currency\n' +
            'O1,C1,2025-01-05,100.00,books,completed,USD\nO2,C2,2025-02-10,50.00,caf',
        ),
        Buffer.from([0xe9]), // Latin-1 é
        Buffer.from(',completed,USD\nO3,C2,2025-02-11,20.00,music,completed,USD\n'),
      ]),
      [customers('more.csv')]: Buffer.concat([
        Buffer.from('customer_id,acquired_at,acquisition_channel,segment,email\nC3,2025-03-01,search,smb,j'),
        Buffer.from([0xf6]), // Latin-1 ö, in the email
        Buffer.from('rg@example.com\n'),
      ]),
    }),
    files: {
      ...TWO_CUSTOMERS,
      [customers('more.csv')]: ok(1, 0, 1),
      [orders('orders.csv')]: ok(3, 2, 1),
    },
    rejects: [
      // A broken record of an entity with personal data keeps no text.
      [customers('more.csv'), 2, 'email', BAD_ENCODING, '<redacted> (a broken record of an entity with personal data)'],
      // DuckDB shows the undecodable bytes as '?'.
      [orders('orders.csv'), 3, 'category', BAD_ENCODING, 'O2,C2,2025-02-10,50.00,caf??completed,USD'],
    ],
    published: true,
    check: async (night) => {
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O3', '20.00']]);
    },
  },
  'one-mb-field': {
    // O3 lands its 1 MiB category; O4's is rejected (amount 'ten') and its
    // raw text published cut to its first 2,048 characters.
    generate: () => ({
      [orders('big.csv')]:
        `order_id,customer_id,ordered_at,amount,category\nO3,C1,2025-03-01,10.00,${'x'.repeat(1 << 20)}\n` +
        `O4,C1,2025-03-02,ten,${'y'.repeat(1 << 20)}\n`,
    }),
    files: { ...TWO_CUSTOMERS, [orders('big.csv')]: ok(2, 1, 1), [orders('orders.csv')]: ok(2) },
    rejects: [[orders('big.csv'), 3, 'amount', BAD_AMOUNT, `O4,C1,2025-03-02,ten,${'y'.repeat(2048 - 21)}`]],
    published: true,
    check: async (night) => {
      expect(
        await column(night, "SELECT length(category) FROM build.stg_orders WHERE order_id = 'O3'"),
      ).toEqual([['1048576']]);
    },
  },
  'jsonl-broken-line': {
    // Lines: 1 O1, 2 cut off, 3 O3 (amount as a JSON number), 4 an array,
    // 5 blank (not a row), 6 O4.
    files: { ...TWO_CUSTOMERS, [orders('orders.jsonl')]: ok(5, 3, 2) },
    rejects: [
      [orders('orders.jsonl'), 2, '(record)', 'line is not a valid JSON object',
        '{"order_id":"O2","customer_id":"C2","ordered_at":"2025-02-10","amount":"50.00",'],
      [orders('orders.jsonl'), 4, '(record)', 'line is not a valid JSON object', '[1,2,3]'],
    ],
    published: true,
    check: async (night) => {
      expect(await stagedOrders(night)).toEqual([['O1', '100.00'], ['O3', '5.00'], ['O4', '7.50']]);
    },
  },
  'mixed-formats': {
    generate: () => ({
      [orders('part-gz.csv.gz')]: gzipSync(`${ORDERS_HEADER}O4,C2,2025-03-02,40.00,completed,USD\n`),
    }),
    files: {
      ...TWO_CUSTOMERS,
      [orders('notes.txt')]: [
        'unsupported', 0, 0, 0,
        'not a CSV or JSON Lines file, so it was not read',
        'export as .csv, .csv.gz, .jsonl or .jsonl.gz, or move the file out of the export folder',
      ],
      [orders('orders.csv')]: ok(2),
      [orders('part-gz.csv.gz')]: ok(1),
      [orders('part.jsonl')]: ok(1),
    },
    rejects: [],
    published: true,
    check: async (night) => {
      expect(await stagedOrders(night)).toEqual([
        ['O1', '100.00'], ['O2', '50.00'], ['O3', '30.00'], ['O4', '40.00'],
      ]);
      const [gate] = await night.rows(
        "SELECT severity, violations, passed FROM main.pipeline_gate_log WHERE gate = 'unsupported_files'",
      );
      expect(gate).toEqual({ severity: 'warning', violations: '1', passed: true });
    },
  },
  'column-order': {
    files: { ...TWO_CUSTOMERS, [orders('orders.csv')]: ok(2) },
    rejects: [],
    published: true,
    check: async (night) => {
      expect(await column(night, 'SELECT order_id, customer_id, amount, status FROM build.stg_orders ORDER BY 1')).toEqual([
        ['O1', 'C1', '100.00', 'completed'],
        ['O2', 'C2', '50.00', 'refunded'],
      ]);
    },
  },
  'column-case': {
    files: { ...TWO_CUSTOMERS, [orders('more.jsonl')]: ok(2), [orders('orders.csv')]: ok(2) },
    rejects: [],
    published: true,
    check: async (night) => {
      // ' Order_ID ', 'CUSTOMER_ID' in the CSV; keys vary in case line by line in the JSON.
      expect(await stagedOrders(night)).toEqual([
        ['O1', '100.00'], ['O2', '50.00'], ['O3', '30.00'], ['O4', '40.00'],
      ]);
    },
  },
};

describe('Bad input', () => {
  it.each(Object.entries(cases))('lands the %s case exactly as expected', async (name, spec) => {
    // Prepare
    const exportsDir = await prepareExports(`bad-input/${name}`, spec.generate?.());
    // Act
    const night = await runTrustNight(exportsDir, { config: { maxRejectShare: 1 } });
    try {
      // Assess: the run log, published whether or not the night published.
      const files = await night.rows(
        'SELECT file, status, rows_read, rows_accepted, rows_rejected, problem, fix FROM main.pipeline_file_log',
      );
      expect(
        Object.fromEntries(
          files.map((f) => [
            f.file,
            [f.status, Number(f.rows_read), Number(f.rows_accepted), Number(f.rows_rejected), f.problem, f.fix],
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries(spec.files).map(([file, [status, read, accepted, rejected, problem, fix]]) => [
            file,
            [status, read, accepted, rejected, problem ?? null, fix ?? null],
          ]),
        ),
      );
      const rejects = await night.rows(
        'SELECT file, line, "column", reason, raw FROM main.pipeline_rejects ORDER BY file, line',
      );
      expect(rejects.map((r) => [r.file, Number(r.line), r.column, r.reason, r.raw])).toEqual(spec.rejects);
      const kpis = await night.rows(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name LIKE 'kpi_%'",
      );
      expect(Number(kpis[0]?.n) > 0).toBe(spec.published);
      const accounting = await night.rows(
        "SELECT DISTINCT passed FROM main.pipeline_gate_log WHERE gate LIKE 'row_accounting:%'",
      );
      expect(accounting).toEqual([{ passed: true }]);
      // No row lost: each file's records (counted by hand) were accepted or rejected.
      let lost = 0;
      for (const f of files) {
        const expected = spec.files[String(f.file)];
        lost += (expected?.[1] ?? 0) - Number(f.rows_accepted) - Number(f.rows_rejected);
      }
      expect(lost).toBe(0);
      await spec.check?.(night);
    } finally {
      await night.close();
    }
  });
});
