/**
 * Personal data: `email` is replaced at landing by its keyed HMAC, and no
 * plain address reaches any table of the warehouse (published, built or
 * landed) or any Parquet file, even from rejected rows, broken records,
 * extra columns or a value typed into the wrong field. The key comes from
 * CRM_KPI_PII_KEY, is never printed, and a night with personal data and no
 * key stops with a message saying what to set.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Engine } from '../../functions/core/engine/engine.js';
import { ConfigInvalidError } from '../../functions/core/errors.js';
import { runNightly } from '../../functions/core/duckdb/night/run-nightly.js';
import { sqlDir } from '../helpers/run-fixture.js';
import { runCli, TEST_PII_KEY } from './cli-process.js';
import type { CliResult } from './cli-process.js';
import { prepareExports, runTrustNight } from './trust-night.js';
import type { TrustNight } from './trust-night.js';

const DAY = 'export_date=2025-03-31';
/** Every address in the exports below. */
const EMAILS = [
  'ann@example.com',
  'Bob.Smith@Example.org',
  'cat+tag@example.co.uk',
  'dan@example.com',
  'eve@example.com',
  'fay@example.com',
  'gil@example.com',
  'hal@example.com',
];
const EMAIL_PATTERN = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

const FILES = {
  [`customers/${DAY}/customers.csv`]:
    'customer_id,acquired_at,segment,email\n' +
    'C1,2025-01-05,smb,ann@example.com\n' +
    'C2,2025-02-10,consumer, Bob.Smith@Example.org \n' +
    'C3,2025-02-11,smb,cat+tag@example.co.uk\n' +
    'C4,2026-01-01,smb,dan@example.com\n' + // rejected: acquired after the export
    'C5,2025-02-12,smb,eve@example.com,extra\n', // rejected: a broken record
  [`customers/${DAY}/more.jsonl`]:
    '{"customer_id":"C6","acquired_at":"not a date","EMAIL":"fay@example.com"}\n', // rejected
  [`orders/${DAY}/orders.csv`]:
    'order_id,customer_id,ordered_at,amount,category,contact_email\n' +
    'O1,C1,2025-01-05,100.00,books,\n' +
    'O2,C2,2025-02-10,ten,books,gil@example.com\n' + // rejected; the extra column holds an address
    'O3,C3,2025-02-11,-5.00,hal@example.com,\n', // rejected; an address typed into category
};

/**
 * Every text value of every table, with where it is: the published tables
 * (`main`) and, while a night's engine is open, its in-memory `build` and
 * `landing` databases.
 */
async function everyValue(engine: Engine): Promise<{ where: string; value: string }[]> {
  const columns = await engine.query(
    `SELECT CASE WHEN table_catalog = current_database() THEN 'main' ELSE table_catalog END AS area,
       table_catalog, table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'main' AND table_catalog IN (current_database(), 'build', 'landing')`,
  );
  const found: { where: string; value: string }[] = [];
  for (const c of columns) {
    const where = `${String(c.area)}.${String(c.table_name)}.${String(c.column_name)}`;
    found.push({ where, value: String(c.column_name) });
    const rows = await engine.query(
      `SELECT DISTINCT CAST("${String(c.column_name)}" AS VARCHAR) AS v FROM "${String(c.table_catalog)}".main."${String(c.table_name)}"`,
    );
    for (const r of rows) if (r.v !== null) found.push({ where, value: String(r.v) });
  }
  return found;
}

const leaks = (values: readonly { where: string; value: string }[]) =>
  values.filter(
    ({ value }) =>
      EMAIL_PATTERN.test(value) || EMAILS.some((e) => value.toLowerCase().includes(e.toLowerCase())),
  );

