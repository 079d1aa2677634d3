/**
 * Assembles the report page: header with the report month, the export date
 * and the partial month called out, the eight sections (the last: what
 * changed since the previous published night), and a footer naming where
 * every number comes from. One string, no external resource.
 */
import { formatDay, formatMonth } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './html.js';
import type { ReportData } from './load-report-data.js';
import { reportStyle } from './report-style.js';
import { acquisitionSection } from './sections/acquisition.js';
import { cohortSection } from './sections/cohorts.js';
import type { ReportContext } from './sections/figure.js';
import { headlineSection } from './sections/headline.js';
import { perceptionSection } from './sections/perception.js';
import { reconciliationSection } from './sections/reconciliation.js';
import { relationshipSection } from './sections/relationship.js';
import { restatementSection } from './sections/restatements.js';
import { walletSection } from './sections/wallet.js';

interface RenderOptions {
  /** ISO 4217 code of every money value. */
  readonly currency: string;
  /** Config cacToClvMaxRatio: the CAC rule drawn on the channel chart. */
  readonly cacToClvMaxRatio: number;
  /** Where the CSV copies of the report's rows are, relative to the page. */
  readonly csvFolder: string;
}

const CONTENTS = [
  ['headline', 'Headline'],
  ['cohorts', 'Cohort retention'],
  ['reconciliation', 'Reconciliation'],
  ['acquisition', 'CAC by channel'],
  ['wallet', 'Share of wallet'],
  ['relationship', 'Return on relationship'],
  ['perception', 'NPS, CSAT, CES'],
  ['restatements', 'Restatements'],
] as const;

function header(ctx: ReportContext): SafeHtml {
  const { period } = ctx;
  const month = formatMonth(period.reportMonth);
  const partial = period.partialMonth
    ? period.reportMonthComplete
      ? html`<p class="notice" data-partial-month="${period.partialMonth}"><strong>${formatMonth(period.partialMonth)} is partial</strong> (data up to the export date, ${formatDay(period.asOf)}): it appears only in the trends and the cohort triangles, as a hatched band, hollow point or hatched cell, and never as the report month.</p>`
      : html`<p class="notice" data-partial-month="${period.partialMonth}"><strong>No month is complete yet:</strong> this report shows ${month} to date (partial, up to ${formatDay(period.asOf)}).</p>`
    : '';
  return html`<header class="report-header">
<div class="eyebrow">Monthly customer report</div>
<h1>${month}</h1>
<p class="meta">${period.reportMonthComplete ? 'The latest complete month' : 'The current month, partial'}. Data as of ${formatDay(period.asOf)} (export date), run <code>${period.runId}</code>. Money in ${ctx.currency}, to the cent.</p>
${partial}
<nav class="toc">${CONTENTS.map(([id, title]) => html`<a href="#${id}">${title}</a>`)}</nav>
</header>`;
}

/** The whole HTML document. */
function renderReport(data: ReportData, options: RenderOptions): string {
  const ctx: ReportContext = {
    period: data.period,
    currency: options.currency,
    cacToClvMaxRatio: options.cacToClvMaxRatio,
  };
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Customer report ${formatMonth(data.period.reportMonth)}</title>
${reportStyle()}
</head>
<body>
<main>
${header(ctx)}
${headlineSection(data.headline, ctx)}
${cohortSection(data.cohorts, ctx)}
${reconciliationSection(data.reconciliation, ctx)}
${acquisitionSection(data.cac, ctx)}
${walletSection(data.wallet, ctx)}
${relationshipSection(data.relationship, ctx)}
${perceptionSection(data.perception, ctx)}
${restatementSection(data.restatements)}
<footer>
<p>Every number comes from the published table named in its caption (run <code>${data.period.runId}</code>, export date ${data.period.asOf}); definitions of every column are in <code>docs/kpis.md</code> and in the published table <code>kpi_catalog</code>. The rows behind the report are in <code>${options.csvFolder}/&lt;table&gt;.csv</code>.</p>
</footer>
</main>
</body>
</html>
`;
  return page.text;
}

export { renderReport };
export type { RenderOptions };
