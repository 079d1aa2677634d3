import { describe, expect, it } from 'vitest';
import type { ReportPeriod } from '../../../functions/core/report/load-report-data.js';
import type { HeadlineRow } from '../../../functions/core/report/report-rows.js';
import { headlineSection } from '../../../functions/core/report/sections/headline.js';

const period: ReportPeriod = {
  asOf: '2026-11-01',
  runId: 'run',
  reportMonth: '2026-10-01',
  reportMonthComplete: true,
  partialMonth: '2026-11-01',
  windowStart: '2024-11-01',
  lastQuarter: '2026-07-01',
};
const ctx = { period, currency: 'USD', cacToClvMaxRatio: 0.1 };

function month(iso: string, figures: Partial<HeadlineRow>): HeadlineRow {
  const unknown = Object.fromEntries(
    [
      'customers', 'customers_change', 'acquired', 'acquired_change', 'lost', 'lost_change', 'retention_rate',
      'retention_rate_change', 'churn_rate', 'churn_rate_change', 'revenue', 'revenue_change',
      'net_revenue_retention', 'net_revenue_retention_change', 'cac', 'cac_change', 'clv', 'clv_change',
      'clv_to_cac', 'clv_to_cac_change', 'nps', 'nps_change', 'csat', 'csat_change',
    ].map((k) => [k, null]),
  );
  return { ...unknown, month: iso, is_complete: true, as_of: period.asOf, run_id: 'run', ...figures } as HeadlineRow;
}

/** The change line of kind `kind` in the tile of `field`. */
function change(html: string, field: string, kind: 'mom' | 'yoy'): string {
  const tile = html.slice(html.indexOf(`data-figure="${field}"`));
  const start = tile.indexOf(`data-change="${kind}"`);
  return tile.slice(start, tile.indexOf('</div>', start)).replace(/<[^>]+>/g, '');
}

describe('Function: headlineSection (year over year)', () => {
  it('compares each tile with the same month a year earlier, money to the cent', () => {
    const html = headlineSection(
      [
        month('2025-10-01', { customers: 1800, revenue: '10000.10', churn_rate: 0.05 }),
        month('2026-09-01', { customers: 1990 }),
        month('2026-10-01', { customers: 1995, customers_change: 5, revenue: '12345.67', churn_rate: 0.04 }),
      ],
      ctx,
    ).text;
    // 1,995 - 1,800 = +195 customers; 12,345.67 - 10,000.10 = +2,345.57; churn 4% - 5% = -1 point (good news).
    expect(change(html, 'customers', 'mom')).toContain('vs Sep 2026');
    expect(change(html, 'customers', 'yoy')).toMatch(/▲ \+195 .*vs Oct 2025/);
    expect(change(html, 'revenue', 'yoy')).toMatch(/▲ \+\$2,345\.57 .*vs Oct 2025/);
    expect(html).toMatch(/tile-change good" data-change="yoy">▼ [^<]*1\.0[^<]*<span class="muted">vs Oct 2025/);
  });

  it('shows – when the month a year earlier has no figure', () => {
    const html = headlineSection([month('2026-10-01', { customers: 1995 })], ctx).text;
    expect(change(html, 'customers', 'yoy')).toMatch(/^[^▲▼]*– vs Oct 2025/);
  });
});
