/**
 * The UCI "Online Retail" invoice lines (test/fixtures/datasets/uci-online-retail)
 * as one night of contract exports, dated 2011-12-09, the last invoice day.
 *
 * - Lines without a CustomerID are left out: a guest checkout cannot be
 *   attributed to a customer, and the contract requires orders.customer_id.
 * - Each InvoiceNo is one order: the contract's order is the invoice, its
 *   lines are not orders. customer_id is CustomerID without the float's
 *   `.0`; ordered_at is the earliest InvoiceDate of its lines (31 invoices
 *   straddle a minute); amount is the sum of Quantity x UnitPrice.
 * - Amounts are summed in integer cents, each line rounded to the cent half
 *   away from zero first (what an invoice line would print). Only 4 lines
 *   have a third decimal (1 x 0.001), so rounding the sum instead would give
 *   the same totals.
 * - An InvoiceNo starting with `C` is a cancellation of goods already sold:
 *   status refunded, as the contract allows a negative amount only for
 *   refunds. Every other invoice is completed. The contract would reject a
 *   completed invoice with a negative total; the file has none. The 4 that
 *   total 0.00 (zero-price lines) are valid completed orders and land as such.
 * - Amounts are pounds sterling, so the orders say currency GBP and the
 *   night must run with reportingCurrency GBP (ONLINE_RETAIL_CONFIG).
 * - One customer per CustomerID, segment `uci`, country from their first
 *   line in the file (the file is in date order; 8 customers later appear
 *   with a second country). No acquired_at: the cohort is the month of the
 *   first completed order.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { quoteCsvField } from '../../functions/core/csv/csv-field.js';
import { sqlDir } from '../helpers/run-fixture.js';
import type { ExportFiles } from '../helpers/run-fixture.js';

const EXPORT_DATE = '2011-12-09';
const ONLINE_RETAIL_CONFIG = { reportingCurrency: 'GBP' } as const;

const source = join(sqlDir, '..', 'test', 'fixtures', 'datasets', 'uci-online-retail', 'online_retail.csv.gz');

const COLUMNS = [
  'InvoiceNo', 'StockCode', 'Description', 'Quantity',
  'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country',
] as const;

/** One invoice line, every field as the text in the file. */
type InvoiceLine = Readonly<Record<(typeof COLUMNS)[number], string>>;

/** An RFC 4180 field and the separator after it (LF line ends, as in the file). */
const FIELD = /(?:"((?:[^"]|"")*)"|([^",\n]*))(,|\n|$)/y;

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  FIELD.lastIndex = 0;
  while (FIELD.lastIndex < text.length) {
    const offset = FIELD.lastIndex;
    const match = FIELD.exec(text);
    if (!match) throw new Error(`${source}: malformed CSV at offset ${offset}`);
    const [, quoted, plain = '', separator] = match;
    record.push(quoted === undefined ? plain : quoted.replaceAll('""', '"'));
    if (separator !== ',') {
      records.push(record);
      record = [];
    }
  }
  return records;
}

/** Every invoice line of the file, guests and cancellations included. */
async function readOnlineRetail(): Promise<InvoiceLine[]> {
  const [header = [], ...records] = parseCsv(gunzipSync(await readFile(source)).toString('utf8'));
  if (header.join(',') !== COLUMNS.join(',')) {
    throw new Error(`${source}: unexpected header ${header.join(',')}`);
  }
  return records.map((fields) => {
    if (fields.length !== COLUMNS.length) throw new Error(`${source}: ${fields.length} fields in ${fields.join(',')}`);
    return Object.fromEntries(COLUMNS.map((column, i) => [column, fields[i]])) as InvoiceLine;
  });
}

/** Quantity x UnitPrice in cents, rounded half away from zero, exactly. */
function lineCents(line: InvoiceLine): number {
  const [pounds = '', decimals = ''] = line.UnitPrice.split('.');
  const tenthsOfCent = Number(line.Quantity) * Number(`${pounds}${decimals.padEnd(3, '0')}`);
  if (!Number.isSafeInteger(tenthsOfCent)) throw new Error(`bad price or quantity in ${line.InvoiceNo}`);
  return Math.sign(tenthsOfCent) * Math.floor((Math.abs(tenthsOfCent) + 5) / 10);
}

function money(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

interface Invoice {
  customerId: string;
  orderedAt: string;
  cents: number;
}

/** The customers and orders exports of the lines, by the rules above. */
function onlineRetailExports(lines: readonly InvoiceLine[]): ExportFiles {
  const countries = new Map<string, string>();
  const invoices = new Map<string, Invoice>();
  for (const line of lines) {
    if (line.CustomerID === '') continue;
    const customerId = line.CustomerID.replace(/\.0$/, '');
    if (!countries.has(customerId)) countries.set(customerId, line.Country);
    const invoice = invoices.get(line.InvoiceNo);
    if (!invoice) {
      invoices.set(line.InvoiceNo, { customerId, orderedAt: line.InvoiceDate, cents: lineCents(line) });
      continue;
    }
    if (invoice.customerId !== customerId) throw new Error(`invoice ${line.InvoiceNo} names two customers`);
    if (line.InvoiceDate < invoice.orderedAt) invoice.orderedAt = line.InvoiceDate;
    invoice.cents += lineCents(line);
  }
  const customers = [
    'customer_id,segment,country',
    ...[...countries].map(([id, country]) => `${id},uci,${quoteCsvField(country)}`),
  ];
  const orders = [
    'order_id,customer_id,ordered_at,amount,status,currency',
    ...[...invoices].map(([invoiceNo, { customerId, orderedAt, cents }]) => {
      const status = invoiceNo.startsWith('C') ? 'refunded' : 'completed';
      return `${invoiceNo},${customerId},${orderedAt},${money(cents)},${status},GBP`;
    }),
  ];
  return {
    [`customers/export_date=${EXPORT_DATE}/customers.csv`]: `${customers.join('\n')}\n`,
    [`orders/export_date=${EXPORT_DATE}/orders.csv`]: `${orders.join('\n')}\n`,
  };
}

export { ONLINE_RETAIL_CONFIG, onlineRetailExports, readOnlineRetail };
export type { InvoiceLine };