describe('Personal data', () => {
  let workDir: string;
  let exportsDir: string;
  let warehouseDir: string;
  let result: CliResult;
  /** The same night in this process, its scratch databases still open. */
  let inProcess: TrustNight;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-pii-'));
    exportsDir = await prepareExports(null, FILES);
    warehouseDir = join(workDir, 'warehouse');
    // Most rows are rejected on purpose: tolerate any share, so the night
    // publishes and the KPI tables are scanned too.
    await writeFile(join(workDir, 'config.json'), JSON.stringify({ maxRejectShare: 1 }));
    result = await runCli([
      '--exports', exportsDir, '--warehouse', warehouseDir, '--config', join(workDir, 'config.json'),
    ]);
    inProcess = await runTrustNight(await prepareExports(null, FILES), {
      config: { maxRejectShare: 1 },
      piiKey: TEST_PII_KEY,
    });
  });
  afterAll(async () => {
    await inProcess.close();
    await rm(workDir, { recursive: true, force: true });
    await rm(exportsDir, { recursive: true, force: true });
  });

  it('publishes the night', () => {
    expect(result.code, result.stderr).toBe(0);
  });

  it('leaves no address in any table, column name or Parquet file', async () => {
    // Prepare
    const engine = await DuckDbEngine.open(join(warehouseDir, 'warehouse.duckdb'));
    let values: { where: string; value: string }[];
    try {
      values = [...(await everyValue(engine)), ...(await everyValue(inProcess.engine))];
    } finally {
      await engine.close();
    }
    // Assess: the scan saw the rejects, and the built and landed rows.
    expect(values.some((v) => v.where === 'main.pipeline_rejects.raw')).toBe(true);
    expect(values.some((v) => v.where === 'build.stg_customers.customer_id')).toBe(true);
    expect(values.some((v) => v.where === 'landing.customers.email_hash')).toBe(true);
    expect(leaks(values)).toEqual([]);
    for (const file of await readdir(join(warehouseDir, 'parquet'))) {
      const bytes = (await readFile(join(warehouseDir, 'parquet', file))).toString('latin1');
      for (const email of EMAILS) expect(bytes.toLowerCase(), file).not.toContain(email.toLowerCase());
    }
  });

  it('stores the keyed HMAC-SHA256 of the trimmed, lower-cased address', async () => {
    const rows = await inProcess.rows(
      'SELECT customer_id, email_hash FROM landing.customers WHERE _reject_reason IS NULL ORDER BY customer_id',
    );
    const hmac = (email: string) =>
      createHmac('sha256', TEST_PII_KEY).update(email.trim().toLowerCase()).digest('hex');
    expect(rows).toEqual([
      { customer_id: 'C1', email_hash: hmac('ann@example.com') },
      { customer_id: 'C2', email_hash: hmac('bob.smith@example.org') },
      { customer_id: 'C3', email_hash: hmac('cat+tag@example.co.uk') },
    ]);
  });

  it('redacts the raw text of every rejected row', async () => {
    const engine = await DuckDbEngine.open(join(warehouseDir, 'warehouse.duckdb'));
    try {
      const rows = await engine.query('SELECT file, line, raw FROM main.pipeline_rejects ORDER BY file, line');
      expect(rows.map((r) => [String(r.file).split('/').pop(), Number(r.line), r.raw])).toEqual([
        ['customers.csv', 5, 'C4,2026-01-01,smb,<redacted>'],
        ['customers.csv', 6, '<redacted> (a broken record of an entity with personal data)'],
        ['more.jsonl', 1, '{"customer_id":"C6","acquired_at":"not a date","acquisition_channel":null,"segment":null,"country":null,"email":"<redacted>","updated_at":null}'],
        ['orders.csv', 3, 'O2,C2,2025-02-10,ten,books,<redacted>'],
        ['orders.csv', 4, 'O3,C3,2025-02-11,-5.00,<redacted>,'],
      ]);
    } finally {
      await engine.close();
    }
  });

  it('never prints the key, nor keeps it in the warehouse file', async () => {
    expect(result.stdout + result.stderr).not.toContain(TEST_PII_KEY);
    const database = await readFile(join(warehouseDir, 'warehouse.duckdb'));
    expect(database.includes(Buffer.from(TEST_PII_KEY))).toBe(false);
  });

  it('stops a night with personal data and no key, naming the variable to set', async () => {
    // Act
    const missing = await runCli(['--exports', exportsDir, '--warehouse', join(workDir, 'nokey')], {
      CRM_KPI_PII_KEY: undefined,
    });
    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `error: customers/${DAY}/customers.csv has the personal-data column email, which is stored only ` +
        'as a keyed hash, and no key is configured: set CRM_KPI_PII_KEY to a secret of at least 16 ' +
        'characters (keep it out of version control; production reads it from Secrets Manager)',
    );
  });

  it('needs no key for exports without personal data', async () => {
    // Prepare: the same night without the customers' email column.
    const plain = await prepareExports(null, {
      [`customers/${DAY}/customers.csv`]: 'customer_id,segment\nC1,smb\n',
      [`orders/${DAY}/orders.csv`]: 'order_id,customer_id,ordered_at,amount\nO1,C1,2025-01-05,100.00\n',
    });
    const engine = await DuckDbEngine.open(':memory:');
    try {
      // Act / Assess
      const summary = await runNightly(engine, { exportsDir: plain, sqlDir, config: parseConfig({}), piiKey: null });
      expect(summary.gates.every((g) => g.passed)).toBe(true);
      await expect(
        runNightly(engine, { exportsDir, sqlDir, config: parseConfig({}), piiKey: null }),
      ).rejects.toThrow(ConfigInvalidError);
    } finally {
      await engine.close();
      await rm(plain, { recursive: true, force: true });
    }
  });
});
