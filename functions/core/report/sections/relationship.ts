/**
 * Return on relationship by segment: what the existing customer base
 * brought in beyond the previous period, per unit of retention spend, for
 * the report month and the latest complete quarter.
 */
import { barChart } from '../charts/bar-chart.js';
import { COLORS } from '../charts/colors.js';
import { formatCount, formatDay, formatDecimal, formatMoney, formatMultiple } from '../format.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import type { RelationshipRow } from '../report-rows.js';
import { dataTable, figure, noRows, section } from './figure.js';
import type { ReportContext } from './figure.js';

const segmentName = (s: string): string => (s === 'all' ? 'All segments' : s);

function bySegment(rows: readonly RelationshipRow[]): RelationshipRow[] {
  return [
    ...rows.filter((r) => r.segment !== 'all').sort((a, b) => a.segment.localeCompare(b.segment)),
    ...rows.filter((r) => r.segment === 'all'),
  ];
}

function table(rows: readonly RelationshipRow[], ctx: ReportContext): SafeHtml {
  const money = (v: string | null): string => formatMoney(v, ctx.currency);
  return dataTable(
    bySegment(rows),
    [
      { header: 'Segment', cell: (r) => segmentName(r.segment), numeric: false },
      { header: 'Base customers', cell: (r) => formatCount(r.base_customers), field: 'base_customers' },
      { header: 'Revenue', cell: (r) => money(r.revenue), field: 'revenue' },
      { header: 'Previous period', cell: (r) => money(r.previous_revenue), field: 'previous_revenue' },
      { header: 'Incremental revenue', cell: (r) => money(r.incremental_revenue), field: 'incremental_revenue' },
      { header: 'Incremental profit', cell: (r) => money(r.incremental_profit), field: 'incremental_profit' },
      { header: 'Retention spend', cell: (r) => money(r.retention_spend), field: 'retention_spend' },
      { header: 'RoR revenue', cell: (r) => formatMultiple(r.ror_revenue), field: 'ror_revenue' },
      { header: 'RoR profit', cell: (r) => formatMultiple(r.ror_profit), field: 'ror_profit' },
    ],
    (r) => ({ className: r.segment === 'all' ? 'total' : undefined, key: `${r.period_type}:${r.segment}` }),
  );
}

function chart(rows: readonly RelationshipRow[]): SafeHtml {
  return barChart({
    ariaLabel: 'Return on relationship by segment',
    formatTick: (t) => `${formatDecimal(t, 0)}×`,
    rows: bySegment(rows).map((r) => ({
      label: segmentName(r.segment),
      emphasis: r.segment === 'all',
      bars: [
        {
          value: r.ror_revenue,
          color: r.ror_revenue !== null && r.ror_revenue < 0 ? COLORS.bad : COLORS.primary,
          text: formatMultiple(r.ror_revenue),
          title: `${segmentName(r.segment)}: incremental revenue / retention spend = ${formatMultiple(r.ror_revenue)}`,
        },
      ],
    })),
  });
}

function periodTitle(rows: readonly RelationshipRow[], name: string): string {
  const r = rows[0];
  return r ? `${name} ${r.period_label} (${formatDay(r.period_start)} – ${formatDay(r.period_end)})` : name;
}

/** Month chart and table, then the latest complete quarter. */
function relationshipSection(rows: readonly RelationshipRow[], ctx: ReportContext): SafeHtml {
  const month = rows.filter((r) => r.period_type === 'month');
  const quarter = rows.filter((r) => r.period_type === 'quarter');
  const computed =
    'Existing base = customers acquired before the start of the previous period. Incremental revenue = the base’s revenue in the period − in the previous period (incremental profit likewise on gross profit); ' +
    'retention spend = marketing spend with purpose retention in the period (a segment counts only spend aimed at it). RoR = incremental / retention spend, shown as a multiple; – where there was no retention spend.';
  return section('relationship', 'Return on relationship by segment', [
    figure('ror-month', periodTitle(month, 'Month'), month.length ? html`${chart(month)}${table(month, ctx)}` : noRows('return-on-relationship rows'), {
      shows: 'Per segment, what each unit of retention spend returned in revenue from the existing base beyond the previous month (bars; red when the base bought less than the month before).',
      computed,
      sources: [{ table: 'kpi_return_on_relationship', rows: `period_type month, period_start ${ctx.period.reportMonth}, every segment` }],
    }),
    figure('ror-quarter', periodTitle(quarter, 'Latest complete quarter'), quarter.length ? table(quarter, ctx) : noRows('quarterly return-on-relationship rows'), {
      shows: 'The same for the latest complete calendar quarter (a quarter still running would be compared with a whole previous quarter, so it is left out).',
      computed,
      sources: [{ table: 'kpi_return_on_relationship', rows: `period_type quarter, period_start ${ctx.period.lastQuarter}, every segment` }],
    }),
  ]);
}

export { relationshipSection };
