/**
 * How customers rate us: NPS, CSAT and CES per month over the trailing
 * window (all touchpoints and segments), and the report month's answers.
 */
import { COLORS } from '../charts/colors.js';
import { lineChart } from '../charts/line-chart.js';
import type { LineChartSpec } from '../charts/line-chart.js';
import { formatCount, formatDecimal, formatMonth, formatNps, formatShare } from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { monthsBetween } from '../months.js';
import type { PerceptionRow } from '../report-rows.js';
import { dataTable, figure, noRows, section } from './figure.js';
import type { ReportContext } from './figure.js';

const SOURCE = 'kpi_perception_monthly';

/** Month's NPS, CSAT and CES answers and scores. */
function monthTable(row: PerceptionRow): SafeHtml {
  return dataTable(
    [row],
    [
      { header: 'NPS answers', cell: (r) => formatCount(r.nps_responses), field: 'nps_responses' },
      { header: 'Promoters', cell: (r) => formatCount(r.promoters), field: 'promoters' },
      { header: 'Passives', cell: (r) => formatCount(r.passives), field: 'passives' },
      { header: 'Detractors', cell: (r) => formatCount(r.detractors), field: 'detractors' },
      { header: 'NPS', cell: (r) => formatNps(r.nps), field: 'nps' },
      { header: 'CSAT answers', cell: (r) => formatCount(r.csat_responses), field: 'csat_responses' },
      { header: 'Satisfied', cell: (r) => formatCount(r.csat_satisfied), field: 'csat_satisfied' },
      { header: 'CSAT', cell: (r) => formatShare(r.csat), field: 'csat' },
      { header: 'CSAT mean (1‑5)', cell: (r) => formatDecimal(r.csat_mean, 2), field: 'csat_mean' },
      { header: 'CES answers', cell: (r) => formatCount(r.ces_responses), field: 'ces_responses' },
      { header: 'CES mean (1‑7)', cell: (r) => formatDecimal(r.ces_mean, 2), field: 'ces_mean' },
      { header: 'CES easy (1‑3)', cell: (r) => formatShare(r.ces_easy_share), field: 'ces_easy_share' },
    ],
  );
}

/** Three trend charts and the month's table. */
function perceptionSection(rows: readonly PerceptionRow[], ctx: ReportContext): SafeHtml {
  const { reportMonth, windowStart, partialMonth } = ctx.period;
  const months = monthsBetween(windowStart, partialMonth ?? reportMonth);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const trend = (
    name: string,
    pick: (r: PerceptionRow) => number | null,
    format: (v: number) => string,
    include: readonly number[],
    scale?: readonly [number, number],
  ): LineChartSpec => ({
    ariaLabel: `${name} by month`,
    months,
    partial: months.map((m) => m === partialMonth),
    series: [{ name, color: COLORS.primary, values: months.map((m) => { const r = byMonth.get(m); return r ? pick(r) : null; }) }],
    formatTick: format,
    formatValue: format,
    include,
    scale,
    width: 380,
  });
  const rowsFrom = `touchpoint all, segment all, months from ${windowStart}`;
  const month = byMonth.get(reportMonth);
  if (rows.length === 0) {
    return section('perception', 'NPS, CSAT and CES', [
      figure('perception-empty', 'Survey answers', noRows('survey answers'), {
        shows: 'NPS, CSAT and CES by month.',
        computed: 'No survey responses were exported.',
        sources: [{ table: SOURCE, rows: rowsFrom }],
      }),
    ]);
  }
  return section('perception', 'NPS, CSAT and CES', [
    html`<div class="grid-3">${[
      figure('nps-trend', 'Net Promoter Score', lineChart(trend('NPS', (r) => r.nps, (v) => formatNps(v), [0])), {
        shows: 'NPS per month, from −100 to 100; above 0 means more promoters than detractors.',
        computed: 'NPS = 100 × (promoters − detractors) / NPS answers; promoters score 9-10, detractors 0-6.',
        sources: [{ table: SOURCE, rows: rowsFrom }],
      }),
      figure('csat-trend', 'Customer satisfaction (CSAT)', lineChart(trend('CSAT', (r) => r.csat, (v) => formatShare(v, 0), [0, 1])), {
        shows: 'The share of CSAT answers that were satisfied, per month.',
        computed: 'CSAT = answers at or above the satisfied score (config csatSatisfiedMin, default 4 on 1-5) / CSAT answers.',
        sources: [{ table: SOURCE, rows: rowsFrom }],
      }),
      figure('ces-trend', 'Customer effort (CES)', lineChart(trend('CES mean', (r) => r.ces_mean, (v) => formatDecimal(v, 1), [1, 7], [1, 7])), {
        shows: 'The mean effort score per month, 1 to 7: lower is easier.',
        computed: 'CES mean = sum of CES scores / CES answers.',
        sources: [{ table: SOURCE, rows: rowsFrom }],
      }),
    ]}</div>`,
    figure('perception-month', `Survey answers, ${formatMonth(reportMonth)}`, month ? monthTable(month) : noRows('survey answers'), {
      shows: `The answers behind the ${formatMonth(reportMonth)} scores, so each can be recomputed.`,
      computed: 'CES easy = share of CES answers scoring 1 to 3. A gap in a trend is a month without answers.',
      sources: [{ table: SOURCE, rows: `touchpoint all, segment all, month ${reportMonth}` }],
    }),
  ]);
}

export { perceptionSection };
