import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateExports,
  type GenerateResult,
} from '../../functions/core/demo/generate-exports.js';

/** The contract's columns, written out here on purpose (not taken from the generator). */
const CONTRACT: Record<string, string[]> = Object.fromEntries(
  [
    'customers: customer_id acquired_at acquisition_channel segment country email updated_at',
    'orders: order_id customer_id ordered_at amount cost category status currency',
    'marketing_spend: spent_on channel purpose segment amount',
    'wallet_estimates: customer_id period_start period_end category total_category_spend',
    'survey_responses: response_id customer_id survey_type score responded_at touchpoint',
    'leads: lead_id created_at channel first_response_at qualified_at converted_at customer_id',
    'deals: deal_id customer_id created_at closed_at status stage amount deal_type',
    'deal_stage_history: deal_id stage entered_at',
    'contracts: contract_id customer_id starts_on ends_on',
    'tickets: ticket_id customer_id channel opened_at first_response_at resolved_at contact_count',
    'engagement_events: customer_id occurred_at event_type',
    'crm_user_activity: user_id activity_date logins records_updated',
  ].map((line) => {
    const [entity = '', columns = ''] = line.split(': ');
    return [entity, columns.split(' ')];
  }),
);
const JSONL = new Set(['wallet_estimates', 'survey_responses']);
const CUSTOMERS = 500;
const BULK = '2026-10-31';
const LAST = '2026-11-01';
const DAY_MS = 86_400_000;

type Row = Record<string, string | number | null>;

const MONEY = /^-?\d+\.\d{2}$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$/;
const realDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};
const instant = (text: string): number =>
  Date.parse(TIMESTAMP.exec(text)?.[2] ? text : `${text}Z`);
const validTimestamp = (text: string): boolean => {
  const day = TIMESTAMP.exec(text)?.[1];
  return day !== undefined && realDate(day);
};
const money = (value: unknown): number =>
  typeof value === 'number'
    ? value
    : MONEY.test(String(value))
      ? Number(value)
      : NaN;
const SCALES: Record<string, [number, number]> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

/**
 * A small independent reading of the contract rules the generator is meant to
 * break (and only there): the columns a row violates, `(record)` for a
 * malformed one.
 */
function violations(
  entity: string,
  row: Row | undefined,
  exportDate: string,
): string[] {
  if (!row) return ['(record)'];
  const text = (c: string): string =>
    row[c] === null || row[c] === undefined ? '' : String(row[c]);
  const bad: string[] = [];
  const endOfExportDay = Date.parse(`${exportDate}T00:00:00Z`) + DAY_MS;
  switch (entity) {
    case 'orders': {
      if (text('order_id') === '') bad.push('order_id');
      const at = text('ordered_at');
      if (!validTimestamp(at) || instant(at) >= endOfExportDay)
        bad.push('ordered_at');
      const status = text('status') || 'completed';
      if (!['completed', 'refunded', 'cancelled'].includes(status))
        bad.push('status');
      else if (
        !MONEY.test(text('amount')) ||
        (money(text('amount')) < 0 && status !== 'refunded')
      )
        bad.push('amount');
      if (!['', 'USD'].includes(text('currency'))) bad.push('currency');
      break;
    }
    case 'contracts':
      if (text('ends_on') < text('starts_on')) bad.push('ends_on');
      break;
    case 'survey_responses': {
      const [min, max] = SCALES[text('survey_type')] ?? [NaN, NaN];
      if (!(Number(row.score) >= min && Number(row.score) <= max))
        bad.push('score');
      break;
    }
    case 'wallet_estimates':
      if (!(money(row.total_category_spend) > 0))
        bad.push('total_category_spend');
      break;
    case 'deals':
      if (['won', 'lost'].includes(text('status')) && text('closed_at') === '')
        bad.push('closed_at');
      break;
    case 'leads':
      if (
        text('first_response_at') &&
        instant(text('first_response_at')) < instant(text('created_at'))
      ) {
        bad.push('first_response_at');
      }
      break;
    case 'marketing_spend':
      if (!(money(text('amount')) >= 0)) bad.push('amount');
      break;
  }
  return bad;
}

