/**
 * Acquisition cost by channel for the report month, against what the
 * customers acquired are worth: CAC beside the limit the rule of thumb
 * allows (cac_to_clv_max_ratio x CLV, 10% by default), and the blended
 * CAC and CLV trend.
 */
import { barChart } from '../charts/bar-chart.js';
import { COLORS } from '../charts/colors.js';
import { lineChart } from '../charts/line-chart.js';
import {
  formatCount,
  formatMoney,
  formatMoneyTick,
  formatMonth,
  formatMultiple,
  formatShare,
  NA,
} from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { monthsBetween } from '../months.js';
import type { CacRow } from '../report-rows.js';
import { dataTable, figure, noRows, section } from './figure.js';
import type { ReportContext } from './figure.js';

const channelName = (r: CacRow): string => (r.channel === 'all' ? 'Blended (all)' : r.channel);

/** The most CAC the rule allows: ratio x CLV, to the cent. */
function limit(r: CacRow, ratio: number): number | null {
  return r.clv === null ? null : Math.round(Number(r.clv) * ratio * 100) / 100;
}

function verdict(r: CacRow): SafeHtml {
  if (r.within_budget === null) return html`<span class="flat">${NA} unknown</span>`;
  return r.within_budget ? html`<span class="good">✓ within</span>` : html`<span class="bad">✗ over</span>`;
}

function channelChart(rows: readonly CacRow[], ctx: ReportContext): SafeHtml {
  const rule = formatShare(ctx.cacToClvMaxRatio, 0);
  return barChart({
    ariaLabel: 'CAC by channel against the CLV rule',
    formatTick: (t) => formatMoneyTick(t, ctx.currency),
    rows: rows.map((r) => {
      const max = limit(r, ctx.cacToClvMaxRatio);
      return {
        label: channelName(r),
        emphasis: r.channel === 'all',
        bars: [
          {
            value: r.cac === null ? null : Number(r.cac),
            color: r.within_budget === null ? COLORS.neutral : r.within_budget ? COLORS.good : COLORS.bad,
            text: `${formatMoney(r.cac, ctx.currency)} ${r.within_budget === null ? '' : r.within_budget ? '✓' : '✗'}`,
            title: `${channelName(r)}: CAC ${formatMoney(r.cac, ctx.currency)}, CLV ${formatMoney(r.clv, ctx.currency)}, ${rule} of CLV ${formatMoney(max, ctx.currency)}`,
            data: { channel: r.channel, cac: r.cac ?? '' },
          },
        ],
        ...(max === null ? {} : { marker: { value: max, title: `${rule} of CLV: ${formatMoney(max, ctx.currency)}` } }),
      };
    }),
  });
}

function channelTable(rows: readonly CacRow[], ctx: ReportContext): SafeHtml {
  const rule = formatShare(ctx.cacToClvMaxRatio, 0);
  return dataTable(
    rows,
    [
      { header: 'Channel', cell: channelName, numeric: false },
      { header: 'Acquisition spend', cell: (r) => formatMoney(r.acquisition_spend, ctx.currency), field: 'acquisition_spend' },
      { header: 'New customers', cell: (r) => formatCount(r.new_customers), field: 'new_customers' },
      { header: 'CAC', cell: (r) => formatMoney(r.cac, ctx.currency), field: 'cac' },
      { header: 'CLV', cell: (r) => formatMoney(r.clv, ctx.currency), field: 'clv' },
      { header: `Limit (${rule} of CLV)`, cell: (r) => formatMoney(limit(r, ctx.cacToClvMaxRatio), ctx.currency) },
      { header: 'CLV : CAC', cell: (r) => formatMultiple(r.clv_to_cac), field: 'clv_to_cac' },
      { header: 'Payback (months)', cell: (r) => formatCount(r.payback_months), field: 'payback_months' },
      { header: 'Rule', cell: verdict, numeric: false, field: 'within_budget' },
    ],
    (r) => ({ className: r.channel === 'all' ? 'total' : undefined, key: r.channel }),
  );
}

/** Channel chart and table for the report month, then the blended trend. */
function acquisitionSection(rows: readonly CacRow[], ctx: ReportContext): SafeHtml {
  const { reportMonth, windowStart, partialMonth } = ctx.period;
  const rule = formatShare(ctx.cacToClvMaxRatio, 0);
  const month = rows.filter((r) => r.month === reportMonth);
  const ordered = [
    ...month.filter((r) => r.channel !== 'all').sort((a, b) => (b.new_customers ?? 0) - (a.new_customers ?? 0) || a.channel.localeCompare(b.channel)),
    ...month.filter((r) => r.channel === 'all'),
  ];
  const months = monthsBetween(windowStart, partialMonth ?? reportMonth);
  const blended = new Map(rows.filter((r) => r.channel === 'all').map((r) => [r.month, r]));
  const money = (v: string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
  const trend = lineChart({
    ariaLabel: 'Blended CAC and CLV of new customers',
    months,
    partial: months.map((m) => m === partialMonth),
    series: [
      { name: 'Blended CAC', color: COLORS.bad, values: months.map((m) => money(blended.get(m)?.cac)) },
      { name: 'CLV of new customers', color: COLORS.primary, values: months.map((m) => money(blended.get(m)?.clv)) },
    ],
    formatTick: (t) => formatMoneyTick(t, ctx.currency),
    formatValue: (v) => formatMoney(v, ctx.currency),
    include: [0],
    width: 1000,
  });
  const definition =
    `CAC = acquisition spend / customers acquired through the channel in the month; CLV = mean historical net CLV of those customers (revenue − cost in their first months, minus acquisition cost), as far as observed, so recent months are low. ` +
    `The rule of thumb allows CAC up to ${rule} of CLV (config cacToClvMaxRatio): a 5,000 CLV justifies at most 500 of CAC.`;
  return section('acquisition', 'Acquisition cost by channel', [
    figure('cac-channels', `CAC against the ${rule} rule, ${formatMonth(reportMonth)}`, ordered.length ? html`${channelChart(ordered, ctx)}${channelTable(ordered, ctx)}` : noRows('acquisition rows'), {
      shows: `Each channel’s CAC (bar: green ✓ within the rule, red ✗ over it, grey unknown) and the most the rule allows (black tick = ${rule} of CLV). Blended = every channel together, spend on channels that acquired nobody included.`,
      computed: `${definition} The limit column is computed here as ${ctx.cacToClvMaxRatio} × CLV; the verdict is the published within_budget.`,
      sources: [{ table: 'kpi_cac_by_channel', rows: `month = ${reportMonth}, every channel` }],
    }),
    figure('cac-trend', 'Blended CAC and CLV of new customers', trend, {
      shows: `Blended CAC (red) and the CLV of the month’s new customers (blue) from ${formatMonth(windowStart)}; the hatched band is the partial month.`,
      computed: definition,
      sources: [{ table: 'kpi_cac_by_channel', rows: `channel all, months from ${windowStart}` }],
    }),
  ]);
}

export { acquisitionSection };
