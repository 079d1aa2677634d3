/**
 * The cohort triangle, twice: the share of each cohort's customers who
 * bought in each month since acquisition, and the cohort's revenue against
 * its first month. One cell per published row of kpi_cohort_retention.
 */
import { heatmap } from '../charts/heatmap.js';
import type { HeatCell, HeatRow } from '../charts/heatmap.js';
import { formatCount, formatMoney, formatMonthShort, formatShare, NA } from '../format.js';
import type { SafeHtml } from '../html.js';
import type { CohortRow } from '../report-rows.js';
import { figure, noRows, section } from './figure.js';
import type { ReportContext } from './figure.js';

type Measure = 'customers' | 'revenue';

function percent(value: number | null): string {
  return value === null ? NA : `${Math.round(value * 100)}%`;
}

/**
 * A partial month's cell is no rate yet (a cohort seen for one day of a
 * month is not 0% retained): it shows '–', takes no colour, and its
 * counts so far are in its title.
 */
function cell(row: CohortRow, measure: Measure, currency: string): HeatCell {
  const rate = measure === 'customers' ? row.retention_rate : row.revenue_retention;
  const value = row.is_complete ? rate : null;
  const partial = row.is_complete ? '' : ' (partial month)';
  const title =
    `Cohort ${formatMonthShort(row.cohort_month)} (${formatCount(row.cohort_size)} customers), ` +
    `month ${row.months_since_acquisition} = ${formatMonthShort(row.activity_month)}${partial}: ` +
    `${formatCount(row.active_customers)} active = ${formatShare(row.retention_rate)}; ` +
    `revenue ${formatMoney(row.revenue, currency)} = ${formatShare(row.revenue_retention)} of month 0; ` +
    `cumulative revenue per member ${formatMoney(row.cumulative_revenue_per_member, currency)}`;
  return {
    column: row.months_since_acquisition,
    value,
    text: row.is_complete ? percent(value) : NA,
    title,
    partial: !row.is_complete,
    data: {
      cohort: row.cohort_month,
      months: row.months_since_acquisition,
      active: row.active_customers ?? '',
      size: row.cohort_size ?? '',
      revenue: row.revenue ?? '',
    },
  };
}

function heatRows(rows: readonly CohortRow[], measure: Measure, currency: string): HeatRow[] {
  const cohorts = new Map<string, CohortRow[]>();
  for (const row of rows) cohorts.set(row.cohort_month, [...(cohorts.get(row.cohort_month) ?? []), row]);
  return [...cohorts].map(([month, cells]) => ({
    label: formatMonthShort(month),
    note: `n=${formatCount(cells[0]?.cohort_size ?? null)}`,
    cells: cells.map((c) => cell(c, measure, currency)),
  }));
}

function cohortFigure(rows: readonly CohortRow[], measure: Measure, ctx: ReportContext): SafeHtml {
  const columns = Math.max(0, ...rows.map((r) => r.months_since_acquisition + 1));
  const { windowStart } = ctx.period;
  const body = rows.length
    ? heatmap({
        id: `cohort-${measure}`,
        ariaLabel: measure === 'customers' ? 'Cohort retention, customers' : 'Cohort retention, revenue',
        columns,
        columnTitle: 'months since acquisition →',
        rows: heatRows(rows, measure, ctx.currency),
      })
    : noRows('cohort rows');
  const source = {
    table: 'kpi_cohort_retention',
    rows: `cohort_month from ${windowStart}: ${rows.length} rows, one cell each`,
  };
  return measure === 'customers'
    ? figure('cohort-customers', 'Cohort retention: customers', body, {
        shows:
          'Each row is an acquisition cohort (customers acquired that month, n = cohort size); each column a month since acquisition (0 = the acquisition month). ' +
          'A cell is the share of the cohort that bought in that month; darker is higher. Hatched, dashed cells are the partial month: no rate yet (–), their counts so far on hover.',
        computed:
          'retention_rate = active_customers / cohort_size, active = cohort members with a completed order in the month. ' +
          'Cohort = month of acquired_at, else of the first completed order. Hover a cell for its counts and revenue.',
        sources: [source],
      })
    : figure('cohort-revenue', 'Cohort retention: revenue', body, {
        shows:
          'The same cohorts and months; a cell is the cohort’s revenue in that month as a share of its revenue in month 0 (colour capped at 100%; – where month 0 had no revenue, and in the partial month).',
        computed:
          'revenue_retention = revenue of the month / revenue of month 0, revenue = non-cancelled orders, refunds negative. ' +
          'Hover a cell for the revenue in money and the cumulative revenue per member.',
        sources: [source],
      });
}

/** Both heatmaps as one section. */
function cohortSection(rows: readonly CohortRow[], ctx: ReportContext): SafeHtml {
  return section('cohorts', 'Cohort retention', [
    cohortFigure(rows, 'customers', ctx),
    cohortFigure(rows, 'revenue', ctx),
  ]);
}

export { cohortSection };
