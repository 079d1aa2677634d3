/**
 * The report of a whole local night, rendered in a real headless Chromium
 * (Debian's `chromium`, installed by CI): what finance sees must equal the
 * published tables, and opening it must fetch nothing. Without Chromium the
 * suite fails under CI (CI=1, as .ci/run sets) and is skipped with a warning
 * on a laptop: install it with `apt-get install -y chromium`.
 * A screenshot and an A4 landscape PDF go to test-artifacts/ for a person to look at.
 */
import { existsSync } from 'node:fs';
import { access, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config/pipeline-config.js';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import type { Row } from '../../functions/core/engine/engine.js';
import { runLocal } from '../../functions/core/local/run-local.js';
import type { LocalRunResult } from '../../functions/core/local/run-local.js';
import { csv, sqlDir } from '../helpers/run-fixture.js';

const root = join(sqlDir, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(root, 'test-artifacts');
const HOSTILE_SEGMENT = '<img src=x onerror=alert(1)>';

/** Thousands separators, as a person reads a count. */
const count = (value: unknown): string => Number(value).toLocaleString('en-US');
/** Dollars to the cent (the sample's amounts are far below 2^53 cents). */
const dollars = (value: unknown): string => {
  const n = Number(value);
  const text = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 ? '-' : ''}$${text}`;
};

async function launchChromium(): Promise<Browser> {
  try {
    await access(CHROMIUM);
  } catch {
    throw new Error(
      `Chromium is required for the report browser test and was not found at ${CHROMIUM}. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const chromiumMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (chromiumMissing) {
  console.warn(
    `Skipping the report browser test: no Chromium at ${CHROMIUM}. ` +
      'Install it with `apt-get update && apt-get install -y chromium` (CI always runs it).',
  );
}

describe.skipIf(chromiumMissing)('The monthly report in Chromium', () => {
  let workDir: string;
  let result: LocalRunResult;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  let tables: (sql: string) => Promise<Row[]>;
  let engine: DuckDbEngine;
  let reportPath: string;

  beforeAll(async () => {
    browser = await launchChromium();
    // The bundled demo exports plus one customer with a hostile segment name.
    workDir = await mkdtemp(join(tmpdir(), 'crm-kpi-report-browser-'));
    const exportsDir = join(workDir, 'exports');
    await cp(join(root, 'sample-exports'), exportsDir, { recursive: true });
    await writeFile(
      join(exportsDir, 'customers', 'export_date=2026-11-01', 'zz-hostile.csv'),
      csv(
        'customer_id,acquired_at,acquisition_channel,segment,country,email,updated_at',
        `HOSTILE1,2026-10-05T09:00:00Z,paid_search,${HOSTILE_SEGMENT},US,h@example.test,2026-10-05T09:00:00Z`,
      ),
    );
    result = await runLocal({
      exportsDir,
      warehouseDir: join(workDir, 'warehouse'),
      sqlDir,
      config: parseConfig({}),
    });
    if (result.report.status !== 'written') throw new Error(`no report: ${result.report.reason}`);
    reportPath = result.report.latestPath;
    engine = await DuckDbEngine.open(result.databasePath);
    tables = (sql) => engine.query(sql);
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('opens without any request but the file itself, any script or any dialog', async () => {
    // Assess
    expect(requests).toEqual([pathToFileURL(reportPath).href]);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('has one heatmap cell per cohort-month row of kpi_cohort_retention in the window', async () => {
    // Prepare: the window is the 24 months ending with the latest complete month
    const [expected] = await tables(
      'SELECT count(*) AS cells, sum(active_customers) AS active, count(*) FILTER (WHERE NOT is_complete) AS partial ' +
        'FROM kpi_cohort_retention WHERE cohort_month >= (SELECT CAST(max(month) - INTERVAL 23 MONTH AS DATE) ' +
        'FROM kpi_headline_monthly WHERE is_complete)',
    );
    const customers = page.locator('#cohort-customers g.cell');

    // Act
    const active = await customers.evaluateAll((cells) =>
      cells.reduce((sum, c) => sum + Number(c.getAttribute('data-active')), 0),
    );

    // Assess
    expect(Number(expected?.cells)).toBeGreaterThan(200);
    expect(await customers.count()).toBe(Number(expected?.cells));
    expect(await page.locator('#cohort-revenue g.cell').count()).toBe(Number(expected?.cells));
    expect(active).toBe(Number(expected?.active));
    expect(await page.locator('#cohort-customers g.cell.partial').count()).toBe(Number(expected?.partial));
  });

  it('shows the headline tiles of the latest complete month as published', async () => {
    // Prepare
    const [row] = await tables(
      'SELECT month, customers, acquired, lost, revenue, cac FROM kpi_headline_monthly ' +
        'WHERE is_complete ORDER BY month DESC LIMIT 1',
    );
    const value = (figure: string): Promise<string> =>
      page.locator(`[data-figure="${figure}"] .tile-value`).innerText();

    // Assess
    expect(await page.locator('h1').innerText()).toBe('October 2026');
    expect(row?.month).toBe('2026-10-01');
    expect(await value('customers')).toBe(count(row?.customers));
    expect(await value('acquired')).toBe(count(row?.acquired));
    expect(await value('lost')).toBe(count(row?.lost));
    expect(await value('revenue')).toBe(dollars(row?.revenue));
    expect(await value('cac')).toBe(dollars(row?.cac));
    expect(await page.locator('[data-partial-month="2026-11-01"]').innerText()).toContain('November 2026 is partial');
  });

  it('shows the reconciliation sheet with the totals of kpi_customer_reconciliation', async () => {
    // Prepare
    const rows = await tables(
      "SELECT period_type, customers_start, acquired, reactivated, lost, customers_end FROM kpi_customer_reconciliation " +
        "WHERE segment = 'all' AND ((period_type = 'month' AND period_start = DATE '2026-10-01') " +
        "OR (period_type = 'quarter' AND period_start = DATE '2026-10-01') OR (period_type = 'year' AND period_start = DATE '2026-01-01'))",
    );
    const shown = (period: string, field: string): Promise<string> =>
      page.locator(`#reconciliation-sheet td[data-period="${period}"][data-field="${field}"]`).innerText();

    // Assess
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const period = String(row.period_type);
      for (const field of ['customers_start', 'acquired', 'reactivated', 'lost', 'customers_end']) {
        expect(await shown(period, field), `${period} ${field}`).toBe(count(row[field]));
      }
      expect(await shown(period, 'identity')).toContain('✓');
    }
  });

  it('shows blended CAC and the 10% rule as published in kpi_cac_by_channel', async () => {
    // Prepare
    const [all] = await tables(
      "SELECT cac, new_customers, within_budget FROM kpi_cac_by_channel WHERE channel = 'all' AND month = DATE '2026-10-01'",
    );
    const row = page.locator('#cac-channels tr[data-key="all"]');

    // Assess
    expect(await row.locator('[data-field="cac"]').innerText()).toBe(dollars(all?.cac));
    expect(await row.locator('[data-field="new_customers"]').innerText()).toBe(count(all?.new_customers));
    expect(await row.locator('[data-field="within_budget"]').innerText()).toContain(all?.within_budget ? 'within' : 'over');
  });

  it('shows a hostile segment name as text', async () => {
    // Assess
    const segments = await page.locator('#reconciliation-segments').innerText();
    expect(segments).toContain(HOSTILE_SEGMENT);
    expect(await page.locator('#reconciliation-segments img').count()).toBe(0);
  });

  it('fits a laptop screen and prints on A4 landscape pages; artifacts saved', async () => {
    // Act
    await mkdir(ARTIFACTS, { recursive: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), format: 'A4', landscape: true, printBackground: true });
    const pdf = await readFile(join(ARTIFACTS, 'report.pdf'), 'latin1');

    // Assess: no horizontal scrolling; an A4 landscape page is 842 x 595 points
    expect(width).toBeLessThanOrEqual(1366);
    expect(pdf.startsWith('%PDF')).toBe(true);
    const boxes = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
    expect(boxes.length).toBeGreaterThan(5);
    for (const [, w, h] of boxes) {
      expect(Math.round(Number(w))).toBeGreaterThanOrEqual(841);
      expect(Math.round(Number(h))).toBeLessThanOrEqual(596);
    }
  });
});
