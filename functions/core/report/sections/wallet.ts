/**
 * Share of wallet by segment for the latest wallet period: how much of
 * what customers spend in a category (as estimated) came to us, weighted
 * by spend and as the mean of the customers' own shares.
 */
import { barChart } from '../charts/bar-chart.js';
import { COLORS } from '../charts/colors.js';
import { formatCount, formatDay, formatMoney, formatShare, NA } from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import type { WalletRow } from '../report-rows.js';
import { figure, noRows, section } from './figure.js';
import type { ReportContext } from './figure.js';

const segmentName = (s: string): string => (s === 'all' ? 'All segments' : s);
const categoryName = (c: string): string => (c === 'all' ? 'All categories' : c);

/** 'all' last for segments, first for categories; the rest by name. */
function ordered(values: Iterable<string>, allFirst: boolean): string[] {
  const rest = [...new Set(values)].filter((v) => v !== 'all').sort();
  const hasAll = [...new Set(values)].includes('all');
  return hasAll ? (allFirst ? ['all', ...rest] : [...rest, 'all']) : rest;
}

function describe(r: WalletRow, currency: string): string {
  return (
    `${segmentName(r.segment)}, ${categoryName(r.category)}: ${formatCount(r.customers)} customers, ` +
    `our revenue ${formatMoney(r.our_revenue, currency)} of ${formatMoney(r.total_category_spend, currency)} estimated spend = ` +
    `${formatShare(r.weighted_share_of_wallet)} (mean of individual shares ${formatShare(r.mean_share_of_wallet)}; ` +
    `${formatCount(r.customers_above_one)} estimates below our own revenue)`
  );
}

function matrix(rows: readonly WalletRow[], currency: string): SafeHtml {
  const segments = ordered(rows.map((r) => r.segment), false);
  const categories = ordered(rows.map((r) => r.category), true);
  const find = (s: string, c: string): WalletRow | undefined => rows.find((r) => r.segment === s && r.category === c);
  const body = segments.map((s) => {
    const cells = categories.map((c) => {
      const r = find(s, c);
      if (!r) return html`<td class="num muted">${NA}</td>`;
      const flagged = (r.customers_above_one ?? 0) > 0;
      return html`<td class="num" data-segment="${s}" data-category="${c}" data-value="${String(r.weighted_share_of_wallet)}" title="${describe(r, currency)}">${formatShare(r.weighted_share_of_wallet)}${flagged ? ' ⚑' : ''}<br><span class="muted">n=${formatCount(r.customers)}</span></td>`;
    });
    return html`<tr${s === 'all' ? html` class="total"` : ''}><th class="text" scope="row">${segmentName(s)}</th>${cells}</tr>`;
  });
  return html`<table class="data matrix"><thead><tr><th class="text">Segment</th>${categories.map((c) => html`<th class="num">${categoryName(c)}</th>`)}</tr></thead><tbody>${body}</tbody></table>`;
}

function chart(rows: readonly WalletRow[], ctx: ReportContext): SafeHtml {
  const overall = rows.filter((r) => r.category === 'all');
  const segments = ordered(overall.map((r) => r.segment), false);
  return barChart({
    ariaLabel: 'Share of wallet by segment, all categories',
    formatTick: (t) => formatShare(t, 0),
    rows: segments.flatMap((s) => {
      const r = overall.find((o) => o.segment === s);
      if (!r) return [];
      return [
        {
          label: segmentName(s),
          emphasis: s === 'all',
          bars: [
            { value: r.weighted_share_of_wallet, color: COLORS.primary, text: formatShare(r.weighted_share_of_wallet), title: `weighted: ${describe(r, ctx.currency)}` },
            { value: r.mean_share_of_wallet, color: COLORS.secondary, text: formatShare(r.mean_share_of_wallet), title: `mean of individual shares: ${formatShare(r.mean_share_of_wallet)}` },
          ],
        },
      ];
    }),
  });
}

const COMPUTED =
  'Weighted share = sum of our revenue / sum of estimated total spend (our revenue = non-cancelled orders in the period within the category, refunds negative); ' +
  'mean share = average of each customer’s own share. The period is the latest wallet period starting by the end of the report month.';

/** Chart (estimates of every category) and the segment x category matrix. */
function walletSection(rows: readonly WalletRow[], ctx: ReportContext): SafeHtml {
  const first = rows[0];
  const period = first ? `${formatDay(first.period_start)} – ${formatDay(first.period_end)}` : NA;
  const source = {
    table: 'kpi_share_of_wallet_segment',
    rows: first ? `period_start ${first.period_start}, period_end ${first.period_end}` : 'no rows',
  };
  const overall = rows.filter((r) => r.category === 'all');
  const legend = html`<div class="legend"><span class="swatch" style="background:${COLORS.primary}"></span>weighted share <span class="swatch" style="background:${COLORS.secondary}"></span>mean of individual shares</div>`;
  return section('wallet', 'Share of wallet by segment', [
    figure('wallet-overall', `Share of wallet by segment, wallet period ${period}`, overall.length ? html`${legend}${chart(rows, ctx)}` : noRows('estimates covering every category'), {
      shows: 'For each segment, the share of customers’ estimated total spend (estimates covering every category) that came to us, weighted by spend (blue) and as the mean of the customers’ own shares (orange).',
      computed: COMPUTED,
      sources: [{ ...source, rows: `${source.rows}, category all, every segment` }],
    }),
    figure('wallet-categories', `Share of wallet by segment and category, wallet period ${period}`, rows.length ? matrix(rows, ctx.currency) : noRows('share-of-wallet estimates'), {
      shows:
        'The weighted share per segment and category (All categories = estimates covering every category; n = customers with an estimate). ' +
        '⚑ marks cells with an estimate below our own revenue (a share above 1, kept, not clipped). Hover a cell for the amounts.',
      computed: COMPUTED,
      sources: [{ ...source, rows: `${source.rows}, every segment and category` }],
    }),
  ]);
}

export { walletSection };
