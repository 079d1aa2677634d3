import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/core/duckdb/duckdb-engine.js';
import { buildReport } from '../../functions/core/report/build-report.js';
import type { ReportFiles } from '../../functions/core/report/build-report.js';
import { writeReport } from '../../functions/core/report/write-report.js';
import { runFixture } from '../helpers/run-fixture.js';
import type { FixtureRun } from '../helpers/run-fixture.js';
import { HOSTILE_SEGMENT, hostileFixture } from './hostile-fixture.js';

const options = { currency: 'USD', cacToClvMaxRatio: 0.1 };

/** Text of the element with the given data-figure (headline tile). */
function tile(html: string, figure: string): string {
  const start = html.indexOf(`data-figure="${figure}"`);
  return html.slice(start, html.indexOf('</svg>', start));
}

describe('Function: buildReport', () => {
  let run: FixtureRun;
  let report: ReportFiles;
  beforeAll(async () => {
    run = await runFixture(hostileFixture);
    const built = await buildReport(run.engine, options);
    if (!built) throw new Error('the fixture night has months to report');
    report = built;
  });
  afterAll(() => run.close());

  it('reports the latest complete month and labels the partial one', () => {
    // Assess: export date 2025-04-15 -> March complete, April partial
    expect(report.month).toBe('2025-03');
    expect(report.html).toContain('<h1>March 2025</h1>');
    expect(report.html).toContain('<strong>April 2025 is partial</strong>');
    expect(report.html).toContain('data-partial-month="2025-04-01"');
  });

  it('shows partial-month cohort cells as "–", uncoloured, never as a rate', () => {
    // Assess: April 2025 is partial; every April cell of both heatmaps is hatched and reads "–".
    const cells = [...report.html.matchAll(/<g class="cell partial"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => m[1] ?? '');
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell).toMatch(/>–<\/text>/);
      expect(cell).toContain('fill="#f3f4f6"');
    }
  });

  it('says there are no restatements on a first night', () => {
    expect(report.html).toContain('data-restatements="none"');
    expect(report.html).toContain('<a href="#restatements">Restatements</a>');
  });

  it('shows the month’s headline figures and their change', () => {
    // Assess: March revenue = A3 40.00 + A4 -10.00 = 30.00; February = C1 60.00 + E1 25.00 = 85.00
    // (C2 cancelled); change = 30.00 - 85.00 = -55.00, shown red as bad news.
    expect(tile(report.html, 'revenue')).toContain('<div class="tile-value">$30.00</div>');
    expect(tile(report.html, 'revenue')).toContain('<div class="tile-change bad" data-change="mom">▼ -$55.00');
    // No March 2024 in the fixture: the year-over-year line is unknown.
    expect(tile(report.html, 'revenue')).toMatch(/data-change="yoy">– <span class="muted">vs Mar 2024/);
    // Active at the end of March: A, B, C, E (D never ordered) = 4, as at the end of February.
    expect(tile(report.html, 'customers')).toContain('<div class="tile-value">4</div>');
    expect(tile(report.html, 'customers')).toContain('<div class="tile-change flat" data-change="mom">0');
  });

  it('writes out the reconciliation identity for the month, quarter and year to date', () => {
    // Assess: March: start A B C E = 4, + acquired D 1, + 0, - lost D 1 = 4.
    // 2025-Q1 and 2025 to date: start 0, acquired A B C D E = 5, lost D = 1, end 4.
    expect(report.html).toContain('4 + 1 + 0 − 1 = 4 ✓');
    expect(report.html.match(/0 \+ 5 \+ 0 − 1 = 4 ✓/g)?.length).toBe(2);
    expect(report.html).toContain('2025: 1 Jan 2025 – 15 Apr 2025 (partial)');
    // Retention: all 4 at the start are still active at the end (D, acquired
    // and lost in March, is not the starting base's loss) = 100.0%; the
    // sheet's (4 - 1 - 0) / 4 = 75% would blame the base for D.
    expect(report.html).toMatch(/data-period="month" data-field="retained_from_start">4</);
    expect(report.html).toMatch(/data-period="month" data-field="retention_rate">100\.0%</);
  });

  it('draws one heatmap cell per kpi_cohort_retention row, in both heatmaps', async () => {
    // Prepare: cohorts Jan (A, B) Jan-Apr = 4 rows, Feb (C, E) Feb-Apr = 3, Mar (D) Mar-Apr = 2
    const [published] = await run.rows('SELECT count(*) AS n FROM kpi_cohort_retention');

    // Assess
    expect(Number(published?.n)).toBe(9);
    expect(report.html.match(/<g class="cell/g)?.length).toBe(2 * 9);
    expect(report.html).toContain('2 active = 100.0%'); // the Feb cohort in February
  });

  it('escapes every name that comes from the CRM', () => {
    // Assess: the segment appears, as text, in the reconciliation by segment
    expect(report.html).not.toContain(HOSTILE_SEGMENT);
    expect(report.html).not.toMatch(/<script/i);
    expect(report.html).toContain('&lt;script&gt;alert(&#39;seg&#39;)&lt;/script&gt;');
  });

  it('loads nothing from the network', () => {
    // Assess: no URL an element could fetch; the CSP forbids any anyway
    expect(report.html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(report.html).not.toMatch(/@import|url\((?!#)/);
    expect(report.html).toContain("default-src 'none'");
  });

  it('bundles the rows behind every section as RFC 4180 CSV', () => {
    // Prepare
    const reconciliation = report.csv.get('kpi_customer_reconciliation.csv') ?? '';
    const cac = report.csv.get('kpi_cac_by_channel.csv') ?? '';

    // Assess: 5 segments (all, consumer, smb, unassigned, the hostile one) x 3 periods + header
    expect([...report.csv.keys()].sort()).toEqual([
      'kpi_cac_by_channel.csv',
      'kpi_cohort_retention.csv',
      'kpi_customer_reconciliation.csv',
      'kpi_headline_monthly.csv',
      'kpi_perception_monthly.csv',
      'kpi_return_on_relationship.csv',
      'kpi_share_of_wallet_segment.csv',
      'pipeline_restatements.csv',
    ]);
    expect(reconciliation.split('\r\n').filter(Boolean)).toHaveLength(16);
    expect(reconciliation.startsWith('period_type,period_start,period_end,period_label,')).toBe(true);
    expect(cac).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('Function: writeReport', () => {
  let run: FixtureRun;
  let warehouseDir: string;
  beforeAll(async () => {
    run = await runFixture(hostileFixture);
    warehouseDir = await mkdtemp(join(tmpdir(), 'crm-kpi-report-'));
  });
  afterAll(async () => {
    await run.close();
    await rm(warehouseDir, { recursive: true, force: true });
  });

  it('writes <month>.html, latest.html and <month>/<table>.csv, replacing the previous bundle', async () => {
    // Act: twice, as two nights of the same month would
    await writeReport(run.engine, warehouseDir, options);
    const written = await writeReport(run.engine, warehouseDir, options);

    // Assess
    if (written.status !== 'written') throw new Error(written.reason);
    const dir = join(warehouseDir, 'report');
    expect((await readdir(dir)).sort()).toEqual(['2025-03', '2025-03.html', 'latest.html']);
    expect(await readFile(written.latestPath, 'utf8')).toBe(await readFile(written.htmlPath, 'utf8'));
    expect((await readdir(written.csvDir)).length).toBe(8);
    expect(written.bytes).toBe((await readFile(written.htmlPath)).length);
  });
});

describe('Function: writeReport on a warehouse without months', () => {
  it('skips the report and says why', async () => {
    // Prepare
    const engine = await DuckDbEngine.open(':memory:');
    try {
      await engine.execute(
        "CREATE TABLE kpi_headline_monthly AS SELECT DATE '2025-01-01' AS month, true AS is_complete, " +
          "DATE '2025-01-01' AS as_of, 'r' AS run_id WHERE false",
      );

      // Act
      const outcome = await writeReport(engine, tmpdir(), options);

      // Assess
      expect(outcome).toEqual({ status: 'skipped', reason: 'no month published yet (kpi_headline_monthly is empty)' });
    } finally {
      await engine.close();
    }
  });
});