/** Data rows of an export file by line number (header is line 1; JSON Lines start at 1). */
async function readRows(
  entity: string,
  path: string,
): Promise<Map<number, Row | undefined>> {
  const raw = await readFile(path);
  const lines = (path.endsWith('.gz') ? gunzipSync(raw) : raw)
    .toString('utf8')
    .split('\n');
  if (lines.at(-1) === '') lines.pop();
  const rows = new Map<number, Row | undefined>();
  if (JSONL.has(entity)) {
    lines.forEach((line, i) => {
      try {
        rows.set(i + 1, JSON.parse(line) as Row);
      } catch {
        rows.set(i + 1, undefined);
      }
    });
    return rows;
  }
  // The generator never needs quoting, so a plain split is an exact parse here.
  const header = (lines[0] ?? '').split(',');
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    rows.set(
      i + 2,
      cells.length === header.length
        ? Object.fromEntries(header.map((h, k) => [h, cells[k] ?? '']))
        : undefined,
    );
  });
  return rows;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(dir)) {
    out[relative(dir, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

describe('generateExports', () => {
  let root: string;
  let first: GenerateResult;
  let db: DuckDBInstance;
  let sql: DuckDBConnection;
  const query = async (text: string): Promise<Record<string, unknown>[]> =>
    (await sql.runAndReadAll(text)).getRowObjectsJson() as Record<
      string,
      unknown
    >[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'demo-exports-'));
    first = await generateExports({
      outDir: join(root, 'a'),
      customers: CUSTOMERS,
      seed: 7,
    });
    db = await DuckDBInstance.create(':memory:');
    sql = await db.connect();
    await sql.run("SET TimeZone = 'UTC'");
  });

  afterAll(async () => {
    sql?.closeSync();
    db?.closeSync();
    await rm(root, { recursive: true, force: true });
  });

  it('is deterministic: the same options give byte-identical files, another seed does not', async () => {
    await generateExports({
      outDir: join(root, 'b'),
      customers: CUSTOMERS,
      seed: 7,
    });
    await generateExports({
      outDir: join(root, 'c'),
      customers: CUSTOMERS,
      seed: 8,
    });
    const a = await hashes(join(root, 'a'));
    expect(Object.keys(a)).toHaveLength(14);
    expect(await hashes(join(root, 'b'))).toEqual(a);
    expect(
      (await hashes(join(root, 'c')))[`orders/export_date=${BULK}/orders.csv`],
    ).not.toBe(a[`orders/export_date=${BULK}/orders.csv`]);
  });

  it('writes every contract entity with exactly the contract columns, plus an incremental export', async () => {
    for (const [entity, columns] of Object.entries(CONTRACT)) {
      const ext = JSONL.has(entity) ? 'jsonl' : 'csv';
      const path = join(
        root,
        'a',
        entity,
        `export_date=${BULK}`,
        `${entity}.${ext}`,
      );
      const firstLine = (await readFile(path, 'utf8')).split('\n', 1)[0] ?? '';
      const names =
        ext === 'csv'
          ? firstLine.split(',')
          : Object.keys(JSON.parse(firstLine) as object);
      expect(names, entity).toEqual(columns);
      expect(
        first.files.find((f) => f.path === path)?.rows,
        entity,
      ).toBeGreaterThan(0);
    }
    const incremental = first.files
      .filter((f) => f.path.includes(`export_date=${LAST}`))
      .map((f) => f.entity);
    expect(incremental).toEqual(['customers', 'orders']);
  });

  it('gzips orders and engagement events when asked', async () => {
    const run = await generateExports({
      outDir: join(root, 'gz'),
      customers: 50,
      compress: true,
      badRows: false,
    });
    const gz = run.files
      .filter((f) => f.path.endsWith('.csv.gz'))
      .map((f) => f.entity);
    expect(gz).toEqual(['orders', 'engagement_events', 'orders']);
    const orders = run.files.find((f) => f.entity === 'orders');
    expect(
      gunzipSync(await readFile(orders?.path ?? ''))
        .toString()
        .split('\n', 1)[0],
    ).toBe(CONTRACT.orders?.join(','));
    expect(run.badRows).toEqual([]);
  });

  it('puts each bad row at its reported line, and no bad row anywhere else', async () => {
    expect(first.badRows.length).toBeGreaterThanOrEqual(10);
    expect(first.badRows.length).toBeLessThanOrEqual(20);
    for (const file of first.files) {
      const exportDate = file.path.includes(`export_date=${LAST}`)
        ? LAST
        : BULK;
      const found = [...(await readRows(file.entity, file.path))]
        .flatMap(([line, row]) =>
          violations(file.entity, row, exportDate).map(
            (column) => `${line}:${column}`,
          ),
        )
        .sort();
      const reported = first.badRows
        .filter((b) => b.path === file.path)
        .map((b) => `${b.line}:${b.column}`)
        .sort();
      expect(found, file.path).toEqual(reported);
    }
  });

  it('simulates about ten orders per customer', () => {
    const orders = first.files
      .filter((f) => f.entity === 'orders')
      .reduce((sum, f) => sum + f.rows, 0);
    expect(orders / CUSTOMERS).toBeGreaterThan(8.5);
    expect(orders / CUSTOMERS).toBeLessThan(11.5);
  });

  it('never has a good order before acquisition or after its export date', async () => {
    const bad = new Set(first.badRows.map((b) => `${b.path}:${b.line}`));
    const goodOrders = join(root, 'good-orders.csv');
    let csv = `${CONTRACT.orders?.join(',')},export_date\n`;
    for (const file of first.files.filter((f) => f.entity === 'orders')) {
      const exportDate = file.path.includes(`export_date=${LAST}`)
        ? LAST
        : BULK;
      for (const [line, row] of await readRows('orders', file.path)) {
        if (row && !bad.has(`${file.path}:${line}`))
          csv += `${Object.values(row).join(',')},${exportDate}\n`;
      }
    }
    await writeFile(goodOrders, csv);
    const [result] = await query(`
      WITH customers AS (
        SELECT customer_id, arg_max(acquired_at, updated_at::TIMESTAMPTZ)::TIMESTAMPTZ AS acquired_at
        FROM read_csv('${join(root, 'a', 'customers')}/*/*.csv', all_varchar = true)
        GROUP BY customer_id
      ), orders AS (
        SELECT order_id, customer_id, ordered_at::TIMESTAMPTZ AS ordered_at, export_date::DATE AS export_date,
               coalesce(status, 'completed') AS status
        FROM read_csv('${goodOrders}', all_varchar = true)
      ), acquisition AS (
        SELECT c.customer_id,
               coalesce(c.acquired_at, min(o.ordered_at) FILTER (WHERE o.status = 'completed')) AS acquired_at
        FROM customers c LEFT JOIN orders o USING (customer_id)
        GROUP BY c.customer_id, c.acquired_at
      )
      SELECT count(*) AS orders,
             count(*) FILTER (WHERE a.customer_id IS NULL) AS unknown_customer,
             count(*) FILTER (WHERE o.ordered_at < a.acquired_at) AS before_acquisition,
             count(*) FILTER (WHERE o.ordered_at >= o.export_date) AS not_before_export_date,
             count(*) FILTER (WHERE o.export_date = '${LAST}' AND o.ordered_at < DATE '${BULK}') AS late_or_restated
      FROM orders o LEFT JOIN acquisition a USING (customer_id)`);
    expect(Number(result?.orders)).toBeGreaterThan(4000);
    expect(Number(result?.unknown_customer)).toBe(0);
    expect(Number(result?.before_acquisition)).toBe(0);
    expect(Number(result?.not_before_export_date)).toBe(0);
    expect(Number(result?.late_or_restated)).toBeGreaterThanOrEqual(2);
  });

  it('re-exports a few customers with a later updated_at and another segment', async () => {
    const rows = await query(`
      SELECT count(*) AS changed FROM read_csv('${join(root, 'a', 'customers', `export_date=${BULK}`, 'customers.csv')}', all_varchar = true) b
      JOIN read_csv('${join(root, 'a', 'customers', `export_date=${LAST}`, 'customers.csv')}', all_varchar = true) l
        USING (customer_id)
      WHERE l.segment <> b.segment AND l.updated_at::TIMESTAMPTZ > b.updated_at::TIMESTAMPTZ`);
    expect(Number(rows[0]?.changed)).toBeGreaterThanOrEqual(3);
  });

  it('spends on tv although no customer came from tv', async () => {
    const [row] = await query(`
      SELECT (SELECT sum(amount::DECIMAL(18, 2)) FROM read_csv('${join(root, 'a', 'marketing_spend')}/*/*.csv', all_varchar = true)
              WHERE channel = 'tv' AND purpose = 'acquisition') AS tv_spend,
             (SELECT count(*) FROM read_csv('${join(root, 'a', 'customers')}/*/*.csv', all_varchar = true)
              WHERE acquisition_channel = 'tv') AS tv_customers`);
    expect(Number(row?.tv_spend)).toBeGreaterThan(0);
    expect(Number(row?.tv_customers)).toBe(0);
  });
});
