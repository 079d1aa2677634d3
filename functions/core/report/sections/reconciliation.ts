/**
 * The customer reconciliation sheet finance signs off: how the active base
 * moved in the report month, the quarter to date and the year to date,
 * with the identity start + acquired + reactivated - lost = end written
 * out, and the month per segment.
 */
import { formatCount, formatDay, formatMonth, formatShare, NA } from '../format.js';
import { html } from '../html.js';
import type { HtmlValue, SafeHtml } from '../html.js';
import type { ReconciliationRow } from '../report-rows.js';
import { dataTable, figure, noRows, section } from './figure.js';
import type { ReportContext } from './figure.js';

const PERIOD_NAMES = { month: 'Month', quarter: 'Quarter to date', year: 'Year to date' } as const;

interface Line {
  readonly label: string;
  readonly field: keyof ReconciliationRow;
  readonly show: (r: ReconciliationRow) => string;
  readonly className?: string;
}

const count = (pick: (r: ReconciliationRow) => number | null) => (r: ReconciliationRow) => formatCount(pick(r));
const share = (pick: (r: ReconciliationRow) => number | null) => (r: ReconciliationRow) => formatShare(pick(r));

const LINES: readonly Line[] = [
  { label: 'Customers at start (active the day before)', field: 'customers_start', show: count((r) => r.customers_start) },
  { label: '+ Acquired', field: 'acquired', show: count((r) => r.acquired) },
  { label: '+ Reactivated', field: 'reactivated', show: count((r) => r.reactivated) },
  { label: '− Lost', field: 'lost', show: count((r) => r.lost) },
  { label: '= Customers at end', field: 'customers_end', show: count((r) => r.customers_end), className: 'total' },
  { label: 'Growth (end − start)', field: 'growth', show: count((r) => r.growth) },
  { label: 'Acquisition rate (acquired / customers at start; above 100% when the period acquired more than its base)', field: 'acquisition_rate', show: share((r) => r.acquisition_rate) },
  { label: 'Retained from start (start − lost from start)', field: 'retained_from_start', show: count((r) => r.retained_from_start) },
  { label: 'Retention rate (retained from start / start = 1 − churn rate)', field: 'retention_rate', show: share((r) => r.retention_rate) },
  { label: 'Zero-churn retention (end / (start + acquired + reactivated))', field: 'zero_churn_retention', show: share((r) => r.zero_churn_retention) },
  { label: 'Churn rate (lost from start / start)', field: 'churn_rate', show: share((r) => r.churn_rate) },
];

/** The identity with the row's numbers, and whether it holds. */
function identity(r: ReconciliationRow): SafeHtml {
  const { customers_start: s, acquired: a, reactivated: re, lost: l, customers_end: e } = r;
  if (s === null || a === null || re === null || l === null || e === null) return html`${NA}`;
  const holds = s + a + re - l === e;
  return html`<span class="identity ${holds ? 'good' : 'bad'}">${formatCount(s)} + ${formatCount(a)} + ${formatCount(re)} − ${formatCount(l)} = ${formatCount(e)} ${holds ? '✓' : '✗ does not hold'}</span>`;
}

function periodHeader(r: ReconciliationRow): SafeHtml {
  const span = `${formatDay(r.period_start)} – ${formatDay(r.period_end)}`;
  return html`<th class="num">${PERIOD_NAMES[r.period_type]}<br><span class="muted">${r.period_label}: ${span}${r.is_complete ? '' : ' (partial)'}</span></th>`;
}

