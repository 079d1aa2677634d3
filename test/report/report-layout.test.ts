import { describe, expect, it } from 'vitest';
import type { ReportFiles } from '../../functions/core/report/build-report.js';
import { inWriteOrder, REPORT_FOLDER, reportLayout } from '../../functions/core/report/report-layout.js';

const report: ReportFiles = {
  month: '2025-03',
  runId: 'r20250415_0123456789_1',
  html: '<!DOCTYPE html><title>March 2025</title>',
  csvFolder: '2025-03',
  csv: new Map([
    ['kpi_headline_monthly.csv', 'month\r\n2025-03-01\r\n'],
    ['kpi_cac_by_channel.csv', 'month,channel\r\n'],
  ]),
};

describe('Function: reportLayout', () => {
  it('names the month’s CSV bundle, its page and latest.html under report/, with their media types', () => {
    // Act
    const layout = reportLayout(report);

    // Assess
    expect(REPORT_FOLDER).toBe('report');
    expect(layout.csv).toEqual([
      { path: '2025-03/kpi_headline_monthly.csv', body: 'month\r\n2025-03-01\r\n', contentType: 'text/csv; charset=utf-8' },
      { path: '2025-03/kpi_cac_by_channel.csv', body: 'month,channel\r\n', contentType: 'text/csv; charset=utf-8' },
    ]);
    expect(layout.monthPage).toEqual({ path: '2025-03.html', body: report.html, contentType: 'text/html; charset=utf-8' });
    expect(layout.latestPage).toEqual({ ...layout.monthPage, path: 'latest.html' });
  });

  it('orders the writes: the CSV bundle, then the month’s page, latest.html last', () => {
    // Act
    const order = inWriteOrder(reportLayout(report)).map((f) => f.path);

    // Assess
    expect(order).toEqual([
      '2025-03/kpi_headline_monthly.csv',
      '2025-03/kpi_cac_by_channel.csv',
      '2025-03.html',
      'latest.html',
    ]);
  });
});
