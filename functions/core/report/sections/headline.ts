/**
 * The headline tiles: each figure of the report month, its change against
 * the month before and against the same month a year earlier (coloured and
 * signed by whether it is good news), and its trend over the trailing
 * window.
 */
import { sparkline } from '../charts/sparkline.js';
import {
  formatCount,
  formatCountChange,
  formatMoney,
  formatMoneyChange,
  formatMonth,
  formatMonthShort,
  formatMultiple,
  formatMultipleChange,
  formatNps,
  formatNpsChange,
  formatShare,
  formatShareChange,
} from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { addMonths } from '../months.js';
import type { HeadlineRow } from '../report-rows.js';
import { figure, section } from './figure.js';
import type { ReportContext } from './figure.js';

type Value = number | string | null;

interface Tile {
  readonly field: string;
  readonly label: string;
  readonly value: (r: HeadlineRow) => Value;
  readonly change: (r: HeadlineRow) => Value;
  readonly kind: 'count' | 'share' | 'money' | 'multiple' | 'nps';
  /** Which direction of change is good news. */
  readonly better: 'up' | 'down';
}

const TILES: readonly Tile[] = [
  { field: 'customers', label: 'Active customers', value: (r) => r.customers, change: (r) => r.customers_change, kind: 'count', better: 'up' },
  { field: 'acquired', label: 'Acquired', value: (r) => r.acquired, change: (r) => r.acquired_change, kind: 'count', better: 'up' },
  { field: 'lost', label: 'Lost', value: (r) => r.lost, change: (r) => r.lost_change, kind: 'count', better: 'down' },
  { field: 'retention_rate', label: 'Retention rate', value: (r) => r.retention_rate, change: (r) => r.retention_rate_change, kind: 'share', better: 'up' },
  { field: 'churn_rate', label: 'Churn rate', value: (r) => r.churn_rate, change: (r) => r.churn_rate_change, kind: 'share', better: 'down' },
  { field: 'revenue', label: 'Revenue', value: (r) => r.revenue, change: (r) => r.revenue_change, kind: 'money', better: 'up' },
  { field: 'net_revenue_retention', label: 'Net revenue retention', value: (r) => r.net_revenue_retention, change: (r) => r.net_revenue_retention_change, kind: 'share', better: 'up' },
  { field: 'cac', label: 'Blended CAC', value: (r) => r.cac, change: (r) => r.cac_change, kind: 'money', better: 'down' },
  { field: 'clv', label: 'CLV of new customers', value: (r) => r.clv, change: (r) => r.clv_change, kind: 'money', better: 'up' },
  { field: 'clv_to_cac', label: 'CLV : CAC', value: (r) => r.clv_to_cac, change: (r) => r.clv_to_cac_change, kind: 'multiple', better: 'up' },
  { field: 'nps', label: 'NPS', value: (r) => r.nps, change: (r) => r.nps_change, kind: 'nps', better: 'up' },
  { field: 'csat', label: 'CSAT (satisfied share)', value: (r) => r.csat, change: (r) => r.csat_change, kind: 'share', better: 'up' },
];

const asNumber = (v: Value): number | null => (v === null ? null : Number(v));

/** Whole cents of a money text such as `-12.30`. */
const cents = (money: string): bigint => {
  const [whole = '0', fraction = ''] = money.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return money.startsWith('-') ? -value : value;
};