function sheet(periods: readonly ReconciliationRow[]): SafeHtml {
  const cells = (line: Line): HtmlValue =>
    periods.map((p) => html`<td class="num" data-period="${p.period_type}" data-field="${line.field}">${line.show(p)}</td>`);
  return html`<table class="data sheet"><thead><tr><th class="text">All segments</th>${periods.map(periodHeader)}</tr></thead><tbody>
${LINES.slice(0, 5).map((line) => html`<tr${line.className ? html` class="${line.className}"` : ''}><th class="text" scope="row">${line.label}</th>${cells(line)}</tr>`)}
<tr class="identity-row"><th class="text" scope="row">Check: start + acquired + reactivated − lost = end</th>${periods.map((p) => html`<td class="num" data-period="${p.period_type}" data-field="identity">${identity(p)}</td>`)}</tr>
${LINES.slice(5).map((line) => html`<tr><th class="text" scope="row">${line.label}</th>${cells(line)}</tr>`)}
</tbody></table>`;
}

function bySegment(rows: readonly ReconciliationRow[]): SafeHtml {
  const ordered = [...rows.filter((r) => r.segment !== 'all'), ...rows.filter((r) => r.segment === 'all')];
  return dataTable(
    ordered,
    [
      { header: 'Segment', cell: (r) => (r.segment === 'all' ? 'All segments' : r.segment), numeric: false },
      { header: 'Start', cell: (r) => formatCount(r.customers_start), field: 'customers_start' },
      { header: '+ Acquired', cell: (r) => formatCount(r.acquired), field: 'acquired' },
      { header: '+ Reactivated', cell: (r) => formatCount(r.reactivated), field: 'reactivated' },
      { header: '− Lost', cell: (r) => formatCount(r.lost), field: 'lost' },
      { header: '= End', cell: (r) => formatCount(r.customers_end), field: 'customers_end' },
      { header: 'Retention rate', cell: (r) => formatShare(r.retention_rate), field: 'retention_rate' },
      { header: 'Churn rate', cell: (r) => formatShare(r.churn_rate), field: 'churn_rate' },
    ],
    (r) => ({ className: r.segment === 'all' ? 'total' : undefined, key: r.segment }),
  );
}

/** The sheet (segment all) and the month by segment. */
function reconciliationSection(rows: readonly ReconciliationRow[], ctx: ReportContext): SafeHtml {
  const { reportMonth } = ctx.period;
  const order = ['month', 'quarter', 'year'];
  const all = rows.filter((r) => r.segment === 'all').sort((a, b) => order.indexOf(a.period_type) - order.indexOf(b.period_type));
  const month = rows.filter((r) => r.period_type === 'month');
  const definition =
    'A customer is active on a day when acquired by then and with a completed order in the churn window (default 180 days) up to that day, or a contract covering it. ' +
    'Reactivated = acquired earlier, not active at the start, active again in the period; lost = counted at the start, acquired or reactivated, and not active at the end.';
  return section('reconciliation', 'Customer reconciliation', [
    figure('reconciliation-sheet', 'Reconciliation sheet: month, quarter and year to date', all.length ? sheet(all) : noRows('reconciliation rows'), {
      shows: `How the active customer base moved in ${formatMonth(reportMonth)}, in the calendar quarter and in the calendar year that contain it. A period still running ends on the export date and is marked partial.`,
      computed: `${definition} The identity holds on every published row (a quality gate stops the night otherwise); it is recomputed here from the shown numbers.`,
      sources: [{ table: 'kpi_customer_reconciliation', rows: `segment all; period_start ${reportMonth} (month), ${all.find((r) => r.period_type === 'quarter')?.period_start ?? NA} (quarter), ${all.find((r) => r.period_type === 'year')?.period_start ?? NA} (year)` }],
    }),
    figure('reconciliation-segments', `Reconciliation by segment, ${formatMonth(reportMonth)}`, month.length ? bySegment(month) : noRows('reconciliation rows'), {
      shows: 'The month’s sheet for each business segment; the segments add up to the all-segments row (a customer counts in their current segment).',
      computed: definition,
      sources: [{ table: 'kpi_customer_reconciliation', rows: `period_type month, period_start ${reportMonth}, every segment` }],
    }),
  ]);
}

export { reconciliationSection };