/** a - b for money, exactly, as a money text. */
function moneyDifference(a: string, b: string): string {
  const d = cents(a) - cents(b);
  const abs = d < 0n ? -d : d;
  return `${d < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** This month's figure minus the same figure a year earlier; null when either is unknown. */
function yearOverYear(tile: Tile, row: HeadlineRow, yearAgo: HeadlineRow | undefined): Value {
  const now = tile.value(row);
  const then = yearAgo ? tile.value(yearAgo) : null;
  if (now === null || then === null) return null;
  return tile.kind === 'money' ? moneyDifference(String(now), String(then)) : Number(now) - Number(then);
}
const asText = (v: Value): string | null => (v === null ? null : String(v));

function formatValue(tile: Tile, v: Value, currency: string): string {
  switch (tile.kind) {
    case 'count':
      return formatCount(asNumber(v));
    case 'share':
      return formatShare(asNumber(v));
    case 'money':
      return formatMoney(asText(v), currency);
    case 'multiple':
      return formatMultiple(asNumber(v));
    case 'nps':
      return formatNps(asNumber(v));
  }
}

function formatChange(tile: Tile, v: Value, currency: string): string {
  switch (tile.kind) {
    case 'count':
      return formatCountChange(asNumber(v));
    case 'share':
      return formatShareChange(asNumber(v));
    case 'money':
      return formatMoneyChange(asText(v), currency);
    case 'multiple':
      return formatMultipleChange(asNumber(v));
    case 'nps':
      return formatNpsChange(asNumber(v));
  }
}

/** One change line of a tile: signed, arrowed and toned by whether it is good news. */
function changeLine(tile: Tile, change: Value, against: string, kind: 'mom' | 'yoy', ctx: ReportContext): SafeHtml {
  const n = asNumber(change);
  const good = n === null || n === 0 ? null : (n > 0) === (tile.better === 'up');
  const arrow = n === null || n === 0 ? '' : n > 0 ? '▲ ' : '▼ ';
  const tone = good === null ? 'flat' : good ? 'good' : 'bad';
  return html`<div class="tile-change ${tone}" data-change="${kind}">${arrow}${formatChange(tile, change, ctx.currency)} <span class="muted">vs ${against}</span></div>`;
}

function tileHtml(
  tile: Tile,
  row: HeadlineRow,
  yearAgo: HeadlineRow | undefined,
  trend: readonly HeadlineRow[],
  ctx: ReportContext,
): SafeHtml {
  return html`<div class="tile" data-figure="${tile.field}" data-value="${String(tile.value(row))}">
<div class="tile-label">${tile.label}</div>
<div class="tile-value">${formatValue(tile, tile.value(row), ctx.currency)}</div>
${changeLine(tile, tile.change(row), formatMonthShort(addMonths(row.month, -1)), 'mom', ctx)}
${changeLine(tile, yearOverYear(tile, row, yearAgo), formatMonthShort(addMonths(row.month, -12)), 'yoy', ctx)}
${sparkline(trend.map((r) => asNumber(tile.value(r))), `${tile.label}, trend`)}
</div>`;
}

/** The headline section, or a notice when the report month has no row. */
function headlineSection(rows: readonly HeadlineRow[], ctx: ReportContext): SafeHtml {
  const { reportMonth, windowStart } = ctx.period;
  const row = rows.find((r) => r.month === reportMonth);
  const yearAgo = rows.find((r) => r.month === addMonths(reportMonth, -12));
  const trend = rows.filter((r) => r.month <= reportMonth);
  const tiles = row
    ? html`<div class="tiles">${TILES.map((t) => tileHtml(t, row, yearAgo, trend, ctx))}</div>`
    : html`<p class="empty">No headline row for ${formatMonth(reportMonth)}.</p>`;
  return section('headline', `Headline figures, ${formatMonth(reportMonth)}`, [
    figure('headline-tiles', 'The month at a glance', tiles, {
      shows: `Each figure for ${formatMonth(reportMonth)} with its change against ${formatMonth(addMonths(reportMonth, -1))} and against ${formatMonth(addMonths(reportMonth, -12))}, the same month a year earlier (▲ up, ▼ down; green when the change is good news, red when not; – when either month has no figure). The line under each is its trend over the complete months from ${formatMonthShort(windowStart)} to ${formatMonthShort(reportMonth)} (the partial month is left out).`,
      computed:
        'Change = this month minus the month before, or minus the same month a year earlier (rates in percentage points, NPS in NPS points; money to the cent). ' +
        'Customers, acquired, lost, retention and churn come from the reconciliation sheet (segment all); ' +
        'net revenue retention = revenue this month from customers active 12 months earlier / their revenue then; ' +
        'blended CAC = acquisition spend / new customers; CLV = mean historical net CLV of the month’s new customers; ' +
        'NPS = % promoters − % detractors; CSAT = share of answers at or above the satisfied score.',
      sources: [
        { table: 'kpi_headline_monthly', rows: `month = ${reportMonth} for the tiles, ${windowStart} to ${reportMonth} for the trends` },
      ],
    }),
  ]);
}

export { headlineSection };
